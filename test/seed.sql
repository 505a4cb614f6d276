--
-- test/seed.sql: seed_posts() as pgTAP sees it, with the extension in a
-- schema of its own that is not on the search_path
--
\set QUIET 1
\set ON_ERROR_ROLLBACK 1
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS amcheck;
CREATE SCHEMA lab;
CREATE EXTENSION sysdesign SCHEMA lab;

SELECT plan(35);

-- The plan of a query, one line per row
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || query;
END
$$;

-- Whether amcheck passes every index of both tables (it raises otherwise)
CREATE FUNCTION pg_temp.indexes_sound() RETURNS boolean
LANGUAGE sql AS $$
	SELECT bool_and(bt_index_check(indexrelid, true) IS NOT NULL)
	FROM pg_index
	WHERE indrelid IN ('lab.users'::regclass, 'lab.posts'::regclass)
$$;

-- Invalid input
SELECT throws_ok('SELECT lab.seed_posts(NULL, 1)', '22004',
	'number of users must not be null', 'NULL users is refused');
SELECT throws_ok('SELECT lab.seed_posts(1, NULL)', '22004',
	'number of posts per user must not be null',
	'NULL posts_per_user is refused');
SELECT throws_ok('SELECT lab.seed_posts(0, 1)', '22023',
	'number of users must be greater than zero', 'zero users is refused');
SELECT throws_ok('SELECT lab.seed_posts(1, -1)', '22023',
	'number of posts per user must not be negative',
	'a negative posts_per_user is refused');
SELECT throws_ok('SELECT lab.seed_posts(46341, 46341)', '22003',
	'too many posts requested',
	'more posts than post_id can number are refused');
SELECT is((SELECT count(*) FROM lab.users), 0::bigint,
	'invalid input writes nothing');

-- The lesson's rows
SELECT is(lab.seed_posts(3, 4), 12::bigint,
	'seed_posts(3, 4) returns the number of posts');
SELECT results_eq(
	'SELECT user_id, email::text, password::text, name::text
	 FROM lab.users ORDER BY user_id',
	$$VALUES (1, 'user1@example.com', 'pass1', 'User 1'),
	         (2, 'user2@example.com', 'pass2', 'User 2'),
	         (3, 'user3@example.com', 'pass3', 'User 3')$$,
	'the users are user<i>@example.com, pass<i>, User <i>');
SELECT results_eq(
	'SELECT post_id, user_id, title::text, description, image::text
	 FROM lab.posts ORDER BY post_id',
	$$SELECT (u - 1) * 4 + j, u, 'Title ' || j,
	         'Description for post ' || j, NULL::text
	  FROM generate_series(1, 3) u, generate_series(1, 4) j
	  ORDER BY u, j$$,
	'each user has posts Title 1 .. Title 4, in order');
SELECT ok(pg_temp.indexes_sound(), 'every index passes amcheck');
SELECT is(
	(SELECT count(*) FROM lab.posts p
	 WHERE NOT EXISTS (SELECT FROM lab.users u WHERE u.user_id = p.user_id)),
	0::bigint, 'every post has its user');
SELECT lives_ok(
	$$INSERT INTO lab.users (email, password) VALUES ('ada@example.com', 'x')$$,
	'a plain INSERT after the seed does not collide');
SELECT is(currval('lab.users_user_id_seq'), 4::bigint,
	'and takes the id after the seeded ones');

-- A second call
SELECT is(lab.seed_posts(2, 1), 2::bigint, 'a second call seeds again');
SELECT results_eq(
	'SELECT email::text FROM lab.users WHERE user_id > 4 ORDER BY user_id',
	ARRAY['user4@example.com', 'user5@example.com'],
	'and numbers its users after the ones already there');

-- A user index, maintained row by row on a table that holds rows
CREATE INDEX idx_user_id ON lab.posts (user_id);
SELECT is(lab.seed_posts(50, 20), 1000::bigint, 'seeding with idx_user_id');
SELECT ok(pg_temp.indexes_sound(), 'idx_user_id passes amcheck');
ANALYZE lab.posts;
SELECT ok(EXISTS (
	SELECT FROM pg_temp.plan_of('SELECT * FROM lab.posts WHERE user_id = 30') p
	WHERE p LIKE '%idx_user_id%'), 'the planner uses idx_user_id');

-- ... and rebuilt on an empty one
TRUNCATE lab.posts, lab.users;
SELECT is(lab.seed_posts(100, 30), 3000::bigint, 'seeding empty tables');
SELECT ok(pg_temp.indexes_sound(), 'the rebuilt indexes pass amcheck');
ANALYZE lab.posts;
SELECT ok(EXISTS (
	SELECT FROM pg_temp.plan_of('SELECT * FROM lab.posts WHERE user_id = 30') p
	WHERE p LIKE '%idx_user_id%'), 'the planner uses the rebuilt idx_user_id');

-- Triggers and CHECK constraints
CREATE FUNCTION pg_temp.shout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.title := upper(NEW.title);
	RETURN NEW;
END
$$;
CREATE TRIGGER shout BEFORE INSERT ON lab.posts
	FOR EACH ROW EXECUTE FUNCTION pg_temp.shout();
SELECT is(lab.seed_posts(1, 2), 2::bigint, 'seeding through a trigger');
SELECT results_eq(
	'SELECT title::text FROM lab.posts ORDER BY post_id DESC LIMIT 2',
	ARRAY['TITLE 2', 'TITLE 1'], 'the BEFORE trigger changed every row');
DROP TRIGGER shout ON lab.posts;

ALTER TABLE lab.posts ADD CONSTRAINT no_title_40 CHECK (title <> 'Title 40');
SELECT throws_ok('SELECT lab.seed_posts(2, 40)', '23514',
	'new row for relation "posts" violates check constraint "no_title_40"',
	'a CHECK constraint is enforced');
SELECT is((SELECT count(*) FROM lab.posts), 3002::bigint,
	'and the failed call left no row');
ALTER TABLE lab.posts DROP CONSTRAINT no_title_40;

-- Privileges and row-level security
CREATE ROLE tap_seed_writer;
GRANT USAGE ON SCHEMA lab TO tap_seed_writer;
GRANT INSERT ON lab.users TO tap_seed_writer;
SET LOCAL ROLE tap_seed_writer;
SELECT throws_ok('SELECT lab.seed_posts(1, 1)', '42501',
	'permission denied for table posts',
	'without INSERT on posts, the error of a plain INSERT');
RESET ROLE;
GRANT INSERT ON lab.posts TO tap_seed_writer;
SET LOCAL ROLE tap_seed_writer;
SELECT throws_ok('SELECT lab.seed_posts(1, 1)', '42501',
	'permission denied for sequence users_user_id_seq',
	'without USAGE on the sequence, the error of nextval()');
RESET ROLE;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA lab TO tap_seed_writer;
SET LOCAL ROLE tap_seed_writer;
SELECT is(lab.seed_posts(1, 1), 1::bigint,
	'with INSERT and USAGE the caller may seed');
RESET ROLE;

ALTER TABLE lab.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY only_example ON lab.users FOR INSERT
	WITH CHECK (email LIKE '%@example.org');
SET LOCAL ROLE tap_seed_writer;
SELECT throws_ok('SELECT lab.seed_posts(1, 1)', '42501',
	'new row violates row-level security policy for table "users"',
	'a row-level security policy is enforced');
RESET ROLE;
SELECT is(lab.seed_posts(1, 1), 1::bigint,
	'the owner, exempt from the policy, may seed');
SELECT ok(pg_temp.indexes_sound(), 'every index still passes amcheck');

-- Dropped columns: the rows get NULL there, the indexes stay sound
ALTER TABLE lab.posts ADD COLUMN likes int, ADD COLUMN tags text;
ALTER TABLE lab.posts DROP COLUMN likes;
ALTER TABLE lab.posts DROP COLUMN tags;
ALTER TABLE lab.posts DISABLE ROW LEVEL SECURITY;
ALTER TABLE lab.users DISABLE ROW LEVEL SECURITY;
TRUNCATE lab.posts, lab.users RESTART IDENTITY;
SELECT is(lab.seed_posts(10, 10), 100::bigint,
	'seeding a table with dropped columns');
SELECT results_eq(
	'SELECT post_id, user_id, title::text, image::text
	 FROM lab.posts WHERE post_id IN (1, 100) ORDER BY post_id',
	$$VALUES (1, 1, 'Title 1', NULL::text), (100, 10, 'Title 10', NULL)$$,
	'its rows are the lesson''s');
SELECT is(lab.seed_posts(1, 5), 5::bigint,
	'seeding it again, index entries row by row');
SELECT ok(pg_temp.indexes_sound(),
	'with dropped columns every index passes amcheck');

SELECT * FROM finish();
ROLLBACK;
