-- 0002_identity: the token service (clients, signing keys, codes, refresh-token families) and
-- account kinds. Secrets, codes and refresh tokens are stored only as hashes; private signing
-- keys only as Data Protection ciphertext.

ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'Person';
ALTER TABLE users ADD COLUMN is_demo INTEGER NOT NULL DEFAULT 0;

CREATE TABLE oauth_clients (
    id TEXT NOT NULL CONSTRAINT pk_oauth_clients PRIMARY KEY,
    display_name TEXT NOT NULL,
    secret_hash TEXT NULL,
    grant_types TEXT NOT NULL,
    scopes TEXT NOT NULL,
    redirect_uris TEXT NOT NULL,
    post_logout_redirect_uris TEXT NOT NULL,
    service_account_id TEXT NULL,
    is_demo INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    CONSTRAINT fk_oauth_clients_users_service_account_id FOREIGN KEY (service_account_id) REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX ix_oauth_clients_service_account_id ON oauth_clients (service_account_id);

CREATE TABLE signing_keys (
    id TEXT NOT NULL CONSTRAINT pk_signing_keys PRIMARY KEY,
    algorithm TEXT NOT NULL,
    protected_private_key TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    activates_at INTEGER NOT NULL,
    retires_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX ix_signing_keys_expires_at ON signing_keys (expires_at);

CREATE TABLE token_grants (
    id TEXT NOT NULL CONSTRAINT pk_token_grants PRIMARY KEY,
    client_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    scopes TEXT NOT NULL,
    auth_time INTEGER NOT NULL,
    amr TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER NULL,
    revocation_reason TEXT NULL,
    CONSTRAINT fk_token_grants_oauth_clients_client_id FOREIGN KEY (client_id) REFERENCES oauth_clients (id) ON DELETE CASCADE,
    CONSTRAINT fk_token_grants_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_token_grants_client_id ON token_grants (client_id);
CREATE INDEX ix_token_grants_user_id ON token_grants (user_id);

CREATE TABLE refresh_tokens (
    id TEXT NOT NULL CONSTRAINT pk_refresh_tokens PRIMARY KEY,
    grant_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    consumed_at INTEGER NULL,
    CONSTRAINT fk_refresh_tokens_token_grants_grant_id FOREIGN KEY (grant_id) REFERENCES token_grants (id) ON DELETE CASCADE
);
CREATE INDEX ix_refresh_tokens_grant_id ON refresh_tokens (grant_id);

CREATE TABLE authorization_codes (
    id TEXT NOT NULL CONSTRAINT pk_authorization_codes PRIMARY KEY,
    client_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    scopes TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    nonce TEXT NULL,
    auth_time INTEGER NOT NULL,
    amr TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    redeemed_at INTEGER NULL,
    grant_id TEXT NULL,
    CONSTRAINT fk_authorization_codes_oauth_clients_client_id FOREIGN KEY (client_id) REFERENCES oauth_clients (id) ON DELETE CASCADE,
    CONSTRAINT fk_authorization_codes_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_authorization_codes_client_id ON authorization_codes (client_id);
CREATE INDEX ix_authorization_codes_user_id ON authorization_codes (user_id);
CREATE INDEX ix_authorization_codes_expires_at ON authorization_codes (expires_at);

CREATE TABLE revoked_access_tokens (
    id TEXT NOT NULL CONSTRAINT pk_revoked_access_tokens PRIMARY KEY,
    expires_at INTEGER NOT NULL
);
CREATE INDEX ix_revoked_access_tokens_expires_at ON revoked_access_tokens (expires_at);

CREATE TABLE protected_secrets (
    id TEXT NOT NULL CONSTRAINT pk_protected_secrets PRIMARY KEY,
    protected_value TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
