-- An order that changes (paid, cancelled) or a ticket of the replica that changes (re-listed,
-- re-priced, resold) may turn a refused purchase of that ticket into one that can succeed: each
-- such row announces its ticket's id after commit, and every replica forgets what it knows of that
-- ticket (LISTEN purchases_changed; an empty payload, from TRUNCATE, means every ticket). A new
-- order or a new ticket never frees one, so inserts stay quiet.
CREATE FUNCTION notify_purchase_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    changed := OLD;
  ELSE
    changed := NEW;
  END IF;
  IF TG_TABLE_NAME = 'orders' THEN
    PERFORM pg_notify('purchases_changed', changed.ticket_id::text);
  ELSE
    PERFORM pg_notify('purchases_changed', changed.id::text);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION notify_purchases_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('purchases_changed', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER orders_purchases_changed AFTER UPDATE OR DELETE ON "orders"
  FOR EACH ROW EXECUTE FUNCTION notify_purchase_changed();
--> statement-breakpoint
CREATE TRIGGER tickets_purchases_changed AFTER UPDATE OR DELETE ON "tickets"
  FOR EACH ROW EXECUTE FUNCTION notify_purchase_changed();
--> statement-breakpoint
CREATE TRIGGER orders_purchases_truncated AFTER TRUNCATE ON "orders"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_purchases_truncated();
--> statement-breakpoint
CREATE TRIGGER tickets_purchases_truncated AFTER TRUNCATE ON "tickets"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_purchases_truncated();
