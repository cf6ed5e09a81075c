-- A plan's settings of the consistency checks (数据核验) and of automatic reminders.
-- A plan without a row takes the defaults. Percentages are scaled by 10^4 like figures.
CREATE TABLE plan_settings (
    plan_id BIGINT PRIMARY KEY REFERENCES plans(id),
    beyond_pct BIGINT NOT NULL,
    unchanged_periods BIGINT NOT NULL,
    jump_days BIGINT NOT NULL,
    jump_from_pct BIGINT NOT NULL,
    remind_days_before BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
