-- The bulletin (督查专报): the office's settings of how each indicator and item reads,
-- the series a plan issues, and each issue — a draft of edits until it is issued, then
-- a frozen snapshot that never changes.

-- How an indicator reads in the bulletin: sentence template and number style (JSON of
-- duban_domain::bulletin::IndicatorStyle). No row: the defaults.
CREATE TABLE indicator_styles (
    indicator_id INTEGER PRIMARY KEY REFERENCES indicators(id),
    style TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Where an item's narrative goes in its passage: before | after.
CREATE TABLE item_styles (
    item_id INTEGER PRIMARY KEY REFERENCES items(id),
    narrative_place TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- A series of a plan (专报, 通报) and the next number it gives out. Issuing takes the
-- number by updating this row, which serialises concurrent issues: no gap, no repeat.
CREATE TABLE bulletin_series (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    name TEXT NOT NULL,
    issuer TEXT NOT NULL,
    next_number INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (plan_id, name)
);

-- state: draft → issued. A draft holds the office's edits (JSON of OfficeEdits); an
-- issued one also its number and the drafted document as issued (JSON of Bulletin).
CREATE TABLE bulletins (
    id INTEGER PRIMARY KEY,
    series_id INTEGER NOT NULL REFERENCES bulletin_series(id),
    period_id INTEGER NOT NULL REFERENCES periods(id),
    state TEXT NOT NULL,
    number INTEGER,
    issue_date TEXT,
    edits TEXT NOT NULL,
    snapshot TEXT,
    issued_by INTEGER REFERENCES users(id),
    issued_at INTEGER,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (series_id, number)
);
CREATE INDEX bulletins_series ON bulletins(series_id, state);
