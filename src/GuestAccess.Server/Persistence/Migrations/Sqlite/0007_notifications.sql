-- 0007_notifications: the guests' notification outbox, the development inbox, and an index for
-- the key lifecycle (SQLite). Same conventions as 0001. Never edit this file once shipped.

-- Messages to guests, written in the transaction of the change they tell about. The body is
-- Data Protection ciphertext (it may hold a PIN) and is set to NULL once sent or given up.
CREATE TABLE notifications (
    id TEXT NOT NULL CONSTRAINT pk_notifications PRIMARY KEY,
    site_id TEXT NOT NULL,
    guest_id TEXT NULL,
    grant_id TEXT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    protected_body TEXT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    locked_until INTEGER NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER NULL,
    last_error TEXT NULL,
    version INTEGER NOT NULL,
    CONSTRAINT fk_notifications_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT
);
CREATE INDEX ix_notifications_status_next_attempt_at ON notifications (status, next_attempt_at);
CREATE INDEX ix_notifications_guest_id ON notifications (guest_id);
CREATE INDEX ix_notifications_site_id ON notifications (site_id);

-- What the development inbox received in place of guests' phones and mailboxes (encrypted).
CREATE TABLE dev_inbox_messages (
    id TEXT NOT NULL CONSTRAINT pk_dev_inbox_messages PRIMARY KEY,
    site_id TEXT NOT NULL,
    guest_id TEXT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    protected_body TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    CONSTRAINT fk_dev_inbox_messages_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT
);
CREATE INDEX ix_dev_inbox_messages_site_id_received_at ON dev_inbox_messages (site_id, received_at);
CREATE INDEX ix_dev_inbox_messages_guest_id ON dev_inbox_messages (guest_id);

-- The lifecycle finds active grants whose window has ended.
CREATE INDEX ix_access_grants_status_valid_until ON access_grants (status, valid_until);
