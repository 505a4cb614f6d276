--
-- test/schema.sql: the lesson's schema, as pgTAP sees it
--
\set QUIET 1
\set ON_ERROR_ROLLBACK 1
\set ON_ERROR_STOP true
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE SCHEMA lab;
CREATE EXTENSION sysdesign SCHEMA lab;

SELECT plan(40);

SELECT has_table('lab', 'users', 'users is installed in the chosen schema');
SELECT has_table('lab', 'posts', 'posts is installed in the chosen schema');
SELECT columns_are('lab', 'users',
	ARRAY['user_id', 'email', 'password', 'name'],
	'users has exactly the lesson''s columns');
SELECT columns_are('lab', 'posts',
	ARRAY['post_id', 'user_id', 'title', 'description', 'image'],
	'posts has exactly the lesson''s columns');

SELECT col_type_is('lab', 'users', 'user_id', 'integer', 'users.user_id is integer');
SELECT col_type_is('lab', 'users', 'email', 'character varying(255)', 'users.email is varchar(255)');
SELECT col_type_is('lab', 'users', 'password', 'character varying(255)', 'users.password is varchar(255)');
SELECT col_type_is('lab', 'users', 'name', 'character varying(255)', 'users.name is varchar(255)');
SELECT col_type_is('lab', 'posts', 'post_id', 'integer', 'posts.post_id is integer');
SELECT col_type_is('lab', 'posts', 'user_id', 'integer', 'posts.user_id is integer');
SELECT col_type_is('lab', 'posts', 'title', 'character varying(255)', 'posts.title is varchar(255)');
SELECT col_type_is('lab', 'posts', 'description', 'text', 'posts.description is text');
SELECT col_type_is('lab', 'posts', 'image', 'character varying(255)', 'posts.image is varchar(255)');

SELECT col_is_pk('lab', 'users', 'user_id', 'users.user_id is the primary key');
SELECT col_is_pk('lab', 'posts', 'post_id', 'posts.post_id is the primary key');
SELECT col_is_unique('lab', 'users', ARRAY['email'], 'users.email is unique');
SELECT fk_ok('lab', 'posts', 'user_id', 'lab', 'users', 'user_id',
	'posts.user_id references users.user_id');

SELECT col_not_null('lab', 'users', 'user_id', 'users.user_id is NOT NULL');
SELECT col_not_null('lab', 'users', 'email', 'users.email is NOT NULL');
SELECT col_not_null('lab', 'users', 'password', 'users.password is NOT NULL');
SELECT col_is_null('lab', 'users', 'name', 'users.name may be NULL');
SELECT col_not_null('lab', 'posts', 'post_id', 'posts.post_id is NOT NULL');
SELECT col_not_null('lab', 'posts', 'user_id', 'posts.user_id is NOT NULL');
SELECT col_not_null('lab', 'posts', 'title', 'posts.title is NOT NULL');
SELECT col_is_null('lab', 'posts', 'description', 'posts.description may be NULL');
SELECT col_is_null('lab', 'posts', 'image', 'posts.image may be NULL');

SELECT has_sequence('lab', 'users_user_id_seq', 'users.user_id is serial');
SELECT has_sequence('lab', 'posts_post_id_seq', 'posts.post_id is serial');
SELECT col_default_is('lab', 'users', 'user_id',
	'nextval(''lab.users_user_id_seq''::regclass)',
	'users.user_id draws from its own sequence');
SELECT col_default_is('lab', 'posts', 'post_id',
	'nextval(''lab.posts_post_id_seq''::regclass)',
	'posts.post_id draws from its own sequence');

SELECT hasnt_table('public', 'users', 'nothing is installed outside the chosen schema');

-- Behaviour
SELECT lives_ok(
	$$INSERT INTO lab.users (email, password, name) VALUES ('a@example.com', 'p', 'A')$$,
	'a user can be inserted');
SELECT throws_ok(
	$$INSERT INTO lab.users (email, password) VALUES ('a@example.com', 'q')$$,
	'23505', NULL, 'a second user with the same email is refused');
SELECT throws_ok(
	$$INSERT INTO lab.users (email, password) VALUES (NULL, 'q')$$,
	'23502', NULL, 'a user without an email is refused');
SELECT throws_ok(
	$$INSERT INTO lab.posts (user_id, title) VALUES (424242, 't')$$,
	'23503', NULL, 'a post of a missing user is refused');
SELECT throws_ok(
	$$INSERT INTO lab.posts (user_id, title)
	  SELECT user_id, NULL FROM lab.users$$,
	'23502', NULL, 'a post without a title is refused');
SELECT lives_ok(
	$$INSERT INTO lab.posts (user_id, title)
	  SELECT user_id, 'Title 1' FROM lab.users$$,
	'a post of an existing user can be inserted');
SELECT throws_ok(
	$$DELETE FROM lab.users$$,
	'23503', NULL, 'a user with posts cannot be deleted');

-- pg_dump keeps the data
SELECT set_eq(
	$$SELECT x::regclass::text
	  FROM pg_extension, unnest(extconfig) AS x
	  WHERE extname = 'sysdesign'$$,
	ARRAY['lab.users', 'lab.users_user_id_seq',
	      'lab.posts', 'lab.posts_post_id_seq', 'lab.fd_catalog'],
	'pg_dump dumps the rows and sequences of both tables, and the declared dependencies');
SELECT is(
	(SELECT count(*)::int FROM pg_depend
	 WHERE refobjid = (SELECT oid FROM pg_extension WHERE extname = 'sysdesign')
	   AND deptype = 'e' AND classid = 'pg_class'::regclass),
	6, 'the extension owns the two tables, their two sequences, the dependency catalog and its view');

SELECT * FROM finish();
ROLLBACK;
