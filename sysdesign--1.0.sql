/* sysdesign--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION sysdesign" to load this file. \quit

--
-- The lesson's schema
--
-- The two tables of the Medium-like application, with exactly the columns
-- and constraints the lesson gives them.  Every reference is qualified with
-- the extension's schema, so that the search_path in force at CREATE
-- EXTENSION time cannot point the foreign key at some other "users".
--

CREATE TABLE @extschema@.users (
	user_id SERIAL PRIMARY KEY,
	email VARCHAR(255) UNIQUE NOT NULL,
	password VARCHAR(255) NOT NULL,
	name VARCHAR(255)
);

CREATE TABLE @extschema@.posts (
	post_id SERIAL PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES @extschema@.users (user_id),
	title VARCHAR(255) NOT NULL,
	description TEXT,
	image VARCHAR(255)
);

COMMENT ON TABLE @extschema@.users IS
	'Users of the lesson''s Medium-like application; seeded by seed_posts()';
COMMENT ON TABLE @extschema@.posts IS
	'Posts of the lesson''s Medium-like application; seeded by seed_posts()';

-- The rows are the user's data, not part of the extension: without these
-- calls pg_dump would emit CREATE EXTENSION and silently lose every row
-- and the sequences' positions.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.users', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.users_user_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.posts', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.posts_post_id_seq', '');

--
-- Dependency discovery
--

CREATE FUNCTION @extschema@.discover_fds(
	tbl regclass,
	max_lhs integer DEFAULT NULL,
	OUT determinant name[],
	OUT dependent name)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'sysdesign_discover_fds'
LANGUAGE C CALLED ON NULL INPUT VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION @extschema@.discover_fds(regclass, integer) IS
	'Minimal functional dependencies that hold in every row of a table';
