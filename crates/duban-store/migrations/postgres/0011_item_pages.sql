-- Item progress pages (事项进展) are published too: a publication is of an issued
-- bulletin, or of one item's page for a period, kept as a frozen snapshot (JSON).

ALTER TABLE publications ALTER COLUMN bulletin_id DROP NOT NULL;
ALTER TABLE publications ADD COLUMN item_id BIGINT REFERENCES items(id);
ALTER TABLE publications ADD COLUMN period_id BIGINT REFERENCES periods(id);
ALTER TABLE publications ADD COLUMN snapshot TEXT;
-- Exactly one subject: a bulletin, or an item's page with its period and snapshot.
ALTER TABLE publications ADD CONSTRAINT publications_one_subject
    CHECK ((bulletin_id IS NULL) = (item_id IS NOT NULL));
ALTER TABLE publications ADD CONSTRAINT publications_item_period
    CHECK ((item_id IS NULL) = (period_id IS NULL));
ALTER TABLE publications ADD CONSTRAINT publications_item_snapshot
    CHECK ((item_id IS NULL) = (snapshot IS NULL));
CREATE INDEX publications_item ON publications(item_id, period_id);
