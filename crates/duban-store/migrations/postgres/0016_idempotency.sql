-- Idempotency keys (issue 10): a client that sends `Idempotency-Key` with a change
-- and retries it after a lost answer must not make the change twice. The key is
-- claimed in the same transaction as the change's first audit record, so a change
-- and its key commit together or not at all; the answer is stored once it is made.
-- Keys are the sender's own (user_id), kept a day, then forgotten by the worker.
CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL REFERENCES users(id),
    idem_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    status INTEGER,
    headers TEXT,
    body TEXT,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
