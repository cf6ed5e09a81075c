-- Item progress pages (事项进展) are published too: a publication is of an issued
-- bulletin, or of one item's page for a period, kept as a frozen snapshot (JSON).
-- SQLite cannot drop bulletin_id's NOT NULL in place, so the table is rebuilt (the
-- runner switches foreign keys off around this script and checks them after).

CREATE TABLE publications_new (
    id INTEGER PRIMARY KEY,
    bulletin_id INTEGER UNIQUE REFERENCES bulletins(id),
    item_id INTEGER REFERENCES items(id),
    period_id INTEGER REFERENCES periods(id),
    snapshot TEXT,
    org_code TEXT NOT NULL,
    catalogue_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    catalogue TEXT NOT NULL,
    doc_number TEXT,
    published_on TEXT NOT NULL,
    objection_days INTEGER NOT NULL,
    published_by INTEGER NOT NULL REFERENCES users(id),
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (org_code, catalogue_code, year, serial),
    -- Exactly one subject: a bulletin, or an item's page with its period and snapshot.
    CHECK ((bulletin_id IS NULL) = (item_id IS NOT NULL)),
    CHECK ((item_id IS NULL) = (period_id IS NULL)),
    CHECK ((item_id IS NULL) = (snapshot IS NULL))
);

INSERT INTO publications_new (id, bulletin_id, org_code, catalogue_code, year, serial, title,
    publisher, catalogue, doc_number, published_on, objection_days, published_by, version,
    created_at, updated_at)
SELECT id, bulletin_id, org_code, catalogue_code, year, serial, title, publisher, catalogue,
    doc_number, published_on, objection_days, published_by, version, created_at, updated_at
FROM publications;

DROP TABLE publications;
ALTER TABLE publications_new RENAME TO publications;
CREATE INDEX publications_item ON publications(item_id, period_id);
