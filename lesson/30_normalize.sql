--
-- lesson/30_normalize.sql: the normal forms, checked
--
-- The lesson's examples are created in a schema of their own, "lesson",
-- so that the library's users table does not meet the extension's.  Each
-- table is then checked: its candidate keys, what keeps it from the next
-- normal form, and the fix.  Running the lesson again starts afresh.
--
\pset pager off
DROP SCHEMA IF EXISTS lesson CASCADE;
SELECT * FROM nf_examples('lesson');

-- The dependencies the lesson states, as declared by nf_examples();
-- PRIMARY KEY and UNIQUE NOT NULL constraints count without declaring
SELECT table_name, fd FROM fd_declarations ORDER BY 1, 2;

\x on
-- enrollments: course_name and instructor_name depend on course_id, only
-- part of the key (student_id, course_id): a partial dependency, not 2NF
SELECT * FROM nf_report('lesson.enrollments');

-- employees: department_name depends on employee_id only through
-- department_id: a transitive dependency, not 3NF
SELECT * FROM nf_report('lesson.employees');
\x off

-- The library is designed right: every table is in BCNF
SELECT t AS "table", nf_level(t)
FROM unnest(ARRAY['lesson.users', 'lesson.library_cards', 'lesson.books',
				  'lesson.genres', 'lesson.book_genres']::regclass[]) t;
-- users has two candidate keys, the id and the email
SELECT kind, determinant, dependent, explanation
FROM nf_report('lesson.users') ORDER BY seq;

-- The fix for enrollments: a table per course, and the enrollments
-- keyed by student and course
SELECT seq, kind, relation, key, statement, note
FROM nf_decompose('lesson.enrollments') ORDER BY seq;

-- Apply it: the old table steps aside and a view takes its name
DO $$
DECLARE
	s text;
BEGIN
	FOR s IN SELECT statement FROM nf_decompose('lesson.enrollments')
			 WHERE statement IS NOT NULL ORDER BY seq
	LOOP
		EXECUTE s;
	END LOOP;
END
$$;
SELECT * FROM lesson.course ORDER BY course_id;
SELECT * FROM lesson.enrollments ORDER BY student_id, course_id;
-- the view gives back exactly the old rows
SELECT count(*) AS differences
FROM ((TABLE lesson.enrollments EXCEPT TABLE lesson.enrollments_old)
	  UNION ALL
	  (TABLE lesson.enrollments_old EXCEPT TABLE lesson.enrollments)) d;
-- and a course can no longer have two names
SELECT nf_level('lesson.course'), nf_level('lesson.student_course');

-- Beyond the lesson: 3NF is not always BCNF.  A street in a city has
-- one zip code, and a zip code lies in one city
CREATE TABLE lesson.address (street text, city text, zip text,
							 PRIMARY KEY (street, city));
SELECT declare_fd('lesson.address', 'zip -> city');
SELECT kind, determinant, dependent, explanation
FROM nf_report('lesson.address') ORDER BY seq;
-- BCNF splits it, and says which dependency no table can keep any more
SELECT kind, relation, columns, key, note
FROM nf_decompose('lesson.address', 'BCNF') ORDER BY seq;
