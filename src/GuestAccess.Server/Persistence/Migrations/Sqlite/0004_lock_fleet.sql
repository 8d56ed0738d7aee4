-- 0004_lock_fleet: the lock fleet's desired state, broker credentials and outbox (SQLite).
-- Same conventions as 0001. Never edit this file once shipped.

-- Per-lock broker password: only a salted PBKDF2-SHA512 hash in Mosquitto 2.0's $7$ format.
CREATE TABLE lock_broker_credentials (
    lock_id TEXT NOT NULL CONSTRAINT pk_lock_broker_credentials PRIMARY KEY,
    password_hash TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    CONSTRAINT fk_lock_broker_credentials_lock_controllers_lock_id FOREIGN KEY (lock_id) REFERENCES lock_controllers (id) ON DELETE CASCADE
);

-- What the fleet keeps per lock besides lock_controllers: desired lockdown, delta floor, reports.
CREATE TABLE lock_sync_states (
    lock_id TEXT NOT NULL CONSTRAINT pk_lock_sync_states PRIMARY KEY,
    lockdown INTEGER NOT NULL,
    lockdown_reason TEXT NULL,
    delta_floor INTEGER NOT NULL,
    reported_lockdown INTEGER NOT NULL,
    reported_last_event_seq INTEGER NULL,
    reported_pending_events INTEGER NULL,
    confirmed_up_to INTEGER NOT NULL,
    CONSTRAINT fk_lock_sync_states_lock_controllers_lock_id FOREIGN KEY (lock_id) REFERENCES lock_controllers (id) ON DELETE CASCADE
);
INSERT INTO lock_sync_states (lock_id, lockdown, lockdown_reason, delta_floor, reported_lockdown, reported_last_event_seq, reported_pending_events, confirmed_up_to)
SELECT id, 0, NULL, 0, 0, NULL, NULL, 0 FROM lock_controllers;

-- The desired credential set of each lock, versioned: present at v when added_version <= v and
-- not removed_version <= v. PIN entries carry salt + HMAC (never the PIN); mobile keys are
-- tracked only so that revoking one reaches every lock it opens.
CREATE TABLE lock_credential_entries (
    lock_id TEXT NOT NULL,
    credential_id TEXT NOT NULL,
    grant_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    salt BLOB NULL,
    hash BLOB NULL,
    not_before INTEGER NOT NULL,
    not_after INTEGER NOT NULL,
    schedule TEXT NULL,
    added_version INTEGER NOT NULL,
    removed_version INTEGER NULL,
    CONSTRAINT pk_lock_credential_entries PRIMARY KEY (lock_id, credential_id),
    CONSTRAINT fk_lock_credential_entries_lock_controllers_lock_id FOREIGN KEY (lock_id) REFERENCES lock_controllers (id) ON DELETE CASCADE,
    CONSTRAINT fk_lock_credential_entries_access_grants_grant_id FOREIGN KEY (grant_id) REFERENCES access_grants (id) ON DELETE CASCADE
);
CREATE INDEX ix_lock_credential_entries_grant_id ON lock_credential_entries (grant_id);
CREATE INDEX ix_lock_credential_entries_lock_id_removed_version ON lock_credential_entries (lock_id, removed_version);

CREATE TABLE lock_revocation_entries (
    lock_id TEXT NOT NULL,
    credential_id TEXT NOT NULL,
    until INTEGER NOT NULL,
    added_version INTEGER NOT NULL,
    CONSTRAINT pk_lock_revocation_entries PRIMARY KEY (lock_id, credential_id),
    CONSTRAINT fk_lock_revocation_entries_lock_controllers_lock_id FOREIGN KEY (lock_id) REFERENCES lock_controllers (id) ON DELETE CASCADE
);
CREATE INDEX ix_lock_revocation_entries_lock_id_added_version ON lock_revocation_entries (lock_id, added_version);

-- The transactional outbox: written with the change, completed when the lock answers.
CREATE TABLE lock_outbox (
    id INTEGER NOT NULL CONSTRAINT pk_lock_outbox PRIMARY KEY AUTOINCREMENT,
    lock_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    target_version INTEGER NULL,
    reason TEXT NULL,
    duration_seconds INTEGER NULL,
    actor_id TEXT NULL,
    trace_parent TEXT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NULL,
    command_id TEXT NULL,
    attempts INTEGER NOT NULL,
    last_attempt_at INTEGER NULL,
    completed_at INTEGER NULL,
    outcome TEXT NULL,
    failure_reason TEXT NULL,
    CONSTRAINT fk_lock_outbox_lock_controllers_lock_id FOREIGN KEY (lock_id) REFERENCES lock_controllers (id) ON DELETE CASCADE
);
CREATE INDEX ix_lock_outbox_lock_id_completed_at ON lock_outbox (lock_id, completed_at);
CREATE INDEX ix_lock_outbox_command_id ON lock_outbox (command_id);
