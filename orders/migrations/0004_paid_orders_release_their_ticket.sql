DROP INDEX "orders_one_active_per_ticket_idx";--> statement-breakpoint
CREATE INDEX "orders_ticket_idx" ON "orders" USING btree ("ticket_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_one_active_per_ticket_idx" ON "orders" USING btree ("ticket_id") WHERE "orders"."status" IN ('created');