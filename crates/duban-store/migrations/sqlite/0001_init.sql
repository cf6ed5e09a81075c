-- duban schema, SQLite dialect. Kept in step with migrations/postgres/0001_init.sql:
-- the same tables, columns and meanings. Conventions (see docs/ARCHITECTURE.md):
-- ids and counts are 64-bit integers; times are epoch milliseconds (UTC); figures are
-- decimals scaled by 10^4; dates are 'YYYY-MM-DD' text; lists are JSON text.
-- Entity tables hold the current state; `history` holds every state ever written.

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id INTEGER REFERENCES units(id),
    seq INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id INTEGER REFERENCES units(id),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    demo INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Sessions (cookie) and API tokens (bearer): only a hash of the secret is kept.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    state TEXT NOT NULL,
    lag_threshold INTEGER NOT NULL,
    serious_threshold INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE areas (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    seq INTEGER NOT NULL,
    title TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX areas_plan ON areas(plan_id, seq);

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    area_id INTEGER NOT NULL REFERENCES areas(id),
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    lead_unit_id INTEGER NOT NULL REFERENCES units(id),
    leader TEXT,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (plan_id, number)
);
CREATE INDEX items_area ON items(area_id);
CREATE INDEX items_lead ON items(lead_unit_id);

-- An item's co-responsible units ('co') and regions ('region'), in order.
CREATE TABLE item_units (
    item_id INTEGER NOT NULL REFERENCES items(id),
    relation TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    seq INTEGER NOT NULL,
    PRIMARY KEY (item_id, relation, unit_id)
);
CREATE INDEX item_units_unit ON item_units(unit_id);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    item_id INTEGER NOT NULL REFERENCES items(id),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit TEXT NOT NULL,
    target INTEGER,
    baseline INTEGER,
    decimals INTEGER NOT NULL,
    stages TEXT NOT NULL,
    quarterly TEXT,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX indicators_item ON indicators(item_id, seq);
CREATE INDEX indicators_plan ON indicators(plan_id);

CREATE TABLE indicator_regions (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    region_id INTEGER NOT NULL REFERENCES units(id),
    seq INTEGER NOT NULL,
    target INTEGER,
    PRIMARY KEY (indicator_id, region_id)
);

CREATE TABLE periods (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    label TEXT NOT NULL,
    cutoff TEXT NOT NULL,
    deadline TEXT NOT NULL,
    state TEXT NOT NULL,
    spending INTEGER,
    growth_pct INTEGER,
    share_pct INTEGER,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (plan_id, label)
);

-- One unit's report on one item for one period. Its content lives in versions.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    period_id INTEGER NOT NULL REFERENCES periods(id),
    item_id INTEGER NOT NULL REFERENCES items(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    state TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    approved_version INTEGER,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (period_id, item_id, unit_id)
);
CREATE INDEX reports_unit ON reports(unit_id, period_id);

-- Every version of a report's content; never changed once written.
CREATE TABLE report_versions (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    version INTEGER NOT NULL,
    narrative TEXT,
    author_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (report_id, version)
);

-- A version's figures. region_id 0 is the city-wide figure (NULL cannot be part of a key).
CREATE TABLE report_figures (
    report_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    region_id INTEGER NOT NULL,
    value INTEGER,
    stage INTEGER,
    assessment TEXT,
    PRIMARY KEY (report_id, version, indicator_id, region_id)
);

-- What happened to a report, in order: created, updated, submitted, approved, returned.
CREATE TABLE report_events (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    version INTEGER NOT NULL,
    action TEXT NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES users(id),
    at INTEGER NOT NULL,
    comment TEXT
);
CREATE INDEX report_events_report ON report_events(report_id, action);

-- Every state every entity has had: a correction is a new version, never an overwrite.
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor_id INTEGER,
    data TEXT NOT NULL,
    UNIQUE (entity, entity_id, version)
);

CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER report_versions_no_update BEFORE UPDATE ON report_versions
BEGIN SELECT RAISE(ABORT, 'report versions are append-only'); END;
CREATE TRIGGER report_figures_no_update BEFORE UPDATE ON report_figures
BEGIN SELECT RAISE(ABORT, 'report figures are append-only'); END;
