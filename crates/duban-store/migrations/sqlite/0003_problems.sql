-- Problems (问题) tracked until rectified and closed (销号), and what happened to them.
CREATE TABLE problems (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    item_id INTEGER REFERENCES items(id),
    owner_unit_id INTEGER NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    deadline TEXT NOT NULL,
    source TEXT NOT NULL,
    report_id INTEGER REFERENCES reports(id),
    state TEXT NOT NULL,
    measures TEXT,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX problems_plan ON problems(plan_id, state);
CREATE INDEX problems_owner ON problems(owner_unit_id);

CREATE TABLE problem_events (
    id INTEGER PRIMARY KEY,
    problem_id INTEGER NOT NULL REFERENCES problems(id),
    action TEXT NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES users(id),
    at INTEGER NOT NULL,
    note TEXT
);
CREATE INDEX problem_events_problem ON problem_events(problem_id);
CREATE TRIGGER problem_events_no_change BEFORE UPDATE ON problem_events
BEGIN SELECT RAISE(ABORT, 'problem events are append-only'); END;
CREATE TRIGGER problem_events_no_delete BEFORE DELETE ON problem_events
BEGIN SELECT RAISE(ABORT, 'problem events are append-only'); END;
