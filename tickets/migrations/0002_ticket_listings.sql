DROP INDEX "tickets_on_sale_idx";--> statement-breakpoint
DROP INDEX "tickets_event_on_sale_idx";--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "face_value_cents" integer;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "section" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "row" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "seat" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "listed" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "tickets_listed_idx" ON "tickets" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tickets"."listed" AND "tickets"."order_id" IS NULL AND NOT "tickets"."sold";--> statement-breakpoint
CREATE INDEX "tickets_event_listed_idx" ON "tickets" USING btree ("event_id","price_cents","id") WHERE "tickets"."listed" AND "tickets"."order_id" IS NULL AND NOT "tickets"."sold";--> statement-breakpoint
CREATE INDEX "tickets_event_listed_newest_idx" ON "tickets" USING btree ("event_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tickets"."listed" AND "tickets"."order_id" IS NULL AND NOT "tickets"."sold";--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_event_seat_idx" ON "tickets" USING btree ("event_id",coalesce("section", ''),coalesce("row", ''),"seat") WHERE "tickets"."seat" IS NOT NULL;