--
-- nf_report() and nf_level(): the lesson's examples and textbook cases
--
\set VERBOSITY terse

-- The lesson's examples live in a schema of the caller's choice, beside
-- the extension's own users table
SELECT * FROM nf_examples('lesson');
-- Invalid input: the extension's schema already has a users table
SELECT * FROM nf_examples('public');
-- Invalid input: the examples exist already
SELECT * FROM nf_examples('lesson');
SELECT * FROM nf_examples(NULL);
SELECT table_name, fd FROM fd_declarations
ORDER BY table_name::text COLLATE "C", fd COLLATE "C";

-- enrollments: course_name and instructor_name depend on part of the key
SELECT seq, normal_form, kind, determinant, dependent, explanation, fix
FROM nf_report('lesson.enrollments') ORDER BY seq;
-- employees: department_name depends on the key through department_id
SELECT seq, normal_form, kind, determinant, dependent, explanation, fix
FROM nf_report('lesson.employees') ORDER BY seq;
-- the library is in BCNF; users and library_cards have two keys each
SELECT seq, normal_form, kind, determinant, dependent, explanation
FROM nf_report('lesson.users') ORDER BY seq;
SELECT seq, normal_form, kind, determinant, dependent, explanation
FROM nf_report('lesson.library_cards') ORDER BY seq;
SELECT t AS "table", nf_level(t) FROM unnest(ARRAY[
	'lesson.enrollments', 'lesson.employees', 'lesson.users',
	'lesson.library_cards', 'lesson.books', 'lesson.genres',
	'lesson.book_genres']::regclass[]) AS t;

-- 3NF but not BCNF: street, city -> zip and zip -> city
CREATE SCHEMA tb;
CREATE TABLE tb.address (street text, city text, zip text,
						 PRIMARY KEY (street, city));
SELECT declare_fd('tb.address', 'zip -> city');
SELECT seq, normal_form, kind, determinant, dependent, explanation, fix
FROM nf_report('tb.address') ORDER BY seq;

-- Overlapping candidate keys, and a partial dependency that only the
-- second key shows: the primary key (a, b) alone would miss it
CREATE TABLE tb.overlap (a int, b int, c int, d int, PRIMARY KEY (a, b));
SELECT declare_fd('tb.overlap', 'a, c -> b');
SELECT declare_fd('tb.overlap', 'c -> d');
SELECT seq, normal_form, kind, determinant, dependent
FROM nf_report('tb.overlap') ORDER BY seq;
SELECT nf_level('tb.overlap');

-- Cyclic dependencies: every column is a key
CREATE TABLE tb.cycle (a int, b int, c int);
SELECT declare_fd('tb.cycle', 'a -> b');
SELECT declare_fd('tb.cycle', 'b -> c');
SELECT declare_fd('tb.cycle', 'c -> a');
SELECT seq, normal_form, kind, determinant, dependent, fix
FROM nf_report('tb.cycle', check_data => false) ORDER BY seq;

-- A left side that is a superkey but not a minimal one changes nothing
CREATE TABLE tb.superkey (a int PRIMARY KEY, b int, c int, d int);
SELECT declare_fd('tb.superkey', 'a, b -> c, d');
SELECT seq, normal_form, kind, determinant, dependent
FROM nf_report('tb.superkey') ORDER BY seq;

-- A primary key wider than a key: (a, b) while a alone determines b
CREATE TABLE tb.widepk (a int, b int, c int, PRIMARY KEY (a, b));
SELECT declare_fd('tb.widepk', 'a -> b');
SELECT seq, normal_form, kind, determinant, dependent, explanation, fix
FROM nf_report('tb.widepk') ORDER BY seq;

-- Multi-column right sides split across two findings
CREATE TABLE tb.orders (order_id int, product_id int, customer_id int,
						customer_name text, product_name text, price numeric,
						qty int, PRIMARY KEY (order_id, product_id));
SELECT declare_fd('tb.orders', 'order_id -> customer_id, customer_name');
SELECT declare_fd('tb.orders', 'customer_id -> customer_name');
SELECT declare_fd('tb.orders', 'product_id -> product_name, price');
SELECT seq, normal_form, kind, determinant, dependent
FROM nf_report('tb.orders') ORDER BY seq;

-- No non-trivial dependency and no key: all the columns are the key, and
-- duplicate rows are counted from the data
CREATE TABLE tb.bag (x int, y text);
INSERT INTO tb.bag VALUES (1, 'a'), (1, 'a'), (1, 'a'), (2, 'b'), (2, NULL), (2, NULL);
SELECT seq, normal_form, kind, determinant, dependent, explanation, fix
FROM nf_report('tb.bag') ORDER BY seq;
SELECT nf_level('tb.bag'), nf_level('tb.bag', false);
-- a one-column table is its own key
CREATE TABLE tb.one (x int PRIMARY KEY);
SELECT kind, explanation FROM nf_report('tb.one') ORDER BY seq;
-- a link table whose key is all its columns is in BCNF
SELECT nf_level('lesson.book_genres');

-- Unique indexes: nullable, partial, on expressions, without a PRIMARY KEY
CREATE TABLE tb.keys (id int NOT NULL, email text, code text NOT NULL,
					  nick text NOT NULL);
CREATE UNIQUE INDEX keys_id ON tb.keys (id);
CREATE UNIQUE INDEX keys_email ON tb.keys (email);
CREATE UNIQUE INDEX keys_code_partial ON tb.keys (code) WHERE id > 0;
CREATE UNIQUE INDEX keys_nick_lower ON tb.keys (lower(nick));
SELECT seq, normal_form, kind, determinant, dependent, explanation, fix
FROM nf_report('tb.keys') ORDER BY seq;

-- Multi-valued columns break 1NF: arrays, json, jsonb, composites,
-- multiranges, domains over them, hstore
CREATE EXTENSION hstore SCHEMA tb;
CREATE TYPE tb.pair AS (l int, r int);
CREATE DOMAIN tb.tags AS text[];
CREATE TABLE tb.multi (id int PRIMARY KEY, phones text[], doc json,
					   docb jsonb, p tb.pair, r int4multirange, t tb.tags,
					   h tb.hstore, note text);
INSERT INTO tb.multi VALUES (1, '{1,2}', '{"a": 1}', '{}', '(1,2)', '{[1,2)}',
							 '{x}', 'a=>1', 'ok');
SELECT seq, normal_form, kind, dependent, explanation
FROM nf_report('tb.multi') ORDER BY seq;
SELECT nf_level('tb.multi');

-- A declaration the data contradict is flagged, the level is not changed
CREATE TABLE tb.emp (employee_id int PRIMARY KEY, department_id int,
					 department_name text, blob json);
INSERT INTO tb.emp VALUES (1, 10, 'Eng', '{}'), (2, 10, 'Engineering', '{}'),
	(3, 20, 'Sales', '{}'), (4, 20, 'Sales', '{}'), (5, NULL, 'x', '{}'),
	(6, NULL, 'y', '{}');
SELECT declare_fd('tb.emp', 'department_id -> department_name');
SELECT declare_fd('tb.emp', 'department_id -> blob');
SELECT seq, normal_form, kind, determinant, dependent, explanation, fix
FROM nf_report('tb.emp') ORDER BY seq;
SELECT count(*) FROM nf_report('tb.emp', false);

-- Keys that follow from declarations only are offered a constraint
CREATE TABLE tb.loose (code text, name text, region text);
SELECT declare_fd('tb.loose', 'code -> name, region');
SELECT declare_fd('tb.loose', 'name -> code');
SELECT seq, normal_form, kind, determinant, dependent, fix
FROM nf_report('tb.loose') ORDER BY seq;

-- A wide table: 45 columns, a transitive and a partial dependency
SELECT format('CREATE TABLE tb.wide (%s, PRIMARY KEY (c1, c2))',
			  string_agg(format('c%s int', i), ', ' ORDER BY i))
FROM generate_series(1, 45) i \gexec
SELECT declare_fd('tb.wide', 'c3 -> c4, c5, c40');
SELECT declare_fd('tb.wide', 'c2 -> c45');
SELECT seq, normal_form, kind, determinant, dependent
FROM nf_report('tb.wide') WHERE kind <> 'candidate key' ORDER BY seq;
SELECT nf_level('tb.wide');

-- Hostile names: spaces, quotes and upper case, in a quoted schema
CREATE SCHEMA "Odd ""Schema""";
CREATE TABLE "Odd ""Schema"""."Post Office" ("Street Name" text,
	"City" text, "zip ""code""" text, PRIMARY KEY ("Street Name", "City"));
SELECT declare_fd('"Odd ""Schema"""."Post Office"', '"zip ""code""" -> "City"');
SELECT seq, normal_form, kind, determinant, dependent, explanation, fix
FROM nf_report('"Odd ""Schema"""."Post Office"') ORDER BY seq;

-- A search_path that puts hostile objects before pg_catalog: the
-- functions pin their own path and do not see them
CREATE SCHEMA evil;
CREATE FUNCTION evil.boom(int, int) RETURNS boolean
	LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'captured'; END$$;
CREATE OPERATOR evil.= (LEFTARG = int, RIGHTARG = int, FUNCTION = evil.boom);
CREATE FUNCTION evil.boom(bigint, int) RETURNS boolean
	LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'captured'; END$$;
CREATE OPERATOR evil.> (LEFTARG = bigint, RIGHTARG = int, FUNCTION = evil.boom);
CREATE FUNCTION evil.quote_ident(text) RETURNS text
	LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'captured'; END$$;
CREATE TABLE evil.fd_catalog (tbl regclass, lhs name[], rhs name[]);
SET search_path = evil, pg_catalog, public;
SELECT declare_fd('tb.emp', 'employee_id, department_id -> blob');
SELECT undeclare_fd('tb.emp', 'employee_id, department_id -> blob');
SELECT nf_level('tb.emp'), nf_level('tb.bag');
SELECT count(*) FROM nf_report('tb.emp');
SELECT count(*) FROM fd_declarations;
SELECT count(*) FROM nf_decompose('tb.emp');
RESET search_path;
DROP SCHEMA evil CASCADE;

-- Too many candidate keys: a_i <-> b_i for five pairs gives 2^5 keys
CREATE TABLE tb.many (a1 int, b1 int, a2 int, b2 int, a3 int, b3 int,
					  a4 int, b4 int, a5 int, b5 int);
SELECT declare_fd('tb.many', format('a%s -> b%s', i, i)),
	   declare_fd('tb.many', format('b%s -> a%s', i, i))
FROM generate_series(1, 5) i;
SELECT count(*) FROM nf_report('tb.many', false) WHERE kind = 'candidate key';
SET sysdesign.max_candidate_keys = 20;
\set VERBOSITY default
SELECT nf_level('tb.many');
\set VERBOSITY terse
RESET sysdesign.max_candidate_keys;
-- Invalid input: an unknown setting in the reserved prefix
SET sysdesign.max_candidate_kyes = 5;

-- Errors carry a detail and a hint
\set VERBOSITY default
SELECT declare_fd('tb.emp', 'department_id -> department_name,');
SELECT declare_fd('tb.emp', 'department_id -> department_id');
\set VERBOSITY terse
-- Invalid input: NULL gives NULL, as with any strict function
SELECT count(*) FROM nf_report(NULL);
SELECT nf_level(NULL) IS NULL AS is_null;

DROP SCHEMA tb CASCADE;
DROP SCHEMA "Odd ""Schema""" CASCADE;
DROP SCHEMA lesson CASCADE;
