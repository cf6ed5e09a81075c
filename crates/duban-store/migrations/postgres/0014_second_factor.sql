-- When each account's password was last set, for its expiry (口令定期更换); accounts
-- made before this migration count from their creation.
ALTER TABLE users ADD COLUMN password_set_at BIGINT NOT NULL DEFAULT 0;
UPDATE users SET password_set_at = created_at;

-- An account's second factor (TOTP, RFC 6238): its shared secret in base32, pending
-- until the first code confirms it (confirmed_at), and the last time step accepted, so
-- that no code is taken twice. Deleting the row resets it; the account enrols again.
CREATE TABLE second_factors (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    last_step BIGINT NOT NULL DEFAULT 0
);
