-- Performance evaluation (绩效考评, issue 7): a plan's scheme of weighted criteria, the
-- scores evaluators (第三方) enter per unit and period, and the office's approval of a
-- period's league tables, which freezes them as approved. A plan without a scheme row
-- takes the standard scheme.
CREATE TABLE evaluation_schemes (
    plan_id INTEGER PRIMARY KEY REFERENCES plans(id),
    -- criterion=weight pairs, comma-separated: progress=40,on_time=15,…
    criteria TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE evaluation_entries (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES periods(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    -- Scores 0–100 scaled by 10^4 like figures; NULL while not entered.
    third_party INTEGER CHECK (third_party BETWEEN 0 AND 1000000),
    satisfaction INTEGER CHECK (satisfaction BETWEEN 0 AND 1000000),
    comment TEXT NOT NULL,
    entered_by INTEGER NOT NULL REFERENCES users(id),
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (period_id, unit_id)
);

CREATE TABLE evaluation_approvals (
    period_id INTEGER PRIMARY KEY REFERENCES periods(id),
    approved_by INTEGER NOT NULL REFERENCES users(id),
    approved_at INTEGER NOT NULL,
    -- The league tables as approved (JSON), shown from then on instead of a new count.
    tables TEXT NOT NULL
);
