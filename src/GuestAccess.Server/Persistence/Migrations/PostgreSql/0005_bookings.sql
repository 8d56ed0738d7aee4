-- 0005_bookings: what bookings and keys need beyond 0001 (PostgreSQL).
-- Same conventions as 0001. Never edit this file once shipped.

-- An Idempotency-Key is bound to the request it was first used with (room, interval, attendees).
ALTER TABLE bookings ADD COLUMN idempotency_fingerprint character varying(64) NULL;
