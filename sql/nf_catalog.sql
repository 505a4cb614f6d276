--
-- Declaring functional dependencies: the catalog, its view, its errors,
-- its privileges, and what happens when the table or a column changes
--
\set VERBOSITY terse

CREATE SCHEMA nfc;
CREATE TABLE nfc.enrollments (
	student_id int,
	course_id int,
	course_name text,
	instructor_name text,
	PRIMARY KEY (student_id, course_id)
);

-- The text form and the array form
SELECT declare_fd('nfc.enrollments', 'course_id -> course_name, instructor_name');
SELECT declare_fd('nfc.enrollments', ARRAY['course_name']::name[],
				  ARRAY['instructor_name']::name[]);
-- whitespace is free, and the right side is stored in column order
SELECT declare_fd('nfc.enrollments', E'  student_id,course_id\n->instructor_name ,course_name ');
SELECT table_name, determinant, dependent, fd, missing_columns
FROM fd_declarations
ORDER BY table_name::text COLLATE "C", fd COLLATE "C";

-- Invalid input: a column the table does not have
SELECT declare_fd('nfc.enrollments', 'course_id -> teacher');
SELECT declare_fd('nfc.enrollments', ARRAY['nope']::name[], ARRAY['course_id']::name[]);
-- Invalid input: system columns
SELECT declare_fd('nfc.enrollments', 'ctid -> course_id');
-- Invalid input: empty sides
SELECT declare_fd('nfc.enrollments', 'course_id ->');
SELECT declare_fd('nfc.enrollments', ' -> course_id');
SELECT declare_fd('nfc.enrollments', '{}'::name[], ARRAY['course_id']::name[]);
SELECT declare_fd('nfc.enrollments', ARRAY['course_id']::name[], '{}'::name[]);
-- Invalid input: not a dependency at all
SELECT declare_fd('nfc.enrollments', 'course_id');
SELECT declare_fd('nfc.enrollments', 'course_id -> course_name -> x');
SELECT declare_fd('nfc.enrollments', '');
-- Invalid input: a duplicate, however it is written
SELECT declare_fd('nfc.enrollments', 'course_id -> instructor_name, course_name');
SELECT declare_fd('nfc.enrollments', ARRAY['course_id', 'course_id']::name[],
				  ARRAY['course_name', 'instructor_name']::name[]);
-- Invalid input: a trivial dependency says nothing
SELECT declare_fd('nfc.enrollments', 'course_id, course_name -> course_name');
-- a partly trivial one is stored without the trivial part
SELECT declare_fd('nfc.enrollments', 'course_name, instructor_name -> instructor_name, course_id');
SELECT fd FROM fd_declarations
WHERE table_name = 'nfc.enrollments'::regclass AND determinant[1] = 'course_name'
ORDER BY fd COLLATE "C";
-- Invalid input: NULL arguments
SELECT declare_fd(NULL, 'course_id -> course_name');
SELECT declare_fd('nfc.enrollments', NULL::text);
SELECT declare_fd('nfc.enrollments', NULL::name[], ARRAY['course_id']::name[]);
SELECT declare_fd('nfc.enrollments', ARRAY[NULL]::name[], ARRAY['course_id']::name[]);
SELECT declare_fd('nfc.enrollments', ARRAY[['course_id']]::name[], ARRAY['course_name']::name[]);
-- Invalid input: not a table
CREATE VIEW nfc.v AS SELECT 1 AS a, 2 AS b;
SELECT declare_fd('nfc.v', 'a -> b');
SELECT declare_fd('nfc.enrollments_pkey', 'student_id -> course_id');
-- Invalid input: a table without columns
CREATE TABLE nfc.empty ();
SELECT declare_fd('nfc.empty', 'a -> b');
SELECT * FROM nf_report('nfc.empty');

-- Quoted identifiers: spaces, quotes, upper case, and the arrow U+2192
CREATE TABLE nfc."Odd Table" ("Zip Code" text, "City" text, "say ""hi""" text);
SELECT declare_fd('nfc."Odd Table"', '"Zip Code" → "City", "say ""hi"""');
-- unquoted names fold to lower case, as in SQL
SELECT declare_fd('nfc."Odd Table"', 'City -> "Zip Code"');
SELECT declare_fd('nfc."Odd Table"', ARRAY['City']::name[], ARRAY['Zip Code']::name[]);
SELECT table_name, determinant, dependent, fd FROM fd_declarations
WHERE table_name = 'nfc."Odd Table"'::regclass;

-- Removing declarations, by text, by arrays, or all of a table's
SELECT undeclare_fd('nfc.enrollments', 'course_name -> instructor_name');
SELECT undeclare_fd('nfc.enrollments', ARRAY['course_name', 'instructor_name']::name[],
					ARRAY['course_id']::name[]);
-- Invalid input: not declared
SELECT undeclare_fd('nfc.enrollments', 'course_name -> instructor_name');
SELECT undeclare_fd('nfc.enrollments', NULL::text);
SELECT undeclare_fd('nfc."Odd Table"');
SELECT count(*) FROM fd_declarations WHERE table_name = 'nfc."Odd Table"'::regclass;

-- The catalog is written through the functions only
CREATE ROLE regress_nf_other;
GRANT USAGE ON SCHEMA nfc TO regress_nf_other;
GRANT SELECT ON nfc.enrollments TO regress_nf_other;
CREATE TABLE nfc.theirs (a int, b int);
ALTER TABLE nfc.theirs OWNER TO regress_nf_other;
SET ROLE regress_nf_other;
-- Invalid input: another role's table, even one it may read
SELECT declare_fd('nfc.enrollments', 'course_name -> instructor_name');
SELECT undeclare_fd('nfc.enrollments', 'course_id -> course_name, instructor_name');
SELECT undeclare_fd('nfc.enrollments');
-- Invalid input: writing the catalog directly
INSERT INTO fd_catalog VALUES ('nfc.theirs', '{a}', '{b}');
DELETE FROM fd_catalog;
-- its own table is fine, and everyone may read the view
SELECT declare_fd('nfc.theirs', 'a -> b');
SELECT table_name, fd FROM fd_declarations
ORDER BY table_name::text COLLATE "C", fd COLLATE "C";
-- it may read the report of a table it can read
SELECT kind, determinant, dependent FROM nf_report('nfc.enrollments') ORDER BY seq;
RESET ROLE;
-- Invalid input: the data checks read the rows with the caller's rights
REVOKE SELECT ON nfc.enrollments FROM regress_nf_other;
GRANT CREATE ON SCHEMA nfc TO regress_nf_other;
SET ROLE regress_nf_other;
SELECT count(*) FROM nf_report('nfc.enrollments');
SELECT count(*) FROM nf_report('nfc.enrollments', check_data => false);
-- dropping its own table, it removes the declarations it cannot write
CREATE TABLE nfc.mine (a int, b int);
SELECT declare_fd('nfc.mine', 'b -> a');
DROP TABLE nfc.mine;
SELECT count(*) FROM fd_declarations WHERE fd = 'b -> a';
RESET ROLE;

-- Invalid input: a temporary table would leave its declarations behind
CREATE TEMP TABLE tmp_fd (a int, b int);
SELECT declare_fd('tmp_fd', 'a -> b');
SELECT count(*) FROM nf_report('tmp_fd');
DROP TABLE tmp_fd;

-- A unique index with NULLS NOT DISTINCT on a nullable column
CREATE TABLE nfc.nnd (a int, b int);
CREATE UNIQUE INDEX nnd_a ON nfc.nnd (a) NULLS NOT DISTINCT;
SELECT kind, determinant, explanation FROM nf_report('nfc.nnd') ORDER BY seq;
DROP TABLE nfc.nnd;

-- Renaming or dropping a column leaves a stale declaration, reported
CREATE TABLE nfc.emp (
	employee_id int PRIMARY KEY,
	department_id int,
	department_name text
);
SELECT declare_fd('nfc.emp', 'department_id -> department_name');
ALTER TABLE nfc.emp RENAME COLUMN department_name TO dept_name;
SELECT fd, missing_columns FROM fd_declarations
WHERE table_name = 'nfc.emp'::regclass;
SELECT seq, normal_form, kind, determinant, dependent, explanation, fix
FROM nf_report('nfc.emp') ORDER BY seq;
SELECT nf_level('nfc.emp');
-- Invalid input: no decomposition from stale declarations
SELECT * FROM nf_decompose('nfc.emp');
-- undeclaring works with the old names; declaring with the new ones
SELECT undeclare_fd('nfc.emp', 'department_id -> department_name');
SELECT declare_fd('nfc.emp', 'department_id -> dept_name');
SELECT nf_level('nfc.emp');
ALTER TABLE nfc.emp DROP COLUMN dept_name;
SELECT fd, missing_columns FROM fd_declarations
WHERE table_name = 'nfc.emp'::regclass;
SELECT kind, explanation FROM nf_report('nfc.emp') ORDER BY seq;

-- Declarations go with their table, however it is dropped
SELECT count(*) FROM fd_declarations WHERE table_name::text LIKE 'nfc.%';
DROP TABLE nfc.emp;
SELECT count(*) FROM fd_declarations WHERE table_name::text LIKE 'nfc.%';
DROP OWNED BY regress_nf_other;
SELECT table_name, fd FROM fd_declarations
ORDER BY table_name::text COLLATE "C", fd COLLATE "C";
DROP SCHEMA nfc CASCADE;
SELECT count(*) AS left_over FROM fd_catalog;
-- a new table of the same name starts with no declarations
CREATE SCHEMA nfc;
CREATE TABLE nfc.enrollments (student_id int);
SELECT count(*) FROM fd_declarations;
DROP SCHEMA nfc CASCADE;
DROP ROLE regress_nf_other;
