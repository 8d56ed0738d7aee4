-- 0008_audit_outbox: audit records written in the transaction of the change they record (SQLite).
-- Same conventions as 0001. Never edit this file once shipped.

-- A bookings or keys change inserts its record here, in its own transaction, so the record is
-- committed exactly when the change is; the audit writer then moves it into the chain (numbered,
-- hashed, personal part salted) and deletes the row in one of its transactions. Rows left by a
-- crash are moved at the next start. The personal part (holder, personal fields as JSON) lives
-- here only until then.
CREATE TABLE audit_outbox (
    id INTEGER NOT NULL CONSTRAINT pk_audit_outbox PRIMARY KEY AUTOINCREMENT,
    category TEXT NOT NULL,
    action TEXT NOT NULL,
    actor_id TEXT NULL,
    site_id TEXT NULL,
    door_id TEXT NULL,
    subject TEXT NULL,
    outcome TEXT NULL,
    data TEXT NULL,
    holder TEXT NULL,
    personal TEXT NULL
);
