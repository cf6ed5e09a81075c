-- Uploads waiting for confirmation (issue 6): a unit's filled template or a plan's
-- structure is previewed on the pages, then imported when its uploader confirms.
-- Between the two the file is kept here, under a random token and its uploader, with
-- its SHA-256 and the state the preview was made against (`basis`: the unit's reports,
-- the plan's structure), so that the confirmation imports exactly the previewed file
-- and is refused if that state changed meanwhile.
-- Rows are short-lived: used ones are deleted, others forgotten after a few hours.
CREATE TABLE pending_imports (
    token TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    -- What it is imported into: a period (a unit's filled template) or a plan (its
    -- structure); exactly one.
    period_id INTEGER REFERENCES periods(id),
    plan_id INTEGER REFERENCES plans(id),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content TEXT NOT NULL,
    basis TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    CHECK ((period_id IS NULL) <> (plan_id IS NULL))
);
CREATE INDEX pending_imports_created ON pending_imports(created_at);
