-- 资金 (issue 7, part 2): an item's planned investment, the funding lines of every
-- report version, and where a period's fiscal overview comes from. Amounts are 万元
-- scaled by 10^4 like figures.
ALTER TABLE items ADD COLUMN planned_investment INTEGER CHECK (planned_investment >= 0);
ALTER TABLE periods ADD COLUMN fiscal_source TEXT;

-- A version's money by source, written with its figures and never changed: the
-- approved version's lines are what roll-ups add up.
CREATE TABLE report_funding (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    version INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('superior', 'city', 'county', 'social', 'other')),
    raised INTEGER NOT NULL CHECK (raised >= 0),
    allocated INTEGER NOT NULL CHECK (allocated >= 0 AND allocated <= raised),
    spent INTEGER NOT NULL CHECK (spent >= 0 AND spent <= allocated),
    PRIMARY KEY (report_id, version, source)
);

CREATE TRIGGER report_funding_no_update BEFORE UPDATE ON report_funding
BEGIN SELECT RAISE(ABORT, 'report funding is append-only'); END;
