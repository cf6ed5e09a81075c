-- Evidence files (佐证材料) of a report or of a problem's rectification. The bytes live
-- in the evidence directory under `stored_name`, not here. A record is never deleted:
-- withdrawing one sets `deleted_at`, and nothing else about it ever changes.
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    report_id INTEGER REFERENCES reports(id),
    problem_id INTEGER REFERENCES problems(id),
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    mime TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    stored_name TEXT NOT NULL UNIQUE,
    uploaded_by INTEGER NOT NULL REFERENCES users(id),
    uploaded_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER REFERENCES users(id),
    version INTEGER NOT NULL,
    CHECK ((report_id IS NULL) <> (problem_id IS NULL))
);
CREATE INDEX evidence_report ON evidence(report_id);
CREATE INDEX evidence_problem ON evidence(problem_id);
CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted, only withdrawn'); END;
CREATE TRIGGER evidence_only_withdrawn BEFORE UPDATE ON evidence
WHEN OLD.deleted_at IS NOT NULL
    OR NEW.id IS NOT OLD.id OR NEW.report_id IS NOT OLD.report_id
    OR NEW.problem_id IS NOT OLD.problem_id OR NEW.file_name IS NOT OLD.file_name
    OR NEW.kind IS NOT OLD.kind OR NEW.mime IS NOT OLD.mime
    OR NEW.size_bytes IS NOT OLD.size_bytes OR NEW.sha256 IS NOT OLD.sha256
    OR NEW.stored_name IS NOT OLD.stored_name OR NEW.uploaded_by IS NOT OLD.uploaded_by
    OR NEW.uploaded_at IS NOT OLD.uploaded_at
BEGIN SELECT RAISE(ABORT, 'an evidence record changes only by its withdrawal'); END;
