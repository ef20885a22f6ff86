ALTER TABLE "orders" DROP CONSTRAINT "orders_status_check";--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_status_check";--> statement-breakpoint
ALTER TABLE "payments" ALTER COLUMN "stripe_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "cancel_requested_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "close_reason" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "closed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "payment_method_id" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "attempt_started_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refund_reason" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "work_due_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "work_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "orders" SET "status" = CASE
	WHEN EXISTS (SELECT 1 FROM "payments" p WHERE p."order_id" = "orders"."id" AND p."status" = 'succeeded') THEN 'paid'
	WHEN "orders"."status" IN ('created', 'awaiting:payment') THEN 'open'
	WHEN "orders"."status" = 'complete' THEN 'paid'
	ELSE 'closed'
END;--> statement-breakpoint
UPDATE "orders" SET "close_reason" = CASE WHEN "expires_at" <= now() THEN 'expired' ELSE 'cancelled' END, "closed_at" = now() WHERE "status" = 'closed';--> statement-breakpoint
CREATE INDEX "orders_open_expiry_idx" ON "orders" USING btree ("expires_at") WHERE "orders"."status" = 'open';--> statement-breakpoint
CREATE INDEX "payments_work_due_idx" ON "payments" USING btree ("work_due_at") WHERE "payments"."work_due_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_close_reason_check" CHECK ("orders"."close_reason" IN ('expired', 'cancelled'));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_status_check" CHECK ("orders"."status" IN ('open', 'paid', 'closed'));--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_status_check" CHECK ("payments"."status" IN ('confirming', 'requires_payment_method', 'requires_action', 'processing', 'succeeded', 'canceling', 'canceled', 'refunding', 'refunded'));