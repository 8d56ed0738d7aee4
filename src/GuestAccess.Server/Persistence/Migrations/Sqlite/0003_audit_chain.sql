-- 0003_audit_chain: the tamper-evident audit log and durable entry ingestion (SQLite).
-- Version 1 shipped these tables without any code writing them, so they can hold no rows that
-- belong to a verifiable chain. The guard below makes sure of that (the migration fails with
-- "CHECK constraint failed: version_1_audit_and_entry_tables_must_be_empty" otherwise), then the
-- tables are rebuilt in their final shape:
--  * audit_records gains the encoding format and the digest of the personal part;
--  * audit_personal_data is keyed by the record it belongs to and carries the holder pseudonym;
--  * entry_events is keyed by its audit record (one row per record, in arrival order);
--  * audit_checkpoints holds the signed chain heads.
-- The write path uses raw SQL (one prepared command per table); docs/audit.md has the details.

CREATE TEMP TABLE migration_0003_guard (
    rows_in_version_1_tables INTEGER NOT NULL
        CONSTRAINT version_1_audit_and_entry_tables_must_be_empty CHECK (rows_in_version_1_tables = 0)
);
INSERT INTO migration_0003_guard
SELECT (SELECT COUNT(*) FROM audit_records) + (SELECT COUNT(*) FROM audit_personal_data) + (SELECT COUNT(*) FROM entry_events);
DROP TABLE migration_0003_guard;

DROP TABLE audit_personal_data;
DROP TABLE audit_records;
DROP TABLE entry_events;

-- The chain. No foreign keys: the log must outlive whatever it mentions. recorded_at never
-- decreases along the sequence, so a time interval maps to a sequence range.
CREATE TABLE audit_records (
    sequence INTEGER NOT NULL CONSTRAINT pk_audit_records PRIMARY KEY,
    format INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    category TEXT NOT NULL,
    action TEXT NOT NULL,
    actor_id TEXT NULL,
    site_id TEXT NULL,
    door_id TEXT NULL,
    subject TEXT NULL,
    outcome TEXT NULL,
    data TEXT NULL,
    personal_digest BLOB NULL,
    previous_hash BLOB NOT NULL,
    hash BLOB NOT NULL
);
CREATE INDEX ix_audit_records_recorded_at ON audit_records (recorded_at);
CREATE INDEX ix_audit_records_site_id ON audit_records (site_id);
CREATE INDEX ix_audit_records_category ON audit_records (category);

-- Personal parts, deleted (salt, holder, data) by retention after delete_after.
CREATE TABLE audit_personal_data (
    sequence INTEGER NOT NULL CONSTRAINT pk_audit_personal_data PRIMARY KEY,
    holder TEXT NULL,
    salt BLOB NULL,
    data TEXT NULL,
    delete_after INTEGER NOT NULL,
    deleted_at INTEGER NULL
);
CREATE INDEX ix_audit_personal_data_holder ON audit_personal_data (holder);
CREATE INDEX ix_audit_personal_data_delete_after ON audit_personal_data (delete_after);

CREATE TABLE audit_checkpoints (
    sequence INTEGER NOT NULL CONSTRAINT pk_audit_checkpoints PRIMARY KEY,
    record_count INTEGER NOT NULL,
    head_hash BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    key_id TEXT NOT NULL,
    token TEXT NOT NULL
);

-- What locks report; ingestion is idempotent on (lock, sequence).
CREATE TABLE entry_events (
    audit_sequence INTEGER NOT NULL CONSTRAINT pk_entry_events PRIMARY KEY,
    lock_id TEXT NOT NULL,
    sequence INTEGER NOT NULL CHECK (sequence >= 1),
    site_id TEXT NOT NULL,
    door_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    outcome TEXT NULL,
    denial_reason TEXT NULL,
    method TEXT NULL,
    credential_id TEXT NULL,
    grant_id TEXT NULL,
    details TEXT NULL,
    CONSTRAINT fk_entry_events_lock_controllers_lock_id FOREIGN KEY (lock_id) REFERENCES lock_controllers (id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX ix_entry_events_lock_id_sequence ON entry_events (lock_id, sequence);
CREATE INDEX ix_entry_events_site_id_occurred_at ON entry_events (site_id, occurred_at);
CREATE INDEX ix_entry_events_door_id_occurred_at ON entry_events (door_id, occurred_at);
CREATE INDEX ix_entry_events_grant_id ON entry_events (grant_id);
