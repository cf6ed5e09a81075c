-- Messages to send (reminders 催办, escalations 督办), written in the same transaction as
-- their cause and delivered by a worker with retries; `dedupe_key` keeps a cause from
-- queuing the same message twice. The in-app inbox is one of the channels.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    recipient_user_id INTEGER REFERENCES users(id),
    address TEXT,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    cause TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at INTEGER,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox(sent_at, next_attempt_at);

CREATE TABLE inbox (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    outbox_id INTEGER NOT NULL UNIQUE REFERENCES outbox(id),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    cause TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX inbox_user ON inbox(user_id, id);
