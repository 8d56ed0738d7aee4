-- 0001_initial: the first GuestAccess schema (PostgreSQL).
-- The twin of Sqlite/0001_initial.sql: the same tables, columns, keys and indexes, with
-- PostgreSQL's types as the EF model maps them (Npgsql): ids are uuid; instants are timestamptz
-- (UTC, microseconds); durations are bigint milliseconds; booleans are boolean; enums are stored
-- by name as varchar(32); text has the model's maximum lengths; every aggregate has a "version"
-- concurrency token. A test proves the migrated schema equals the EF model on both providers.
-- Never edit this file once shipped: add 0002_… instead (the runner checks a checksum).

-- Sites, their hours, doors and rooms --------------------------------------------------------

CREATE TABLE sites (
    id uuid NOT NULL CONSTRAINT pk_sites PRIMARY KEY,
    slug character varying(64) NOT NULL,
    name character varying(200) NOT NULL,
    time_zone_id character varying(64) NOT NULL,
    address_street character varying(200) NULL,
    address_postal_code character varying(16) NULL,
    address_city character varying(100) NULL,
    latitude double precision NULL,
    longitude double precision NULL,
    minimum_age integer NOT NULL CHECK (minimum_age BETWEEN 0 AND 18),
    holiday_closures integer NOT NULL,
    policy_max_active_bookings_per_citizen integer NOT NULL,
    policy_key_grace_before bigint NOT NULL,
    policy_key_grace_after bigint NOT NULL,
    version bigint NOT NULL
);
CREATE UNIQUE INDEX ix_sites_slug ON sites (slug);

CREATE TABLE site_weekly_hours (
    site_id uuid NOT NULL,
    day character varying(32) NOT NULL,
    start time without time zone NOT NULL,
    "end" time without time zone NOT NULL,
    kind character varying(32) NOT NULL,
    CONSTRAINT pk_site_weekly_hours PRIMARY KEY (site_id, day, start),
    CONSTRAINT fk_site_weekly_hours_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
);

CREATE TABLE site_exception_days (
    site_id uuid NOT NULL,
    date date NOT NULL,
    name character varying(100) NOT NULL,
    CONSTRAINT pk_site_exception_days PRIMARY KEY (site_id, date),
    CONSTRAINT fk_site_exception_days_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
);

CREATE TABLE site_exception_periods (
    site_id uuid NOT NULL,
    date date NOT NULL,
    start time without time zone NOT NULL,
    "end" time without time zone NOT NULL,
    kind character varying(32) NOT NULL,
    CONSTRAINT pk_site_exception_periods PRIMARY KEY (site_id, date, start),
    CONSTRAINT fk_site_exception_periods_site_exception_days_site_id_date FOREIGN KEY (site_id, date)
        REFERENCES site_exception_days (site_id, date) ON DELETE CASCADE
);

CREATE TABLE doors (
    id uuid NOT NULL CONSTRAINT pk_doors PRIMARY KEY,
    site_id uuid NOT NULL,
    slug character varying(64) NOT NULL,
    name character varying(200) NOT NULL,
    kind character varying(32) NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT fk_doors_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX ix_doors_slug ON doors (slug);
CREATE INDEX ix_doors_site_id ON doors (site_id);

CREATE TABLE rooms (
    id uuid NOT NULL CONSTRAINT pk_rooms PRIMARY KEY,
    site_id uuid NOT NULL,
    slug character varying(64) NOT NULL,
    name character varying(200) NOT NULL,
    capacity integer NOT NULL CHECK (capacity >= 1),
    equipment integer NOT NULL,
    rules_min_duration bigint NOT NULL,
    rules_max_duration bigint NOT NULL,
    rules_slot_granularity bigint NOT NULL,
    rules_min_notice bigint NOT NULL,
    rules_max_horizon bigint NOT NULL,
    rules_bookable_hours character varying(32) NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT fk_rooms_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX ix_rooms_slug ON rooms (slug);
CREATE INDEX ix_rooms_site_id ON rooms (site_id);

CREATE TABLE room_doors (
    room_id uuid NOT NULL,
    door_id uuid NOT NULL,
    CONSTRAINT pk_room_doors PRIMARY KEY (room_id, door_id),
    CONSTRAINT fk_room_doors_rooms_room_id FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
    CONSTRAINT fk_room_doors_doors_door_id FOREIGN KEY (door_id) REFERENCES doors (id) ON DELETE RESTRICT
);
CREATE INDEX ix_room_doors_door_id ON room_doors (door_id);

CREATE TABLE lock_controllers (
    id uuid NOT NULL CONSTRAINT pk_lock_controllers PRIMARY KEY,
    site_id uuid NOT NULL,
    door_id uuid NOT NULL,
    device_id character varying(64) NOT NULL,
    lifecycle character varying(32) NOT NULL,
    connectivity character varying(32) NOT NULL,
    last_seen_at timestamp with time zone NULL,
    battery_percent integer NULL,
    firmware_version character varying(64) NULL,
    desired_version bigint NOT NULL,
    applied_version bigint NOT NULL,
    clock_skew bigint NULL,
    version bigint NOT NULL,
    CONSTRAINT fk_lock_controllers_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT,
    CONSTRAINT fk_lock_controllers_doors_door_id FOREIGN KEY (door_id) REFERENCES doors (id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX ix_lock_controllers_device_id ON lock_controllers (device_id);
CREATE UNIQUE INDEX ix_lock_controllers_door_id ON lock_controllers (door_id);
CREATE INDEX ix_lock_controllers_site_id ON lock_controllers (site_id);

-- People: ASP.NET Core Identity's user store, and site-scoped roles ---------------------------

CREATE TABLE users (
    id uuid NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    display_name character varying(200) NOT NULL,
    date_of_birth date NULL,
    created_at timestamp with time zone NOT NULL,
    user_name character varying(256) NULL,
    normalized_user_name character varying(256) NULL,
    email character varying(256) NULL,
    normalized_email character varying(256) NULL,
    email_confirmed boolean NOT NULL,
    password_hash text NULL,
    security_stamp text NULL,
    concurrency_stamp text NULL,
    phone_number text NULL,
    phone_number_confirmed boolean NOT NULL,
    two_factor_enabled boolean NOT NULL,
    lockout_end timestamp with time zone NULL,
    lockout_enabled boolean NOT NULL,
    access_failed_count integer NOT NULL
);
CREATE UNIQUE INDEX user_name_index ON users (normalized_user_name);
CREATE INDEX email_index ON users (normalized_email);

CREATE TABLE user_claims (
    id integer GENERATED BY DEFAULT AS IDENTITY CONSTRAINT pk_user_claims PRIMARY KEY,
    user_id uuid NOT NULL,
    claim_type text NULL,
    claim_value text NULL,
    CONSTRAINT fk_user_claims_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_user_claims_user_id ON user_claims (user_id);

CREATE TABLE user_logins (
    login_provider text NOT NULL,
    provider_key text NOT NULL,
    provider_display_name text NULL,
    user_id uuid NOT NULL,
    CONSTRAINT pk_user_logins PRIMARY KEY (login_provider, provider_key),
    CONSTRAINT fk_user_logins_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_user_logins_user_id ON user_logins (user_id);

CREATE TABLE user_tokens (
    user_id uuid NOT NULL,
    login_provider text NOT NULL,
    name text NOT NULL,
    value text NULL,
    CONSTRAINT pk_user_tokens PRIMARY KEY (user_id, login_provider, name),
    CONSTRAINT fk_user_tokens_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE role_assignments (
    id uuid NOT NULL CONSTRAINT pk_role_assignments PRIMARY KEY,
    user_id uuid NOT NULL,
    role character varying(32) NOT NULL,
    site_id uuid NULL,
    CONSTRAINT fk_role_assignments_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_role_assignments_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX ix_role_assignments_user_id_role_site_id ON role_assignments (user_id, role, site_id);
CREATE INDEX ix_role_assignments_site_id ON role_assignments (site_id);

-- Bookings, grants (digital keys), guests and credentials --------------------------------------

CREATE TABLE bookings (
    id uuid NOT NULL CONSTRAINT pk_bookings PRIMARY KEY,
    site_id uuid NOT NULL,
    room_id uuid NOT NULL,
    citizen_id uuid NOT NULL,
    start timestamp with time zone NOT NULL,
    "end" timestamp with time zone NOT NULL,
    attendees integer NOT NULL CHECK (attendees >= 1),
    status character varying(32) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    cancelled_at timestamp with time zone NULL,
    grant_id uuid NULL,
    idempotency_key character varying(100) NULL,
    version bigint NOT NULL,
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
    id uuid NOT NULL CONSTRAINT pk_access_grants PRIMARY KEY,
    site_id uuid NOT NULL,
    holder_kind character varying(32) NOT NULL,
    holder_id uuid NOT NULL,
    valid_from timestamp with time zone NOT NULL,
    valid_until timestamp with time zone NOT NULL,
    schedule character varying(4000) NULL,
    origin character varying(32) NOT NULL,
    booking_id uuid NULL,
    issued_by uuid NOT NULL,
    reason character varying(500) NULL,
    status character varying(32) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone NULL,
    revoked_by uuid NULL,
    revoke_reason character varying(500) NULL,
    version bigint NOT NULL,
    CHECK (valid_until > valid_from),
    CONSTRAINT fk_access_grants_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT
);
CREATE INDEX ix_access_grants_holder_kind_holder_id ON access_grants (holder_kind, holder_id);
CREATE INDEX ix_access_grants_site_id_status ON access_grants (site_id, status);
CREATE INDEX ix_access_grants_booking_id ON access_grants (booking_id);

CREATE TABLE grant_doors (
    grant_id uuid NOT NULL,
    door_id uuid NOT NULL,
    state character varying(32) NOT NULL,
    failure_reason character varying(200) NULL,
    target_version bigint NULL,
    updated_at timestamp with time zone NULL,
    CONSTRAINT pk_grant_doors PRIMARY KEY (grant_id, door_id),
    CONSTRAINT fk_grant_doors_access_grants_grant_id FOREIGN KEY (grant_id) REFERENCES access_grants (id) ON DELETE CASCADE,
    CONSTRAINT fk_grant_doors_doors_door_id FOREIGN KEY (door_id) REFERENCES doors (id) ON DELETE RESTRICT
);
CREATE INDEX ix_grant_doors_door_id_state ON grant_doors (door_id, state);

CREATE TABLE guests (
    id uuid NOT NULL CONSTRAINT pk_guests PRIMARY KEY,
    site_id uuid NOT NULL,
    name character varying(200) NOT NULL,
    phone character varying(32) NULL,
    email character varying(254) NULL,
    organisation character varying(200) NULL,
    created_by uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    anonymised_at timestamp with time zone NULL,
    CONSTRAINT fk_guests_sites_site_id FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE RESTRICT
);
CREATE INDEX ix_guests_site_id ON guests (site_id);

CREATE TABLE credentials (
    id uuid NOT NULL CONSTRAINT pk_credentials PRIMARY KEY,
    grant_id uuid NOT NULL,
    kind character varying(32) NOT NULL,
    status character varying(32) NOT NULL,
    salt bytea NOT NULL,
    hash bytea NOT NULL,
    issued_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone NULL,
    CONSTRAINT fk_credentials_access_grants_grant_id FOREIGN KEY (grant_id) REFERENCES access_grants (id) ON DELETE CASCADE
);
CREATE INDEX ix_credentials_grant_id_status ON credentials (grant_id, status);

-- What locks report -----------------------------------------------------------------------------

CREATE TABLE entry_events (
    id bigint GENERATED BY DEFAULT AS IDENTITY CONSTRAINT pk_entry_events PRIMARY KEY,
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
    CONSTRAINT fk_entry_events_lock_controllers_lock_id FOREIGN KEY (lock_id) REFERENCES lock_controllers (id) ON DELETE RESTRICT
);
-- Ingestion is idempotent on (lock, sequence).
CREATE UNIQUE INDEX ix_entry_events_lock_id_sequence ON entry_events (lock_id, sequence);
CREATE INDEX ix_entry_events_site_id_occurred_at ON entry_events (site_id, occurred_at);
CREATE INDEX ix_entry_events_door_id_occurred_at ON entry_events (door_id, occurred_at);
CREATE INDEX ix_entry_events_grant_id ON entry_events (grant_id);

-- The audit log (no foreign keys: it must outlive what it mentions) ---------------------------

CREATE TABLE audit_records (
    sequence bigint NOT NULL CONSTRAINT pk_audit_records PRIMARY KEY,
    recorded_at timestamp with time zone NOT NULL,
    category character varying(32) NOT NULL,
    action character varying(64) NOT NULL,
    actor_id uuid NULL,
    site_id uuid NULL,
    door_id uuid NULL,
    subject character varying(100) NULL,
    outcome character varying(64) NULL,
    data character varying(8000) NULL,
    personal_data_id uuid NULL,
    previous_hash bytea NOT NULL,
    hash bytea NOT NULL
);
CREATE INDEX ix_audit_records_site_id_recorded_at ON audit_records (site_id, recorded_at);
CREATE INDEX ix_audit_records_category_recorded_at ON audit_records (category, recorded_at);
CREATE INDEX ix_audit_records_personal_data_id ON audit_records (personal_data_id);

CREATE TABLE audit_personal_data (
    id uuid NOT NULL CONSTRAINT pk_audit_personal_data PRIMARY KEY,
    salt bytea NULL,
    data character varying(8000) NULL,
    delete_after timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone NULL
);
CREATE INDEX ix_audit_personal_data_delete_after ON audit_personal_data (delete_after);
