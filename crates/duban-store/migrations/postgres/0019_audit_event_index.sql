-- Operations (issue 10): /metrics counts failed logins from the audit log, across all
-- instances and restarts; this index keeps that count from reading the whole log.
CREATE INDEX audit_log_event ON audit_log (event);
