-- The consistency warnings a submission raised, with the reporter's reason for each.
-- Kept with the version they were raised on; the reviewer reads them beside the figures.
CREATE TABLE report_warnings (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    version INTEGER NOT NULL,
    rule TEXT NOT NULL,
    indicator_id INTEGER NOT NULL,
    region_id INTEGER NOT NULL,
    message_zh TEXT NOT NULL,
    message_en TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (report_id, version, rule, indicator_id, region_id)
);
CREATE TRIGGER report_warnings_no_update BEFORE UPDATE ON report_warnings
BEGIN SELECT RAISE(ABORT, 'report warnings are append-only'); END;
