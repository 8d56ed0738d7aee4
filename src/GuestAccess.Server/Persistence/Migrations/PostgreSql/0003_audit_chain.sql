-- 0003_audit_chain: the tamper-evident audit log and durable entry ingestion (PostgreSQL).
-- Version 1 shipped these tables without any code writing them, so they can hold no rows that
-- belong to a verifiable chain. The guard below makes sure of that (the migration fails with
-- "version_1_audit_and_entry_tables_must_be_empty" otherwise), then the
-- tables are rebuilt in their final shape:
--  * audit_records gains the encoding format and the digest of the personal part;
--  * audit_personal_data is keyed by the record it belongs to and carries the holder pseudonym;
--  * entry_events is keyed by its audit record (one row per record, in arrival order);
--  * audit_checkpoints holds the signed chain heads.
-- The write path uses raw SQL (one prepared command per table); docs/audit.md has the details.

DO $$
BEGIN
    IF (SELECT COUNT(*) FROM audit_records) + (SELECT COUNT(*) FROM audit_personal_data) + (SELECT COUNT(*) FROM entry_events) <> 0 THEN
        RAISE EXCEPTION 'version_1_audit_and_entry_tables_must_be_empty';
    END IF;
END
$$;

DROP TABLE audit_personal_data;
DROP TABLE audit_records;
DROP TABLE entry_events;

-- The chain. No foreign keys: the log must outlive whatever it mentions. recorded_at never
-- decreases along the sequence, so a time interval maps to a sequence range.
CREATE TABLE audit_records (
    sequence bigint NOT NULL CONSTRAINT pk_audit_records PRIMARY KEY,
    format integer NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    category character varying(32) NOT NULL,
    action character varying(64) NOT NULL,
    actor_id uuid NULL,
    site_id uuid NULL,
    door_id uuid NULL,
    subject character varying(100) NULL,
    outcome character varying(64) NULL,
    data character varying(8000) NULL,
    personal_digest bytea NULL,
    previous_hash bytea NOT NULL,
    hash bytea NOT NULL
);
CREATE INDEX ix_audit_records_recorded_at ON audit_records (recorded_at);
CREATE INDEX ix_audit_records_site_id ON audit_records (site_id);
CREATE INDEX ix_audit_records_category ON audit_records (category);

-- Personal parts, deleted (salt, holder, data) by retention after delete_after.
CREATE TABLE audit_personal_data (
    sequence bigint NOT NULL CONSTRAINT pk_audit_personal_data PRIMARY KEY,
    holder character varying(80) NULL,
    salt bytea NULL,
    data character varying(8000) NULL,
    delete_after timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone NULL
);
CREATE INDEX ix_audit_personal_data_holder ON audit_personal_data (holder);
CREATE INDEX ix_audit_personal_data_delete_after ON audit_personal_data (delete_after);

CREATE TABLE audit_checkpoints (
    sequence bigint NOT NULL CONSTRAINT pk_audit_checkpoints PRIMARY KEY,
    record_count bigint NOT NULL,
    head_hash bytea NOT NULL,
    created_at timestamp with time zone NOT NULL,
    key_id character varying(64) NOT NULL,
    token character varying(2000) NOT NULL
);

-- What locks report; ingestion is idempotent on (lock, sequence).
CREATE TABLE entry_events (
    audit_sequence bigint NOT NULL CONSTRAINT pk_entry_events PRIMARY KEY,
    lock_id uuid NOT NULL,
    sequence bigint NOT NULL CHECK (sequence >= 1),
    site_id uuid NOT NULL,
    door_id uuid NOT NULL,
    kind character varying(32) NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone NOT NULL,
    outcome character varying(32) NULL,
    denial_reason character varying(32) NULL,
    method character varying(32) NULL,
    credential_id uuid NULL,
    grant_id uuid NULL,
    details character varying(8000) NULL,
    CONSTRAINT fk_entry_events_lock_controllers_lock_id FOREIGN KEY (lock_id) REFERENCES lock_controllers (id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX ix_entry_events_lock_id_sequence ON entry_events (lock_id, sequence);
CREATE INDEX ix_entry_events_site_id_occurred_at ON entry_events (site_id, occurred_at);
CREATE INDEX ix_entry_events_door_id_occurred_at ON entry_events (door_id, occurred_at);
CREATE INDEX ix_entry_events_grant_id ON entry_events (grant_id);
