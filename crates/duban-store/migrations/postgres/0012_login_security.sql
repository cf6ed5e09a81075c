-- Failed logins per username (lower case), whether or not an account has it, so that
-- locking out answers the same for both. A successful login deletes the row.
CREATE TABLE login_failures (
    username TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at BIGINT NOT NULL,
    locked_until BIGINT
);

-- When a session was last used, for the idle timeout of browser sessions (NULL: not
-- since it was opened). Written at most once a minute per session.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
