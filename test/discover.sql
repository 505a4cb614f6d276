--
-- test/discover.sql: discover_fds() as pgTAP sees it
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
CREATE SCHEMA data;
-- the extension off the search_path, and a decoy table first on it
CREATE SCHEMA decoy;
CREATE TABLE decoy.enrollments (x int);
SET search_path = decoy, public;

CREATE TABLE data.enrollments (
	student_id int, course_id int, course_name text, instructor_name text);
INSERT INTO data.enrollments VALUES
	(1, 101, 'Databases', 'Codd'), (1, 102, 'Compilers', 'Aho'),
	(2, 101, 'Databases', 'Codd'), (3, 103, 'Networks', 'Cerf'),
	(3, 101, 'Databases', 'Codd'), (4, 104, 'Graphics', 'Codd');

SELECT plan(10);

SELECT has_function('lab', 'discover_fds', ARRAY['regclass', 'integer'],
	'discover_fds(regclass, integer) is installed');

SELECT is(
	(SELECT string_agg(array_to_string(d.lhs, ',') || ' -> ' || d.rhs, '; '
	                   ORDER BY d.n)
	 FROM lab.discover_fds('data.enrollments', 1)
	      WITH ORDINALITY AS d(lhs, rhs, n)),
	'course_id -> course_name; course_id -> instructor_name; '
	'course_name -> course_id; course_name -> instructor_name',
	'single-column dependencies of enrollments, in column order');

SELECT is(
	(SELECT count(*)::int FROM lab.discover_fds('data.enrollments')),
	6, 'six minimal dependencies hold in the six rows');

SELECT is_empty(
	$$SELECT 1 FROM lab.discover_fds('data.enrollments')
	  WHERE dependent = ANY (determinant)$$,
	'no dependency is trivial');

-- every reported dependency holds: no two rows agree on the determinant
-- and differ on the dependent
SELECT is_empty(
	$$SELECT 1 FROM data.enrollments a JOIN data.enrollments b
	  ON a.course_id = b.course_id
	  WHERE a.course_name <> b.course_name
	     OR a.instructor_name <> b.instructor_name$$,
	'course_id -> course_name, instructor_name holds in the data');

SELECT is_empty(
	$$SELECT 1 FROM lab.discover_fds('data.enrollments')
	  WHERE determinant = ARRAY['student_id', 'course_id']::name[]$$,
	'the key (student_id, course_id) determines nothing minimally');

-- after a change the search follows the data
UPDATE data.enrollments SET instructor_name = 'Date'
WHERE student_id = 2 AND course_id = 101;
SELECT is_empty(
	$$SELECT 1 FROM lab.discover_fds('data.enrollments')
	  WHERE determinant = ARRAY['course_id']::name[]
	    AND dependent = 'instructor_name'$$,
	'a contradicting row removes course_id -> instructor_name');

SELECT throws_ok(
	$$SELECT * FROM lab.discover_fds(NULL)$$,
	'22004', 'table must not be null', 'a NULL table is refused');
SELECT throws_ok(
	$$SELECT * FROM lab.discover_fds('data.enrollments', -1)$$,
	'22023', 'max_lhs must not be negative', 'a negative max_lhs is refused');
SELECT throws_ok(
	$$SELECT * FROM lab.discover_fds('data.no_such_table')$$,
	'42P01', NULL, 'a missing table is refused');

SELECT * FROM finish();
ROLLBACK;
