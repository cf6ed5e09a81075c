-- Spot checks (抽查) of data quality (issue 7): the office records what it found when
-- it checked a unit's or an item's figures proposed by the data-quality risk score.
-- Each row's every state is in history and the audit log.
CREATE TABLE spot_checks (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('unit', 'item')),
    subject_id INTEGER NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    outcome TEXT NOT NULL CHECK (outcome IN ('confirmed', 'discrepancy', 'corrected')),
    note TEXT NOT NULL,
    checked_by INTEGER NOT NULL REFERENCES users(id),
    checked_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX spot_checks_plan ON spot_checks(plan_id, subject_kind, subject_id);
