-- 资金 (issue 7, part 2): an item's planned investment, the funding lines of every
-- report version, and where a period's fiscal overview comes from. Amounts are 万元
-- scaled by 10^4 like figures.
ALTER TABLE items ADD COLUMN planned_investment BIGINT CHECK (planned_investment >= 0);
ALTER TABLE periods ADD COLUMN fiscal_source TEXT;

-- A version's money by source, written with its figures and never changed: the
-- approved version's lines are what roll-ups add up.
CREATE TABLE report_funding (
    report_id BIGINT NOT NULL REFERENCES reports(id),
    version BIGINT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('superior', 'city', 'county', 'social', 'other')),
    raised BIGINT NOT NULL CHECK (raised >= 0),
    allocated BIGINT NOT NULL CHECK (allocated >= 0 AND allocated <= raised),
    spent BIGINT NOT NULL CHECK (spent >= 0 AND spent <= allocated),
    PRIMARY KEY (report_id, version, source)
);

CREATE TRIGGER report_funding_no_update BEFORE UPDATE ON report_funding
    FOR EACH ROW EXECUTE FUNCTION duban_append_only();
