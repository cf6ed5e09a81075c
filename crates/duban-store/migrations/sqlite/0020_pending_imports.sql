-- Uploads waiting for confirmation (issue 6): a unit's filled template is previewed on
-- the pages, then imported when its uploader confirms. Between the two the file is
-- kept here, under a random token and its uploader, with its SHA-256 and the state of
-- the unit's reports the preview was made against (`basis`), so that the confirmation
-- imports exactly the previewed file and is refused if the reports changed meanwhile.
-- Rows are short-lived: used ones are deleted, others forgotten after a few hours.
CREATE TABLE pending_imports (
    token TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    period_id INTEGER NOT NULL REFERENCES periods(id),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content TEXT NOT NULL,
    basis TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX pending_imports_created ON pending_imports(created_at);
