-- A plan's settings of the consistency checks (数据核验) and of automatic reminders.
-- A plan without a row takes the defaults. Percentages are scaled by 10^4 like figures.
CREATE TABLE plan_settings (
    plan_id INTEGER PRIMARY KEY REFERENCES plans(id),
    beyond_pct INTEGER NOT NULL,
    unchanged_periods INTEGER NOT NULL,
    jump_days INTEGER NOT NULL,
    jump_from_pct INTEGER NOT NULL,
    remind_days_before INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
