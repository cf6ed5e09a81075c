-- Personal data (issue 8): an account's mobile number and resident ID number, set by
-- the system administrator. Both columns, and objections.contact, hold only values
-- sealed with SM4 by the store (`sm4v1:<key id>:…`, see duban_store::cipher), never
-- clear text; contacts written in clear before this are sealed when a server starts
-- with a data key (Store::check_personal_data).
ALTER TABLE users ADD COLUMN mobile TEXT;
ALTER TABLE users ADD COLUMN id_number TEXT;

-- Snapshots of settled objections kept the contact in clear. History is append-only,
-- so its trigger is lifted for this one rewrite (inside the migration's transaction):
-- each such contact becomes its masked form (first character and three stars), as new
-- snapshots write it.
ALTER TABLE history DISABLE TRIGGER history_no_change;
UPDATE history
SET data = jsonb_set(data::jsonb, '{fields,contact}',
                     to_jsonb(substr(data::jsonb #>> '{fields,contact}', 1, 1) || '***'))::text
WHERE entity = 'objection' AND data::jsonb #>> '{fields,contact}' IS NOT NULL;
ALTER TABLE history ENABLE TRIGGER history_no_change;
