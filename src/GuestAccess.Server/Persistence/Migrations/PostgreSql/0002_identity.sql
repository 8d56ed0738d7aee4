-- 0002_identity: the token service (clients, signing keys, codes, refresh-token families) and
-- account kinds. Secrets, codes and refresh tokens are stored only as hashes; private signing
-- keys only as Data Protection ciphertext.

ALTER TABLE users ADD COLUMN kind character varying(32) NOT NULL DEFAULT 'Person';
ALTER TABLE users ADD COLUMN is_demo boolean NOT NULL DEFAULT false;

CREATE TABLE oauth_clients (
    id character varying(100) NOT NULL CONSTRAINT pk_oauth_clients PRIMARY KEY,
    display_name character varying(200) NOT NULL,
    secret_hash character varying(200) NULL,
    grant_types character varying(4000) NOT NULL,
    scopes character varying(4000) NOT NULL,
    redirect_uris character varying(4000) NOT NULL,
    post_logout_redirect_uris character varying(4000) NOT NULL,
    service_account_id uuid NULL,
    is_demo boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT fk_oauth_clients_users_service_account_id FOREIGN KEY (service_account_id) REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX ix_oauth_clients_service_account_id ON oauth_clients (service_account_id);

CREATE TABLE signing_keys (
    id character varying(64) NOT NULL CONSTRAINT pk_signing_keys PRIMARY KEY,
    algorithm character varying(16) NOT NULL,
    protected_private_key character varying(4000) NOT NULL,
    public_jwk character varying(1000) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    activates_at timestamp with time zone NOT NULL,
    retires_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL
);
CREATE INDEX ix_signing_keys_expires_at ON signing_keys (expires_at);

CREATE TABLE token_grants (
    id uuid NOT NULL CONSTRAINT pk_token_grants PRIMARY KEY,
    client_id character varying(100) NOT NULL,
    user_id uuid NOT NULL,
    scopes character varying(1000) NOT NULL,
    auth_time timestamp with time zone NOT NULL,
    amr character varying(100) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone NULL,
    revocation_reason character varying(64) NULL,
    CONSTRAINT fk_token_grants_oauth_clients_client_id FOREIGN KEY (client_id) REFERENCES oauth_clients (id) ON DELETE CASCADE,
    CONSTRAINT fk_token_grants_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_token_grants_client_id ON token_grants (client_id);
CREATE INDEX ix_token_grants_user_id ON token_grants (user_id);

CREATE TABLE refresh_tokens (
    id character varying(64) NOT NULL CONSTRAINT pk_refresh_tokens PRIMARY KEY,
    grant_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    consumed_at timestamp with time zone NULL,
    CONSTRAINT fk_refresh_tokens_token_grants_grant_id FOREIGN KEY (grant_id) REFERENCES token_grants (id) ON DELETE CASCADE
);
CREATE INDEX ix_refresh_tokens_grant_id ON refresh_tokens (grant_id);

CREATE TABLE authorization_codes (
    id character varying(64) NOT NULL CONSTRAINT pk_authorization_codes PRIMARY KEY,
    client_id character varying(100) NOT NULL,
    user_id uuid NOT NULL,
    redirect_uri character varying(2000) NOT NULL,
    scopes character varying(1000) NOT NULL,
    code_challenge character varying(128) NOT NULL,
    nonce character varying(512) NULL,
    auth_time timestamp with time zone NOT NULL,
    amr character varying(100) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    redeemed_at timestamp with time zone NULL,
    grant_id uuid NULL,
    CONSTRAINT fk_authorization_codes_oauth_clients_client_id FOREIGN KEY (client_id) REFERENCES oauth_clients (id) ON DELETE CASCADE,
    CONSTRAINT fk_authorization_codes_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_authorization_codes_client_id ON authorization_codes (client_id);
CREATE INDEX ix_authorization_codes_user_id ON authorization_codes (user_id);
CREATE INDEX ix_authorization_codes_expires_at ON authorization_codes (expires_at);

CREATE TABLE revoked_access_tokens (
    id character varying(64) NOT NULL CONSTRAINT pk_revoked_access_tokens PRIMARY KEY,
    expires_at timestamp with time zone NOT NULL
);
CREATE INDEX ix_revoked_access_tokens_expires_at ON revoked_access_tokens (expires_at);

CREATE TABLE protected_secrets (
    id character varying(64) NOT NULL CONSTRAINT pk_protected_secrets PRIMARY KEY,
    protected_value character varying(4000) NOT NULL,
    created_at timestamp with time zone NOT NULL
);
