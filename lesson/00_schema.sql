--
-- lesson/00_schema.sql: the lesson's schema
--
-- The extension installs the two tables of a Medium-like application.  A
-- database holds one copy of the extension; running the lesson again
-- starts it afresh.
--
\pset pager off
DROP EXTENSION IF EXISTS sysdesign CASCADE;
CREATE EXTENSION sysdesign;

\d users
\d posts
