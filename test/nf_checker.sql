--
-- test/nf_checker.sql: the normal-form checker, as pgTAP sees it
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

SELECT plan(44);

-- The objects, with the annotations the install script promises
SELECT has_table('lab', 'fd_catalog', 'the catalog of declarations is installed');
SELECT has_view('lab', 'fd_declarations', 'the view of declarations is installed');
SELECT columns_are('lab', 'fd_declarations',
	ARRAY['table_name', 'determinant', 'dependent', 'fd', 'missing_columns'],
	'the view shows the table, both sides, the text form and stale names');
SELECT has_function('lab', 'declare_fd', ARRAY['regclass', 'text'], 'declare_fd(regclass, text) exists');
SELECT has_function('lab', 'declare_fd', ARRAY['regclass', 'name[]', 'name[]'], 'declare_fd(regclass, name[], name[]) exists');
SELECT has_function('lab', 'undeclare_fd', ARRAY['regclass', 'text'], 'undeclare_fd(regclass, text) exists');
SELECT has_function('lab', 'undeclare_fd', ARRAY['regclass', 'name[]', 'name[]'], 'undeclare_fd(regclass, name[], name[]) exists');
SELECT has_function('lab', 'undeclare_fd', ARRAY['regclass'], 'undeclare_fd(regclass) exists');
SELECT has_function('lab', 'nf_report', ARRAY['regclass', 'boolean'], 'nf_report(regclass, boolean) exists');
SELECT has_function('lab', 'nf_level', ARRAY['regclass', 'boolean'], 'nf_level(regclass, boolean) exists');
SELECT has_function('lab', 'nf_decompose', ARRAY['regclass', 'text', 'name', 'boolean', 'boolean'], 'nf_decompose(regclass, text, name, boolean, boolean) exists');
SELECT has_function('lab', 'nf_examples', ARRAY['name'], 'nf_examples(name) exists');
SELECT function_returns('lab', 'nf_level', ARRAY['regclass', 'boolean'], 'text', 'nf_level returns text');
SELECT volatility_is('lab', 'nf_report', ARRAY['regclass', 'boolean'], 'stable', 'nf_report is STABLE');
SELECT volatility_is('lab', 'declare_fd', ARRAY['regclass', 'text'], 'volatile', 'declare_fd is VOLATILE');
SELECT is_strict('lab', 'nf_report', ARRAY['regclass', 'boolean'], 'nf_report is STRICT');
SELECT isnt_strict('lab', 'declare_fd', ARRAY['regclass', 'text'], 'declare_fd is CALLED ON NULL INPUT, so that NULL is an error');
SELECT isnt_definer('lab', 'declare_fd', ARRAY['regclass', 'text'], 'declare_fd runs with the caller''s rights');
SELECT is(
	(SELECT count(*)::int FROM pg_proc
	 WHERE pronamespace = 'lab'::regnamespace
	   AND proname IN ('declare_fd', 'undeclare_fd', 'nf_report', 'nf_level',
					   'nf_decompose', 'nf_examples', 'fd_catalog_cleanup')
	   AND NOT 'search_path=pg_catalog, pg_temp' = ANY (proconfig)),
	0, 'every function of the checker pins its search_path');
SELECT ok(EXISTS (SELECT FROM pg_event_trigger
				  WHERE evtname = 'sysdesign_fd_catalog_cleanup'
					AND evtevent = 'sql_drop' AND evtenabled = 'O'),
	'an enabled sql_drop event trigger forgets dropped tables');
SELECT table_privs_are('lab', 'fd_catalog', 'public', ARRAY[]::text[],
	'nobody but its owner may touch the catalog directly');
SELECT table_privs_are('lab', 'fd_declarations', 'public', ARRAY['SELECT'],
	'everyone may read the view of declarations');

-- The lesson's examples and their levels
SELECT lives_ok($$SELECT lab.nf_examples('lesson')$$, 'the examples are created');
SELECT results_eq(
	$$SELECT t::text, lab.nf_level(t) FROM unnest(ARRAY['lesson.enrollments',
	  'lesson.employees', 'lesson.users', 'lesson.library_cards', 'lesson.books',
	  'lesson.genres', 'lesson.book_genres']::regclass[]) t$$,
	$$VALUES ('lesson.enrollments', '1NF'), ('lesson.employees', '2NF'),
	  ('lesson.users', 'BCNF'), ('lesson.library_cards', 'BCNF'),
	  ('lesson.books', 'BCNF'), ('lesson.genres', 'BCNF'),
	  ('lesson.book_genres', 'BCNF')$$,
	'enrollments breaks 2NF, employees 3NF, the library is in BCNF');
SELECT results_eq(
	$$SELECT kind, determinant, dependent FROM lab.nf_report('lesson.enrollments')
	  WHERE kind = 'partial dependency'$$,
	$$VALUES ('partial dependency', ARRAY['course_id'],
	  ARRAY['course_name', 'instructor_name'])$$,
	'the partial dependency of enrollments is found');
SELECT is(
	(SELECT kind FROM lab.nf_report('lesson.employees') ORDER BY seq DESC LIMIT 1),
	'summary', 'the last row of a report is the summary');
SELECT is(
	(SELECT normal_form FROM lab.nf_report('lesson.employees') WHERE kind = 'summary'),
	lab.nf_level('lesson.employees'), 'the summary and nf_level agree');

-- Textbook cases
CREATE TABLE lesson.address (street text, city text, zip text,
							 PRIMARY KEY (street, city));
SELECT lab.declare_fd('lesson.address', 'zip -> city') \g /dev/null
SELECT set_eq(
	$$SELECT determinant FROM lab.nf_report('lesson.address') WHERE kind = 'candidate key'$$,
	$$VALUES (ARRAY['street', 'city']), (ARRAY['street', 'zip'])$$,
	'street, city and street, zip are both candidate keys');
SELECT is(lab.nf_level('lesson.address'), '3NF', 'street/city/zip is in 3NF, not BCNF');
SELECT ok(EXISTS (SELECT FROM lab.nf_decompose('lesson.address', 'BCNF')
				  WHERE kind = 'dependency' AND key = ARRAY['street', 'city']),
	'the BCNF decomposition says it loses street, city -> zip');
CREATE TABLE lesson.cyc (a int, b int, c int);
SELECT lab.declare_fd('lesson.cyc', 'a -> b'), lab.declare_fd('lesson.cyc', 'b -> c'),
	   lab.declare_fd('lesson.cyc', 'c -> a') \g /dev/null
SELECT is((SELECT count(*)::int FROM lab.nf_report('lesson.cyc', false)
		   WHERE kind = 'candidate key'), 3, 'cyclic dependencies make every column a key');

-- Errors, with their SQLSTATEs
SELECT throws_ok($$SELECT lab.declare_fd('lesson.address', 'zip -> town')$$,
	'42703', NULL, 'an unknown column is undefined_column');
SELECT throws_ok($$SELECT lab.declare_fd('lesson.address', 'zip -> city')$$,
	'42710', NULL, 'a duplicate declaration is duplicate_object');
SELECT throws_ok($$SELECT lab.declare_fd('lesson.address', 'zip, city -> city')$$,
	'22023', NULL, 'a trivial dependency is refused');
SELECT throws_ok($$SELECT lab.declare_fd('lesson.address', 'zip city')$$,
	'42601', NULL, 'text that is not a dependency is a syntax error');
SELECT throws_ok($$SELECT lab.declare_fd('lesson.address', NULL::text)$$,
	'22004', NULL, 'a NULL dependency is refused');
SELECT throws_ok($$SELECT lab.undeclare_fd('lesson.address', 'city -> zip')$$,
	'42704', NULL, 'undeclaring what is not declared is undefined_object');
SELECT throws_ok($$SELECT * FROM lab.nf_decompose('lesson.address', '4NF')$$,
	'22023', NULL, 'an unknown target normal form is refused');

-- Privileges: declaring needs ownership
CREATE ROLE tap_nf_other;
GRANT USAGE ON SCHEMA lesson, lab TO tap_nf_other;
GRANT SELECT ON lesson.address TO tap_nf_other;
SET LOCAL ROLE tap_nf_other;
SELECT throws_ok($$SELECT lab.declare_fd('lesson.address', 'street -> zip')$$,
	'42501', NULL, 'another role cannot declare on a table it does not own');
SELECT throws_ok($$DELETE FROM lab.fd_catalog$$,
	'42501', NULL, 'another role cannot write the catalog directly');
SELECT is(lab.nf_level('lesson.address'), '3NF', 'another role may read the report of a table it can read');
RESET ROLE;

-- Declarations follow their table
SELECT lives_ok($$DROP TABLE lesson.cyc$$, 'a table with declarations can be dropped');
SELECT is((SELECT count(*)::int FROM lab.fd_catalog WHERE tbl::oid NOT IN (SELECT oid FROM pg_class)),
	0, 'no declaration outlives its table');
ALTER TABLE lesson.address RENAME COLUMN city TO town;
SELECT throws_ok($$SELECT lab.nf_level('lesson.address')$$,
	'55000', NULL, 'nf_level refuses a stale declaration instead of guessing');

SELECT * FROM finish();
ROLLBACK;
