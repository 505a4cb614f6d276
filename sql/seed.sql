--
-- seed_posts(): the lesson's rows in bulk, every constraint holding
--
\set VERBOSITY terse
CREATE EXTENSION IF NOT EXISTS amcheck;

-- Every b-tree index of both tables, checked by amcheck with
-- heapallindexed (each heap row must have its index entry);
-- bt_index_check() returns void when the index is sound and raises an
-- error when it is not
CREATE FUNCTION seed_indexes_ok()
RETURNS TABLE (index text, valid boolean)
LANGUAGE sql AS $$
	SELECT i.indexrelid::regclass::text,
	       bt_index_check(i.indexrelid, true) IS NOT NULL
	FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
	WHERE i.indrelid IN ('users'::regclass, 'posts'::regclass)
	  AND c.relam = (SELECT oid FROM pg_am WHERE amname = 'btree')
	ORDER BY i.indexrelid::regclass::text COLLATE "C"
$$;

-- Start from empty tables, as the lesson does
TRUNCATE posts, users RESTART IDENTITY;

-- Invalid input: errors before anything is locked or written
SELECT seed_posts(NULL, 1);
SELECT seed_posts(1, NULL);
SELECT seed_posts(0, 1);
SELECT seed_posts(-1, 1);
SELECT seed_posts(1, -1);
SELECT seed_posts(2, 2147483647);
SELECT seed_posts(65536, 32768);
-- the sequences did not move
SELECT last_value, is_called FROM users_user_id_seq;
SELECT last_value, is_called FROM posts_post_id_seq;
-- Invalid input: more ids than the sequence has left; checked before
-- either sequence moves
SELECT setval('posts_post_id_seq', 2147483640, false);
SELECT seed_posts(1, 9);
SELECT last_value, is_called FROM users_user_id_seq;
SELECT last_value, is_called FROM posts_post_id_seq;
SELECT setval('posts_post_id_seq', 1, false);

-- The lesson's seed, in small: user by user, post by post
SELECT seed_posts(3, 4);
SELECT * FROM users ORDER BY user_id;
SELECT * FROM posts ORDER BY post_id;
-- the sequences stand where as many INSERTs would have left them
SELECT last_value, is_called FROM users_user_id_seq;
SELECT last_value, is_called FROM posts_post_id_seq;
SELECT * FROM seed_indexes_ok();
-- the foreign key holds: no orphan, and a user with posts cannot go
SELECT count(*) AS orphans
FROM posts p
WHERE NOT EXISTS (SELECT FROM users u WHERE u.user_id = p.user_id);
DELETE FROM users WHERE user_id = 1;

-- A second call continues after the users already there
SELECT seed_posts(2, 2);
SELECT user_id, email, name FROM users ORDER BY user_id;
SELECT post_id, user_id, title FROM posts WHERE post_id > 12 ORDER BY post_id;

-- Rows inserted by hand: plain INSERTs take the next ids ...
INSERT INTO users (email, password) VALUES ('ada@example.com', 'x')
RETURNING user_id;
-- ... and an email of the seeder's own form, user9, moves the numbering
-- past it, so that the new emails cannot collide with the old ones
INSERT INTO users (email, password) VALUES ('user9@example.com', 'x')
RETURNING user_id;
SELECT seed_posts(1, 1);
SELECT user_id, email, name FROM users WHERE user_id > 5 ORDER BY user_id;
SELECT post_id, user_id, title FROM posts WHERE post_id > 16 ORDER BY post_id;

-- No posts per user: users without posts
SELECT seed_posts(2, 0);
SELECT u.user_id, u.email, count(p.post_id) AS posts
FROM users u LEFT JOIN posts p USING (user_id)
WHERE u.user_id > 7
GROUP BY u.user_id, u.email
ORDER BY u.user_id;

-- An index of the user's, on tables that already hold rows: its entries
-- are inserted row by row
CREATE INDEX idx_user_id ON posts (user_id);
SELECT seed_posts(100, 10);
SELECT * FROM seed_indexes_ok();
SELECT count(*) AS users, (SELECT count(*) FROM posts) AS posts FROM users;
ANALYZE users, posts;
EXPLAIN (COSTS OFF) SELECT * FROM posts WHERE user_id = 50;
SELECT count(*) FROM posts WHERE user_id = 50;

-- The same on empty tables: every index, idx_user_id too, is rebuilt once
-- after the rows are written
TRUNCATE posts, users RESTART IDENTITY;
SELECT seed_posts(200, 50);
SELECT * FROM seed_indexes_ok();
SELECT count(*) AS users, count(DISTINCT email) AS emails,
       (SELECT count(*) FROM posts) AS posts
FROM users;
SELECT min(post_id), max(post_id), max(user_id) FROM posts;
SELECT * FROM posts WHERE post_id IN (1, 50, 51, 10000) ORDER BY post_id;
ANALYZE users, posts;
EXPLAIN (COSTS OFF) SELECT * FROM posts WHERE user_id = 50;
-- (200 users fit in two pages: force the choice to show the index works)
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM users WHERE email = 'user7@example.com';
SELECT user_id, name FROM users WHERE email = 'user7@example.com';
RESET enable_seqscan;
-- later plain INSERTs go on after the seeded ids
INSERT INTO users (email, password) VALUES ('bob@example.com', 'x')
RETURNING user_id;
INSERT INTO posts (user_id, title) VALUES (201, 'By hand') RETURNING post_id;

-- A sequence with a cache: the ids start past the values this backend
-- (or any other) holds in its cache, and nextval() goes on after them
ALTER SEQUENCE posts_post_id_seq CACHE 10;
SELECT nextval('posts_post_id_seq');
SELECT seed_posts(1, 2);
SELECT post_id, user_id, title FROM posts ORDER BY post_id DESC LIMIT 2;
SELECT nextval('posts_post_id_seq');
ALTER SEQUENCE posts_post_id_seq CACHE 1;

-- Atomic: a post id of the user's lies in the range the seeder takes, so
-- its 3rd post collides; both tables are left as they were
SELECT count(*) AS users, (SELECT count(*) FROM posts) AS posts FROM users;
INSERT INTO posts (post_id, user_id, title)
SELECT last_value + 3, 1, 'In the way' FROM posts_post_id_seq;
SELECT seed_posts(2, 5);
SELECT count(*) AS users, (SELECT count(*) FROM posts) AS posts FROM users;

-- Atomic: a cancel part-way through leaves both tables as they were
SET statement_timeout = '200ms';
SELECT seed_posts(5, 500000);
RESET statement_timeout;
SELECT count(*) AS users, (SELECT count(*) FROM posts) AS posts FROM users;
SELECT * FROM seed_indexes_ok();

-- A hostile search_path: tables of the same names first in the path do
-- not catch the rows
CREATE SCHEMA decoy;
CREATE TABLE decoy.users (user_id int, email text, password text, name text);
CREATE TABLE decoy.posts (post_id int, user_id int, title text,
	description text, image text);
SET search_path = decoy, public;
SELECT public.seed_posts(1, 2);
RESET search_path;
SELECT (SELECT count(*) FROM decoy.users) AS decoy_users,
       (SELECT count(*) FROM decoy.posts) AS decoy_posts;
SELECT user_id, email FROM users ORDER BY user_id DESC LIMIT 1;
DROP SCHEMA decoy CASCADE;

-- Partial and expression indexes and an exclusion constraint: built on
-- empty tables, maintained row by row after, and used by the planner
TRUNCATE posts, users RESTART IDENTITY;
CREATE INDEX even_titles ON posts (title) WHERE post_id % 2 = 0;
CREATE INDEX lower_titles ON posts (lower(title));
ALTER TABLE posts ADD CONSTRAINT one_post_per_id
	EXCLUDE USING gist (box(point(post_id, 0), point(post_id, 0)) WITH &&);
SELECT seed_posts(3, 100);
SELECT seed_posts(2, 100);
SELECT * FROM seed_indexes_ok();
-- (whether a plan uses an index, without the plan's shape, which the
-- statistics may change)
CREATE FUNCTION seed_plan_uses(query text, index text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	line text;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
		IF line LIKE '%' || index || '%' THEN
			RETURN true;
		END IF;
	END LOOP;
	RETURN false;
END
$$;
SET enable_seqscan = off;
SELECT seed_plan_uses($q$SELECT * FROM posts
	WHERE post_id % 2 = 0 AND title = 'Title 4'$q$, 'even_titles');
SELECT count(*) FROM posts WHERE post_id % 2 = 0 AND title = 'Title 4';
SELECT seed_plan_uses($q$SELECT * FROM posts
	WHERE lower(title) = 'title 4'$q$, 'lower_titles');
SELECT count(*) FROM posts WHERE lower(title) = 'title 4';
SELECT seed_plan_uses($q$SELECT * FROM posts
	WHERE box(point(post_id, 0), point(post_id, 0))
	      && box(point(7, 0), point(9, 0))$q$, 'one_post_per_id');
SELECT count(*) FROM posts
WHERE box(point(post_id, 0), point(post_id, 0)) && box(point(7, 0), point(9, 0));
RESET enable_seqscan;
DROP FUNCTION seed_plan_uses(text, text);
DROP INDEX even_titles, lower_titles;
ALTER TABLE posts DROP CONSTRAINT one_post_per_id;

-- A unique index of the user's that the new rows violate: the error is
-- unique_violation either way; on an empty table it comes from the index
-- build, and nothing is left behind
TRUNCATE posts, users RESTART IDENTITY;
CREATE UNIQUE INDEX one_title ON posts (title);
\set VERBOSITY default
SELECT seed_posts(2, 2);
\set VERBOSITY terse
SELECT seed_posts(1, 2);
SELECT seed_posts(1, 2);
SELECT count(*) AS users, (SELECT count(*) FROM posts) AS posts FROM users;
DROP INDEX one_title;

-- In a read-only transaction it refuses, as INSERT does
BEGIN READ ONLY;
SELECT seed_posts(1, 1);
ROLLBACK;

-- Leave the tables empty for the tests that follow
TRUNCATE posts, users RESTART IDENTITY;
DROP INDEX idx_user_id;
DROP FUNCTION seed_indexes_ok();
DROP EXTENSION amcheck;
