--
-- Declared dependencies survive pg_dump and pg_restore, by name, even
-- when the tables' attribute numbers change on the way
--
\getenv abs_builddir PG_ABS_BUILDDIR
\set dumpfile :abs_builddir '/results/nf_dump.dump'
\set VERBOSITY terse

CREATE DATABASE sysdesign_nf_src;
CREATE DATABASE sysdesign_nf_dst;
\c sysdesign_nf_src
CREATE SCHEMA lab;
CREATE EXTENSION sysdesign SCHEMA lab;
SELECT count(*) FROM lab.nf_examples('lesson');
-- a dropped column shifts the attribute numbers of the restored table
CREATE TABLE lesson."Odd Table" (gone int, "Zip Code" text, "City" text,
								 street text, PRIMARY KEY (street, "City"));
ALTER TABLE lesson."Odd Table" DROP COLUMN gone;
SELECT lab.declare_fd('lesson."Odd Table"', '"Zip Code" -> "City"');
-- and a stale declaration stays stale
CREATE TABLE lesson.renamed (a int PRIMARY KEY, b int, c int);
SELECT lab.declare_fd('lesson.renamed', 'b -> c');
ALTER TABLE lesson.renamed RENAME COLUMN c TO d;
SELECT table_name, fd, missing_columns FROM lab.fd_declarations
ORDER BY table_name::text COLLATE "C", fd COLLATE "C";

\setenv DUMPFILE :dumpfile
\! pg_dump -Fc -d sysdesign_nf_src -f "$DUMPFILE"
\! pg_restore --exit-on-error -d sysdesign_nf_dst "$DUMPFILE"

\c sysdesign_nf_dst
SELECT table_name, fd, missing_columns FROM lab.fd_declarations
ORDER BY table_name::text COLLATE "C", fd COLLATE "C";
SELECT attname, attnum FROM pg_attribute
WHERE attrelid = 'lesson."Odd Table"'::regclass AND attnum > 0
ORDER BY attnum;
SELECT t AS "table", lab.nf_level(t) FROM unnest(ARRAY[
	'lesson.enrollments', 'lesson.employees', 'lesson."Odd Table"'
	]::regclass[]) AS t;
SELECT kind, determinant, dependent FROM lab.nf_report('lesson.renamed')
ORDER BY seq;
-- the event trigger came back with the extension
DROP TABLE lesson.employees;
SELECT count(*) FROM lab.fd_declarations;

\c contrib_regression
DROP DATABASE sysdesign_nf_src;
DROP DATABASE sysdesign_nf_dst;
