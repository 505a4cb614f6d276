--
-- test/explain.sql: the EXPLAIN ANALYZE lab, as pgTAP sees it
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
SET LOCAL search_path = lab, public;
SET LOCAL max_parallel_workers_per_gather = 0;

SELECT plan(28);

SELECT has_function('lab', 'explain_analyze',
	ARRAY['text', 'integer', 'boolean', 'boolean', 'interval'],
	'explain_analyze(query, runs, timing, allow_writes, timeout) exists');
SELECT has_function('lab', 'explain_time', ARRAY['text'],
	'explain_time(query) exists');
SELECT has_function('lab', 'explain_nodes', ARRAY['jsonb'],
	'explain_nodes(plan) exists');
SELECT has_function('lab', 'explain_nodes', ARRAY['text', 'boolean', 'boolean'],
	'explain_nodes(query, timing, allow_writes) exists');
SELECT has_function('lab', 'index_effect',
	ARRAY['text', 'text', 'text', 'integer', 'boolean', 'interval'],
	'index_effect(query, index_ddl, mode, runs, allow_writes, timeout) exists');
SELECT has_function('lab', 'index_compare',
	ARRAY['text', 'text[]', 'text[]', 'integer'],
	'index_compare(query, candidates, other_queries, runs) exists');
SELECT has_function('lab', 'index_advise', ARRAY['text'],
	'index_advise(query) exists');
SELECT volatility_is('lab', 'explain_analyze',
	ARRAY['text', 'integer', 'boolean', 'boolean', 'interval'], 'volatile',
	'explain_analyze is volatile');

-- A small copy of the lesson's data
INSERT INTO lab.users (email, password, name)
SELECT 'user' || i || '@example.com', 'pass' || i, 'User ' || i
FROM generate_series(1, 3) i;
INSERT INTO lab.posts (user_id, title, description)
SELECT u, 'Title ' || p, 'Description for post ' || p
FROM generate_series(1, 3) u, generate_series(1, 3000) p;
ANALYZE lab.users, lab.posts;

SELECT is(
	(SELECT measured_runs FROM explain_analyze('SELECT count(*) FROM lab.posts', runs => 4)),
	4, 'runs => 4 measures four runs besides the warm-up');
SELECT is(
	(SELECT rows FROM explain_analyze('SELECT * FROM lab.posts WHERE user_id = 2')),
	3000::bigint, 'rows counts what the query returned');
SELECT is(
	(SELECT rows_removed FROM explain_analyze('SELECT * FROM lab.posts WHERE user_id = 2')),
	6000::bigint, 'rows_removed counts what the Filter threw away');
SELECT ok(
	(SELECT min_ms <= median_ms AND median_ms <= max_ms
	 FROM explain_analyze('SELECT count(*) FROM lab.posts')),
	'the median lies between min and max');
SELECT is(
	(SELECT scans FROM explain_analyze('SELECT * FROM lab.posts WHERE post_id = 1')),
	ARRAY['Index Scan using posts_pkey on posts'],
	'scans names the index and the table');
SELECT ok(
	(SELECT explain_time('SELECT count(*) FROM lab.posts') >= 0),
	'explain_time returns a time');
SELECT is(
	(SELECT count(*)::int FROM explain_nodes('SELECT count(*) FROM lab.posts WHERE title = ''Title 1''')),
	2, 'explain_nodes returns one row per node');

SELECT throws_ok(
	$$SELECT * FROM explain_analyze('SELECT 1; SELECT 2')$$,
	'22023', 'query must contain exactly one statement',
	'two statements are refused');
SELECT throws_ok(
	$$SELECT * FROM explain_analyze('DELETE FROM lab.posts')$$,
	'25006', 'query would modify data',
	'a DELETE needs allow_writes');
SELECT throws_ok(
	$$SELECT * FROM explain_analyze('DROP TABLE lab.posts')$$,
	'0A000', 'DROP TABLE cannot be measured',
	'DDL is refused');
SELECT throws_ok(
	$$SELECT * FROM explain_analyze('SELECT 1', runs => 0)$$,
	'22023', 'runs must be between 1 and 1000',
	'runs must be positive');
SELECT ok(
	(SELECT timed_out FROM explain_analyze('SELECT pg_sleep(1)', timeout => '20ms')),
	'a run stopped by the timeout is reported, not raised');

SELECT is(
	(SELECT verdict FROM index_effect(
		'SELECT * FROM lab.posts WHERE user_id = 2 AND title = ''Title 9''',
		'CREATE INDEX idx_user_title ON lab.posts (user_id, title)')),
	'helps', 'an index on both columns helps');
SELECT hasnt_index('lab', 'posts', 'idx_user_title',
	'mode rollback leaves no index behind');
SELECT throws_ok(
	$$SELECT * FROM index_effect('SELECT 1', 'CREATE INDEX CONCURRENTLY ON lab.posts (title)')$$,
	'0A000', 'CREATE INDEX CONCURRENTLY cannot be measured',
	'CREATE INDEX CONCURRENTLY is refused');
SELECT throws_ok(
	$$SELECT * FROM index_effect('SELECT 1', 'CREATE INDEX ON lab.posts (title)', 'maybe')$$,
	'22023', 'unrecognized mode "maybe"',
	'an unknown mode is refused');

SELECT is(
	(SELECT index_ddl FROM index_advise(
		'SELECT * FROM lab.posts WHERE user_id = $1 AND title = $2')),
	'CREATE INDEX posts_title_user_id_idx ON lab.posts (title, user_id)',
	'index_advise puts the more selective equality column first');
SELECT is(
	(SELECT served_by FROM index_advise('SELECT * FROM lab.posts WHERE post_id = 7')),
	'posts_pkey', 'index_advise names the index that serves already');
SELECT is(
	(SELECT index_ddl FROM index_compare(
		'SELECT * FROM lab.posts WHERE user_id = 2 AND title = ''Title 9''',
		ARRAY['CREATE INDEX ON lab.posts (description)',
		      'CREATE INDEX ON lab.posts (user_id, title)'])
	 WHERE rank = 1),
	'CREATE INDEX ON lab.posts (user_id, title)',
	'index_compare ranks the index on the query''s columns first');
SELECT hasnt_index('lab', 'posts', 'posts_user_id_title_idx',
	'index_compare leaves no index behind');

SELECT * FROM finish();
ROLLBACK;
