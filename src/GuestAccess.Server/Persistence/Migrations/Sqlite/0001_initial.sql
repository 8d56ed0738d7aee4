-- 0001_initial: the first GuestAccess schema (SQLite).
-- Conventions: snake_case names; ids are TEXT GUIDs; instants are INTEGER microseconds since
-- the Unix epoch in UTC; durations are INTEGER milliseconds; enums are stored by name;
-- every aggregate has a "version" concurrency token.
-- Never edit this file once shipped: add 0002_… instead (the runner checks a checksum).

-- Sites, their hours, doors and rooms --------------------------------------------------------

CREATE TABLE sites (
    id TEXT NOT NULL CONSTRAINT pk_sites PRIMARY KEY,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    time_zone_id TEXT NOT NULL,
    address_street TEXT NULL,
    address_postal_code TEXT NULL,
    address_city TEXT NULL,
    latitude REAL NULL,
    longitude REAL NULL,
    minimum_age INTEGER NOT NULL CHECK (minimum_age BETWEEN 0 AND 18),
    holiday_closures INTEGER NOT NULL,
    policy_max_active_bookings_per_citizen INTEGER NOT NULL,
    policy_key_grace_before INTEGER NOT NULL,
    policy_key_grace_after INTEGER NOT NULL,
    version INTEGER NOT NULL
);
CREATE UNIQUE INDEX ix_sites_slug ON sites (slug);

CREATE TABLE site_weekly_hours (
    site_id TEXT NOT NULL,
    day TEXT NOT NULL,
    start TEXT NOT NULL,
    "end" TEXT NOT NULL,
    kind TEXT NOT NULL,
    CONSTRAINT pk_site_weekly_hours PRIMARY KEY (site_id, day, start),
    CONSTRAINT fk_site_weekly_hours_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
);

CREATE TABLE site_exception_days (
    site_id TEXT NOT NULL,
    date TEXT NOT NULL,
    name TEXT NOT NULL,
    CONSTRAINT pk_site_exception_days PRIMARY KEY (site_id, date),
    CONSTRAINT fk_site_exception_days_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
);

CREATE TABLE site_exception_periods (
    site_id TEXT NOT NULL,
    date TEXT NOT NULL,
    start TEXT NOT NULL,
    "end" TEXT NOT NULL,
    kind TEXT NOT NULL,
    CONSTRAINT pk_site_exception_periods PRIMARY KEY (site_id, date, start),
    CONSTRAINT fk_site_exception_periods_site_exception_days_site_id_date FOREIGN KEY (site_id, date)
        REFERENCES site_exception_days (site_id, date) ON DELETE CASCADE
);

CREATE TABLE doors (
    id TEXT NOT NULL CONSTRAINT pk_doors PRIMARY KEY,
    site_id TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    version INTEGER NOT NULL,
    CONSTRAINT fk_doors_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX ix_doors_slug ON doors (slug);
CREATE INDEX ix_doors_site_id ON doors (site_id);

CREATE TABLE rooms (
    id TEXT NOT NULL CONSTRAINT pk_rooms PRIMARY KEY,
    site_id TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity >= 1),
    equipment INTEGER NOT NULL,
    rules_min_duration INTEGER NOT NULL,
    rules_max_duration INTEGER NOT NULL,
    rules_slot_granularity INTEGER NOT NULL,
    rules_min_notice INTEGER NOT NULL,
    rules_max_horizon INTEGER NOT NULL,
    rules_bookable_hours TEXT NOT NULL,
    version INTEGER NOT NULL,
    CONSTRAINT fk_rooms_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX ix_rooms_slug ON rooms (slug);
CREATE INDEX ix_rooms_site_id ON rooms (site_id);

CREATE TABLE room_doors (
    room_id TEXT NOT NULL,
    door_id TEXT NOT NULL,
    CONSTRAINT pk_room_doors PRIMARY KEY (room_id, door_id),
    CONSTRAINT fk_room_doors_rooms_room_id FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
    CONSTRAINT fk_room_doors_doors_door_id FOREIGN KEY (door_id) REFERENCES doors (id) ON DELETE RESTRICT
);
CREATE INDEX ix_room_doors_door_id ON room_doors (door_id);

CREATE TABLE lock_controllers (
    id TEXT NOT NULL CONSTRAINT pk_lock_controllers PRIMARY KEY,
    site_id TEXT NOT NULL,
    door_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    lifecycle TEXT NOT NULL,
    connectivity TEXT NOT NULL,
    last_seen_at INTEGER NULL,
    battery_percent INTEGER NULL,
    firmware_version TEXT NULL,
    desired_version INTEGER NOT NULL,
    applied_version INTEGER NOT NULL,
    clock_skew INTEGER NULL,
    version INTEGER NOT NULL,
    CONSTRAINT fk_lock_controllers_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT,
    CONSTRAINT fk_lock_controllers_doors_door_id FOREIGN KEY (door_id) REFERENCES doors (id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX ix_lock_controllers_device_id ON lock_controllers (device_id);
CREATE UNIQUE INDEX ix_lock_controllers_door_id ON lock_controllers (door_id);
CREATE INDEX ix_lock_controllers_site_id ON lock_controllers (site_id);

-- People: ASP.NET Core Identity's user store, and site-scoped roles ---------------------------

CREATE TABLE users (
    id TEXT NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    display_name TEXT NOT NULL,
    date_of_birth TEXT NULL,
    created_at INTEGER NOT NULL,
    user_name TEXT NULL,
    normalized_user_name TEXT NULL,
    email TEXT NULL,
    normalized_email TEXT NULL,
    email_confirmed INTEGER NOT NULL,
    password_hash TEXT NULL,
    security_stamp TEXT NULL,
    concurrency_stamp TEXT NULL,
    phone_number TEXT NULL,
    phone_number_confirmed INTEGER NOT NULL,
    two_factor_enabled INTEGER NOT NULL,
    lockout_end INTEGER NULL,
    lockout_enabled INTEGER NOT NULL,
    access_failed_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX user_name_index ON users (normalized_user_name);
CREATE INDEX email_index ON users (normalized_email);

CREATE TABLE user_claims (
    id INTEGER NOT NULL CONSTRAINT pk_user_claims PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL,
    claim_type TEXT NULL,
    claim_value TEXT NULL,
    CONSTRAINT fk_user_claims_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_user_claims_user_id ON user_claims (user_id);

CREATE TABLE user_logins (
    login_provider TEXT NOT NULL,
    provider_key TEXT NOT NULL,
    provider_display_name TEXT NULL,
    user_id TEXT NOT NULL,
    CONSTRAINT pk_user_logins PRIMARY KEY (login_provider, provider_key),
    CONSTRAINT fk_user_logins_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_user_logins_user_id ON user_logins (user_id);

CREATE TABLE user_tokens (
    user_id TEXT NOT NULL,
    login_provider TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NULL,
    CONSTRAINT pk_user_tokens PRIMARY KEY (user_id, login_provider, name),
    CONSTRAINT fk_user_tokens_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE role_assignments (
    id TEXT NOT NULL CONSTRAINT pk_role_assignments PRIMARY KEY,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL,
    site_id TEXT NULL,
    CONSTRAINT fk_role_assignments_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_role_assignments_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX ix_role_assignments_user_id_role_site_id ON role_assignments (user_id, role, site_id);
CREATE INDEX ix_role_assignments_site_id ON role_assignments (site_id);

-- Bookings, grants (digital keys), guests and credentials --------------------------------------

CREATE TABLE bookings (
    id TEXT NOT NULL CONSTRAINT pk_bookings PRIMARY KEY,
    site_id TEXT NOT NULL,
    room_id TEXT NOT NULL,
    citizen_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    attendees INTEGER NOT NULL CHECK (attendees >= 1),
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    cancelled_at INTEGER NULL,
    grant_id TEXT NULL,
    idempotency_key TEXT NULL,
    version INTEGER NOT NULL,
    CHECK ("end" > start),
    CONSTRAINT fk_bookings_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT,
    CONSTRAINT fk_bookings_rooms_room_id FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE RESTRICT,
    CONSTRAINT fk_bookings_users_citizen_id FOREIGN KEY (citizen_id) REFERENCES users (id) ON DELETE RESTRICT
);
CREATE INDEX ix_bookings_site_id ON bookings (site_id);
CREATE INDEX ix_bookings_room_id_start ON bookings (room_id, start);
CREATE INDEX ix_bookings_citizen_id_status ON bookings (citizen_id, status);
CREATE UNIQUE INDEX ix_bookings_citizen_id_idempotency_key ON bookings (citizen_id, idempotency_key);

CREATE TABLE access_grants (
    id TEXT NOT NULL CONSTRAINT pk_access_grants PRIMARY KEY,
    site_id TEXT NOT NULL,
    holder_kind TEXT NOT NULL,
    holder_id TEXT NOT NULL,
    valid_from INTEGER NOT NULL,
    valid_until INTEGER NOT NULL,
    schedule TEXT NULL,
    origin TEXT NOT NULL,
    booking_id TEXT NULL,
    issued_by TEXT NOT NULL,
    reason TEXT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER NULL,
    revoked_by TEXT NULL,
    revoke_reason TEXT NULL,
    version INTEGER NOT NULL,
    CHECK (valid_until > valid_from),
    CONSTRAINT fk_access_grants_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT
);
CREATE INDEX ix_access_grants_holder_kind_holder_id ON access_grants (holder_kind, holder_id);
CREATE INDEX ix_access_grants_site_id_status ON access_grants (site_id, status);
CREATE INDEX ix_access_grants_booking_id ON access_grants (booking_id);

CREATE TABLE grant_doors (
    grant_id TEXT NOT NULL,
    door_id TEXT NOT NULL,
    state TEXT NOT NULL,
    failure_reason TEXT NULL,
    target_version INTEGER NULL,
    updated_at INTEGER NULL,
    CONSTRAINT pk_grant_doors PRIMARY KEY (grant_id, door_id),
    CONSTRAINT fk_grant_doors_access_grants_grant_id FOREIGN KEY (grant_id) REFERENCES access_grants (id) ON DELETE CASCADE,
    CONSTRAINT fk_grant_doors_doors_door_id FOREIGN KEY (door_id) REFERENCES doors (id) ON DELETE RESTRICT
);
CREATE INDEX ix_grant_doors_door_id_state ON grant_doors (door_id, state);

CREATE TABLE guests (
    id TEXT NOT NULL CONSTRAINT pk_guests PRIMARY KEY,
    site_id TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NULL,
    email TEXT NULL,
    organisation TEXT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    anonymised_at INTEGER NULL,
    CONSTRAINT fk_guests_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT
);
CREATE INDEX ix_guests_site_id ON guests (site_id);

CREATE TABLE credentials (
    id TEXT NOT NULL CONSTRAINT pk_credentials PRIMARY KEY,
    grant_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    salt BLOB NOT NULL,
    hash BLOB NOT NULL,
    issued_at INTEGER NOT NULL,
    ended_at INTEGER NULL,
    CONSTRAINT fk_credentials_access_grants_grant_id FOREIGN KEY (grant_id) REFERENCES access_grants (id) ON DELETE CASCADE
);
CREATE INDEX ix_credentials_grant_id_status ON credentials (grant_id, status);

-- What locks report -----------------------------------------------------------------------------

CREATE TABLE entry_events (
    id INTEGER NOT NULL CONSTRAINT pk_entry_events PRIMARY KEY AUTOINCREMENT,
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
    CONSTRAINT fk_entry_events_lock_controllers_lock_id FOREIGN KEY (lock_id) REFERENCES lock_controllers (id) ON DELETE RESTRICT
);
-- Ingestion is idempotent on (lock, sequence).
CREATE UNIQUE INDEX ix_entry_events_lock_id_sequence ON entry_events (lock_id, sequence);
CREATE INDEX ix_entry_events_site_id_occurred_at ON entry_events (site_id, occurred_at);
CREATE INDEX ix_entry_events_door_id_occurred_at ON entry_events (door_id, occurred_at);
CREATE INDEX ix_entry_events_grant_id ON entry_events (grant_id);

-- The audit log (no foreign keys: it must outlive what it mentions) ---------------------------

CREATE TABLE audit_records (
    sequence INTEGER NOT NULL CONSTRAINT pk_audit_records PRIMARY KEY,
    recorded_at INTEGER NOT NULL,
    category TEXT NOT NULL,
    action TEXT NOT NULL,
    actor_id TEXT NULL,
    site_id TEXT NULL,
    door_id TEXT NULL,
    subject TEXT NULL,
    outcome TEXT NULL,
    data TEXT NULL,
    personal_data_id TEXT NULL,
    previous_hash BLOB NOT NULL,
    hash BLOB NOT NULL
);
CREATE INDEX ix_audit_records_site_id_recorded_at ON audit_records (site_id, recorded_at);
CREATE INDEX ix_audit_records_category_recorded_at ON audit_records (category, recorded_at);
CREATE INDEX ix_audit_records_personal_data_id ON audit_records (personal_data_id);

CREATE TABLE audit_personal_data (
    id TEXT NOT NULL CONSTRAINT pk_audit_personal_data PRIMARY KEY,
    salt BLOB NULL,
    data TEXT NULL,
    delete_after INTEGER NOT NULL,
    deleted_at INTEGER NULL
);
CREATE INDEX ix_audit_personal_data_delete_after ON audit_personal_data (delete_after);
