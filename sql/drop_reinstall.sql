--
-- DROP EXTENSION removes what it installed and nothing else; the extension
-- installs into another schema, whatever the search_path says
--
\set VERBOSITY terse

-- An object of the user's that depends on the extension's tables
CREATE TABLE comments (
	comment_id int PRIMARY KEY,
	post_id int REFERENCES posts (post_id)
);
-- Invalid input: the extension's tables cannot go from under it
DROP EXTENSION sysdesign;
DROP TABLE comments;

-- An object of the user's that merely sits beside the extension's
CREATE TABLE notes (note text);
DROP EXTENSION sysdesign;
SELECT c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
ORDER BY c.relname COLLATE "C";
DROP TABLE notes;

-- A hostile search_path: a decoy "users" first in the path must not catch
-- the foreign key of posts
CREATE SCHEMA decoy;
CREATE TABLE decoy.users (user_id int PRIMARY KEY);
CREATE SCHEMA lab;
SET search_path = decoy, public;
CREATE EXTENSION sysdesign SCHEMA lab;
RESET search_path;

SELECT c.relname, pg_get_constraintdef(k.oid) AS def
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
WHERE c.relnamespace = 'lab'::regnamespace AND k.contype = 'f'
ORDER BY 1;
SELECT relname, relkind
FROM pg_class
WHERE relnamespace = 'lab'::regnamespace
ORDER BY relname COLLATE "C";

-- Only one copy per database
CREATE EXTENSION sysdesign;

DROP EXTENSION sysdesign;
SELECT count(*) AS left_in_lab FROM pg_class
WHERE relnamespace = 'lab'::regnamespace;
DROP SCHEMA lab;
DROP SCHEMA decoy CASCADE;
