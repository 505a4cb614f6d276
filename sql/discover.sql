--
-- discover_fds(): the dependencies that hold in the data
--
\set VERBOSITY terse

CREATE SCHEMA disc;
CREATE TABLE disc.enrollments (
	student_id int,
	course_id int,
	course_name text,
	instructor_name text,
	PRIMARY KEY (student_id, course_id)
);
INSERT INTO disc.enrollments VALUES
	(1, 101, 'Databases', 'Codd'),
	(1, 102, 'Compilers', 'Aho'),
	(2, 101, 'Databases', 'Codd'),
	(3, 103, 'Networks', 'Cerf'),
	(3, 101, 'Databases', 'Codd'),
	(4, 104, 'Graphics', 'Codd');

-- course_id determines the course's name and instructor; nothing finer
SELECT * FROM discover_fds('disc.enrollments');

-- max_lhs caps the size of determinants
SELECT * FROM discover_fds('disc.enrollments', 1);
SELECT count(*) FROM discover_fds('disc.enrollments', 0);

-- Constant columns depend on nothing; NULL counts as equal to NULL
CREATE TABLE disc.consts (id int, kind text, note text);
INSERT INTO disc.consts VALUES (1, 'a', NULL), (2, 'a', NULL), (3, 'a', NULL);
SELECT * FROM discover_fds('disc.consts');
UPDATE disc.consts SET note = 'x' WHERE id = 3;
SELECT * FROM discover_fds('disc.consts');

-- Equality is the type's own: 1.0 and 1.00 are one numeric value
CREATE TABLE disc.nums (n numeric, label text);
INSERT INTO disc.nums VALUES (1.0, 'one'), (1.00, 'one'), (2, 'two');
SELECT * FROM discover_fds('disc.nums');
INSERT INTO disc.nums VALUES (1.000, 'uno');
SELECT * FROM discover_fds('disc.nums');

-- Types without an ordering are compared by their text form
CREATE TABLE disc.shapes (p point, j json, tag text);
INSERT INTO disc.shapes VALUES
	('(1,1)', '{"a": 1}', 'x'), ('(1,1)', '{"a": 1}', 'x'), ('(2,2)', '[]', 'y');
SELECT * FROM discover_fds('disc.shapes');

-- Hostile names, and a table off the search_path
CREATE TABLE disc."Odd ""Table""" ("Key Col" int, "lower" text, "UPPER" text);
INSERT INTO disc."Odd ""Table""" VALUES (1, 'a', 'A'), (2, 'b', 'B'), (3, 'a', 'A');
SELECT * FROM discover_fds('disc."Odd ""Table"""');

-- Empty tables, one row, and a table without columns
CREATE TABLE disc.empty (a int, b int);
SELECT * FROM discover_fds('disc.empty');
INSERT INTO disc.empty VALUES (1, 2);
SELECT * FROM discover_fds('disc.empty');
CREATE TABLE disc.nocols ();
SELECT count(*) FROM discover_fds('disc.nocols');

-- Dropped columns are not searched
ALTER TABLE disc.enrollments DROP COLUMN instructor_name;
SELECT * FROM discover_fds('disc.enrollments');

-- Views and materialized views work too
CREATE VIEW disc.course_view AS
	SELECT course_id, course_name FROM disc.enrollments;
SELECT * FROM discover_fds('disc.course_view');

-- Invalid input
SELECT * FROM discover_fds(NULL);
SELECT * FROM discover_fds('disc.enrollments', -1);
SELECT * FROM discover_fds('disc.no_such_table');
CREATE SEQUENCE disc.seq;
SELECT * FROM discover_fds('disc.seq');

-- The caller's rights: no SELECT privilege, no search
CREATE ROLE sysdesign_disc_reader;
GRANT USAGE ON SCHEMA disc TO sysdesign_disc_reader;
SET ROLE sysdesign_disc_reader;
SELECT * FROM discover_fds('disc.consts');
RESET ROLE;

-- Row security: the search sees only the rows the caller may see
GRANT SELECT ON disc.consts TO sysdesign_disc_reader;
ALTER TABLE disc.consts ENABLE ROW LEVEL SECURITY;
CREATE POLICY only_a ON disc.consts FOR SELECT USING (note IS NULL);
SET ROLE sysdesign_disc_reader;
SELECT * FROM discover_fds('disc.consts');
RESET ROLE;

-- A long search can be cancelled
CREATE TABLE disc.wide AS
SELECT (random() * 3)::int AS c1, (random() * 3)::int AS c2,
       (random() * 3)::int AS c3, (random() * 3)::int AS c4,
       (random() * 3)::int AS c5, (random() * 3)::int AS c6,
       (random() * 3)::int AS c7, (random() * 3)::int AS c8,
       (random() * 3)::int AS c9, (random() * 3)::int AS c10,
       (random() * 3)::int AS c11, (random() * 3)::int AS c12,
       (random() * 3)::int AS c13, (random() * 3)::int AS c14,
       (random() * 3)::int AS c15, (random() * 3)::int AS c16,
       (random() * 3)::int AS c17, (random() * 3)::int AS c18
FROM generate_series(1, 20000);
-- Random data is the search's worst case: with the default budget it stops
-- with an error, with a large one it runs until the statement times out
SELECT count(*) FROM discover_fds('disc.wide');
SET maintenance_work_mem = '1GB';
SET statement_timeout = '100ms';
SELECT count(*) FROM discover_fds('disc.wide');
RESET statement_timeout;
RESET maintenance_work_mem;
-- and a cap on determinants keeps it small and quick
SELECT count(*) FROM discover_fds('disc.wide', 1);

DROP SCHEMA disc CASCADE;
DROP ROLE sysdesign_disc_reader;
