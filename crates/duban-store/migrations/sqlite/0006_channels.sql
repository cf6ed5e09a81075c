-- Outside channels for the outbox (e-mail, webhooks) and 挂牌督办.
-- A person's e-mail address and a unit's group robot are where reminders also go.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE units ADD COLUMN webhook_url TEXT;
ALTER TABLE units ADD COLUMN webhook_format TEXT;
ALTER TABLE units ADD COLUMN webhook_secret TEXT;

-- A worker claims a message for a while before sending it over a network, so that two
-- workers never send it at once; a worker that dies leaves the claim to run out, and
-- the message is sent again. Permanent failures are kept with their reason, never
-- dropped.
ALTER TABLE outbox ADD COLUMN recipient_unit_id INTEGER REFERENCES units(id);
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;
ALTER TABLE outbox ADD COLUMN failed_at INTEGER;
CREATE INDEX outbox_channel_due ON outbox(channel, sent_at, failed_at, next_attempt_at);

-- 挂牌督办: the office lists an item for special supervision until it lifts the listing.
CREATE TABLE supervisions (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    reason TEXT NOT NULL,
    deadline TEXT,
    listed_by INTEGER NOT NULL REFERENCES users(id),
    listed_at INTEGER NOT NULL,
    lifted_by INTEGER REFERENCES users(id),
    lifted_at INTEGER,
    lift_note TEXT,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX supervisions_item ON supervisions(item_id, lifted_at);
