-- Every change to what the public listings show announces itself once per statement, after commit,
-- so each replica's cache of listed pages drops them (LISTEN listings_changed).
CREATE FUNCTION notify_listings_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('listings_changed', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_listings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "tickets"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_listings_changed();
--> statement-breakpoint
CREATE TRIGGER events_listings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "events"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_listings_changed();
