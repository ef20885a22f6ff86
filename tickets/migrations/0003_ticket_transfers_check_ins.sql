CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"from_user_id" text NOT NULL,
	"to_user_id" text NOT NULL,
	"order_id" uuid NOT NULL,
	"price_cents" integer NOT NULL,
	"transferred_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfers_order_id_unique" UNIQUE("order_id")
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "held_for_user_id" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "held_price_cents" integer;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "credential_generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "checked_in_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transfers_from_user_idx" ON "transfers" USING btree ("from_user_id","transferred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tickets_event_check_in_idx" ON "tickets" USING btree ("event_id","checked_in_at");