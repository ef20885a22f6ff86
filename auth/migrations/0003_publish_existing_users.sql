-- Users who signed up before auth published events are announced once, as their sign-up would have
-- been: one user.created each, in sign-up order, built as recordEvent builds an envelope. The envelope
-- id is derived from the user (`user.created:<id>`), so a republish is dropped by the stream's
-- duplicate window; it occurred when the user signed up. The relay publishes them at its first start.
INSERT INTO "outbox" ("id", "subject", "envelope")
SELECT
	gen_random_uuid(),
	'user.created',
	jsonb_build_object(
		'id', 'user.created:' || "id"::text,
		'subject', 'user.created',
		'occurredAt', to_char("created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'data', jsonb_build_object('id', "id", 'email', "email")
	)
FROM "users"
ORDER BY "created_at", "id";
