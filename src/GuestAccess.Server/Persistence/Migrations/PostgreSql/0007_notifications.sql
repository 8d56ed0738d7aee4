-- 0007_notifications: the guests' notification outbox, the development inbox, and an index for
-- the key lifecycle (PostgreSQL). Same conventions as 0001. Never edit this file once shipped.

-- Messages to guests, written in the transaction of the change they tell about. The body is
-- Data Protection ciphertext (it may hold a PIN) and is set to NULL once sent or given up.
CREATE TABLE notifications (
    id uuid NOT NULL CONSTRAINT pk_notifications PRIMARY KEY,
    site_id uuid NOT NULL,
    guest_id uuid NULL,
    grant_id uuid NULL,
    channel character varying(32) NOT NULL,
    recipient character varying(254) NOT NULL,
    subject character varying(200) NOT NULL,
    protected_body character varying(16000) NULL,
    status character varying(32) NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    locked_until timestamp with time zone NULL,
    created_at timestamp with time zone NOT NULL,
    sent_at timestamp with time zone NULL,
    last_error character varying(200) NULL,
    version bigint NOT NULL,
    CONSTRAINT fk_notifications_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT
);
CREATE INDEX ix_notifications_status_next_attempt_at ON notifications (status, next_attempt_at);
CREATE INDEX ix_notifications_guest_id ON notifications (guest_id);
CREATE INDEX ix_notifications_site_id ON notifications (site_id);

-- What the development inbox received in place of guests' phones and mailboxes (encrypted).
CREATE TABLE dev_inbox_messages (
    id uuid NOT NULL CONSTRAINT pk_dev_inbox_messages PRIMARY KEY,
    site_id uuid NOT NULL,
    guest_id uuid NULL,
    channel character varying(32) NOT NULL,
    recipient character varying(254) NOT NULL,
    subject character varying(200) NOT NULL,
    protected_body character varying(16000) NOT NULL,
    received_at timestamp with time zone NOT NULL,
    CONSTRAINT fk_dev_inbox_messages_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT
);
CREATE INDEX ix_dev_inbox_messages_site_id_received_at ON dev_inbox_messages (site_id, received_at);
CREATE INDEX ix_dev_inbox_messages_guest_id ON dev_inbox_messages (guest_id);

-- The lifecycle finds active grants whose window has ended.
CREATE INDEX ix_access_grants_status_valid_until ON access_grants (status, valid_until);
