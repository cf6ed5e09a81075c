-- Requests the office decides on: a change of an approved plan's targets (目标调整), and
-- the correction of a report in a closed period (更正). Both keep what was before.

CREATE TABLE target_changes (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    reason TEXT NOT NULL,
    -- The target fields (target, baseline, regions, quarterly) before and after, as JSON.
    before_json TEXT NOT NULL,
    after_json TEXT NOT NULL,
    state TEXT NOT NULL,
    requested_by INTEGER NOT NULL REFERENCES users(id),
    requested_at INTEGER NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_at INTEGER,
    decision_note TEXT,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX target_changes_indicator ON target_changes(indicator_id, state);
CREATE INDEX target_changes_plan ON target_changes(plan_id, state);

-- state: pending → approved (the report is open for correction) → done (the corrected
-- version approved), or pending → rejected.
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    requested_by INTEGER NOT NULL REFERENCES users(id),
    requested_at INTEGER NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_at INTEGER,
    decision_note TEXT,
    done_at INTEGER,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX corrections_report ON corrections(report_id, state);
