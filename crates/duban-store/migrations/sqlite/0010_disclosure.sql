-- 政府信息公开: issued bulletins published to the public portal, each under an index
-- number (索引号) whose serial runs per organisation, catalogue and year; and the
-- public's objections (异议) to published figures, which the office settles.

CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    bulletin_id INTEGER NOT NULL UNIQUE REFERENCES bulletins(id),
    org_code TEXT NOT NULL,
    catalogue_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    catalogue TEXT NOT NULL,
    doc_number TEXT,
    published_on TEXT NOT NULL,
    objection_days INTEGER NOT NULL,
    published_by INTEGER NOT NULL REFERENCES users(id),
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (org_code, catalogue_code, year, serial)
);

-- state: open → dismissed (with a note) or problem (a 问题整改 raised from it). The
-- contact is the office's to read, never published.
CREATE TABLE objections (
    id INTEGER PRIMARY KEY,
    publication_id INTEGER NOT NULL REFERENCES publications(id),
    figure TEXT,
    body TEXT NOT NULL,
    contact TEXT,
    state TEXT NOT NULL,
    note TEXT,
    problem_id INTEGER REFERENCES problems(id),
    settled_by INTEGER REFERENCES users(id),
    settled_at INTEGER,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX objections_state ON objections(state, publication_id);
