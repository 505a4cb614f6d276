--
-- lesson/40_discover.sql: what the data itself says
--
-- Declared dependencies are rules someone wrote down; the rows can show
-- more.  discover_fds() lists every minimal dependency that holds in a
-- table right now: candidates to confirm, since data cannot tell a rule
-- from a coincidence.
--
\pset pager off

-- In the seeded posts, post_id is a key, image is NULL throughout, and
-- title and description determine each other: the description repeats the
-- title's number, so one of them is redundant.  A determinant of two
-- columns at most keeps the search quick on 2.5 million rows.
SELECT * FROM discover_fds('posts', 2);

-- The lesson's enrollments: course_id -> course_name, instructor_name is
-- there, along with what a few rows happen to satisfy
SELECT * FROM discover_fds('lesson.enrollments_old');
