--
-- pg_dump and pg_restore keep the rows and the sequences' positions
--
-- The dump is taken of a database of its own, so that the test does not
-- depend on what the other tests left in the regression database.
--
\getenv abs_builddir PG_ABS_BUILDDIR
\set dumpfile :abs_builddir '/results/dump_restore.dump'
\set VERBOSITY terse

CREATE DATABASE sysdesign_dump_src;
CREATE DATABASE sysdesign_dump_dst;
\c sysdesign_dump_src
CREATE SCHEMA lab;
CREATE EXTENSION sysdesign SCHEMA lab;
INSERT INTO lab.users (email, password, name)
SELECT 'user' || i || '@example.com', 'pass' || i, 'User ' || i
FROM generate_series(1, 3) i;
INSERT INTO lab.posts (user_id, title)
SELECT u, 'Title ' || p FROM generate_series(1, 3) u, generate_series(1, 4) p;
-- a gap in the sequence must survive too
SELECT setval('lab.posts_post_id_seq', 100);
-- and an index of the user's on the extension's table
CREATE INDEX idx_user_id ON lab.posts (user_id);

\setenv DUMPFILE :dumpfile
\! pg_dump -Fc -d sysdesign_dump_src -f "$DUMPFILE"
\! pg_restore --exit-on-error -d sysdesign_dump_dst "$DUMPFILE"

\c sysdesign_dump_dst
SELECT extname, n.nspname
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'sysdesign';
SELECT count(*) AS users, (SELECT count(*) FROM lab.posts) AS posts
FROM lab.users;
SELECT user_id, email, password, name FROM lab.users ORDER BY user_id;
-- pg_dump dumps no index, trigger or policy that a user adds to a table
-- an extension owns: idx_user_id is not restored (the README says so)
SELECT indexrelid::regclass AS index
FROM pg_index WHERE indrelid = 'lab.posts'::regclass
ORDER BY indexrelid::regclass::text COLLATE "C";
-- new rows continue after the restored ones instead of colliding
INSERT INTO lab.users (email, password) VALUES ('new@example.com', 'x')
RETURNING user_id;
INSERT INTO lab.posts (user_id, title) VALUES (4, 'After restore')
RETURNING post_id;
-- the constraints came back with the tables
INSERT INTO lab.posts (user_id, title) VALUES (99, 'Orphan');

\c contrib_regression
DROP DATABASE sysdesign_dump_src;
DROP DATABASE sysdesign_dump_dst;
