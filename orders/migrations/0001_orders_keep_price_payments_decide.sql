ALTER TABLE "orders" DROP CONSTRAINT "orders_status_check";--> statement-breakpoint
DROP INDEX "orders_one_active_per_ticket_idx";--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "price_cents" integer;--> statement-breakpoint
UPDATE "orders" SET "price_cents" = "tickets"."price_cents" FROM "tickets" WHERE "tickets"."id" = "orders"."ticket_id";--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "price_cents" SET NOT NULL;--> statement-breakpoint
UPDATE "orders" SET "status" = 'created' WHERE "status" = 'awaiting:payment';--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "cancel_requested_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_one_active_per_ticket_idx" ON "orders" USING btree ("ticket_id") WHERE "orders"."status" IN ('created', 'complete');--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_cancel_reason_check" CHECK ("orders"."cancel_reason" IN ('expired', 'cancelled'));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_status_check" CHECK ("orders"."status" IN ('created', 'cancelled', 'complete'));