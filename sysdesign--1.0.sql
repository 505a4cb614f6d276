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
-- Bulk seeder
--
-- seed_posts() finds users and posts through the extension's schema, in
-- C, whatever the caller's search_path.  It runs with the caller's rights
-- and checks them as a plain INSERT would, so EXECUTE stays with PUBLIC.
--

CREATE FUNCTION @extschema@.seed_posts(users integer, posts_per_user integer)
RETURNS bigint
AS 'MODULE_PATHNAME', 'sysdesign_seed_posts'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION @extschema@.seed_posts(integer, integer) IS
	'Inserts users user<i>@example.com, each with posts_per_user posts, numbering after the users already there; returns the number of posts inserted';

--
-- EXPLAIN ANALYZE lab
--
-- The functions run the caller's statement through SPI under EXPLAIN, with
-- the caller's rights, and roll back every run: see src/explain.c.  None
-- is SECURITY DEFINER, so EXECUTE stays granted to PUBLIC: a caller can
-- measure only what they could run with plain SQL, and index_effect(...,
-- mode => 'keep') can keep only an index the caller may create.
--

CREATE FUNCTION @extschema@.explain_analyze(
	query text,
	runs integer DEFAULT 5,
	timing boolean DEFAULT true,
	allow_writes boolean DEFAULT false,
	timeout interval DEFAULT NULL,
	OUT planning_ms double precision,
	OUT median_ms double precision,
	OUT p90_ms double precision,
	OUT min_ms double precision,
	OUT max_ms double precision,
	OUT cold_ms double precision,
	OUT cold_shared_read bigint,
	OUT measured_runs integer,
	OUT top_node text,
	OUT scans text[],
	OUT indexes text[],
	OUT rows bigint,
	OUT rows_estimated bigint,
	OUT rows_removed bigint,
	OUT shared_hit bigint,
	OUT shared_read bigint,
	OUT timed_out boolean,
	OUT rolled_back boolean,
	OUT plan jsonb)
RETURNS record
AS 'MODULE_PATHNAME', 'sysdesign_explain_analyze'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION @extschema@.explain_analyze(text, integer, boolean, boolean, interval) IS
	'Run one statement under EXPLAIN (ANALYZE, BUFFERS) a warm-up plus runs times, each rolled back; planning and execution times (median, p90, min, max), the first run apart as "shared buffers cold" (only colder: its pages may still be cached), scans, rows, buffers and the last plan';

CREATE FUNCTION @extschema@.explain_time(query text)
RETURNS double precision
AS 'MODULE_PATHNAME', 'sysdesign_explain_time'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

COMMENT ON FUNCTION @extschema@.explain_time(text) IS
	'Median execution time in milliseconds of five EXPLAIN ANALYZE runs of one statement after a warm-up';

CREATE FUNCTION @extschema@.explain_nodes(
	plan jsonb,
	OUT node integer,
	OUT parent integer,
	OUT depth integer,
	OUT node_type text,
	OUT relation text,
	OUT index_name text,
	OUT index_cond text,
	OUT filter text,
	OUT sort_key text,
	OUT total_cost double precision,
	OUT plan_rows bigint,
	OUT actual_rows bigint,
	OUT loops bigint,
	OUT rows_removed bigint,
	OUT inclusive_ms double precision,
	OUT exclusive_ms double precision,
	OUT shared_hit bigint,
	OUT shared_read bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'sysdesign_explain_nodes'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.explain_nodes(jsonb) IS
	'One row per node of a plan from EXPLAIN (FORMAT JSON) or explain_analyze(): conditions, estimated and actual rows per loop, loops, inclusive and exclusive time, buffers';

CREATE FUNCTION @extschema@.explain_nodes(
	query text,
	timing boolean DEFAULT true,
	allow_writes boolean DEFAULT false,
	OUT node integer,
	OUT parent integer,
	OUT depth integer,
	OUT node_type text,
	OUT relation text,
	OUT index_name text,
	OUT index_cond text,
	OUT filter text,
	OUT sort_key text,
	OUT total_cost double precision,
	OUT plan_rows bigint,
	OUT actual_rows bigint,
	OUT loops bigint,
	OUT rows_removed bigint,
	OUT inclusive_ms double precision,
	OUT exclusive_ms double precision,
	OUT shared_hit bigint,
	OUT shared_read bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'sysdesign_explain_nodes_query'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION @extschema@.explain_nodes(text, boolean, boolean) IS
	'Run one statement once under EXPLAIN ANALYZE, rolled back, and return one row per plan node';

CREATE FUNCTION @extschema@.index_effect(
	query text,
	index_ddl text,
	mode text DEFAULT 'rollback',
	runs integer DEFAULT 5,
	allow_writes boolean DEFAULT false,
	timeout interval DEFAULT NULL,
	OUT index_name text,
	OUT index_used boolean,
	OUT plan_before text,
	OUT plan_after text,
	OUT cost_before double precision,
	OUT cost_after double precision,
	OUT median_before_ms double precision,
	OUT p90_before_ms double precision,
	OUT median_after_ms double precision,
	OUT p90_after_ms double precision,
	OUT speedup double precision,
	OUT buffers_before bigint,
	OUT buffers_after bigint,
	OUT index_size bigint,
	OUT build_ms double precision,
	OUT estimated boolean,
	OUT verdict text,
	OUT reason text,
	OUT prediction text,
	OUT forced_median_ms double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'sysdesign_index_effect'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION @extschema@.index_effect(text, text, text, integer, boolean, interval) IS
	'Measure a query without and with an index (built and rolled back, kept, or hypothetical through HypoPG) and explain at the level of its predicates why the index helps or not';

CREATE FUNCTION @extschema@.index_advise(
	query text,
	OUT relation regclass,
	OUT index_ddl text,
	OUT served_by text,
	OUT cost_before double precision,
	OUT cost_after double precision,
	OUT reason text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'sysdesign_index_advise'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

COMMENT ON FUNCTION @extschema@.index_advise(text) IS
	'Propose one B-tree index per table of a query (equality columns by selectivity, then a range column, then ORDER BY), checked by planning with it, or say which existing index serves already or why none helps';

CREATE FUNCTION @extschema@.index_compare(
	query text,
	candidates text[],
	other_queries text[] DEFAULT '{}',
	runs integer DEFAULT 5,
	OUT rank integer,
	OUT index_ddl text,
	OUT index_name text,
	OUT index_used boolean,
	OUT median_ms double precision,
	OUT p90_ms double precision,
	OUT speedup double precision,
	OUT index_size bigint,
	OUT build_ms double precision,
	OUT also_serves integer[],
	OUT plan text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'sysdesign_index_compare'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE;

COMMENT ON FUNCTION @extschema@.index_compare(text, text[], text[], integer) IS
	'Rank candidate indexes, and no index, by the measured time of a query, with size, build time and which of other_queries (by position) each would also serve; every index is rolled back';

--
-- Normal-form checker
--
-- Declared functional dependencies live in fd_catalog, one row per
-- dependency.  The table is kept as a regclass and the two sides as
-- column names, not attribute numbers: pg_dump writes a regclass as the
-- table's qualified name and pg_restore looks it up again, so the rows
-- survive a dump and restore even though the table's OID and its
-- attribute numbers may change on the way.  A column renamed or dropped
-- after the declaration leaves a name that no longer matches; the
-- fd_declarations view and nf_report() say so instead of guessing.
--
-- Nobody but the extension's owner may write the table directly.  The
-- functions below run with the caller's rights, check that the caller
-- owns the table the dependency is about, and only then write the row
-- as the catalog's owner.  Every function pins its search_path, so a
-- schema earlier in the caller's path cannot capture the operators and
-- functions they use.
--

CREATE TABLE @extschema@.fd_catalog (
	tbl regclass NOT NULL,
	lhs name[] NOT NULL CHECK (pg_catalog.cardinality(lhs) OPERATOR(pg_catalog.>) 0),
	rhs name[] NOT NULL CHECK (pg_catalog.cardinality(rhs) OPERATOR(pg_catalog.>) 0),
	PRIMARY KEY (tbl, lhs, rhs)
);

COMMENT ON TABLE @extschema@.fd_catalog IS
	'Declared functional dependencies lhs -> rhs; write it with declare_fd() and undeclare_fd()';

-- The declarations are the user's data: pg_dump must dump them.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.fd_catalog', '');

-- Written only through declare_fd() and undeclare_fd(), which check that
-- the caller owns the table; read through the view fd_declarations.
REVOKE ALL ON @extschema@.fd_catalog FROM PUBLIC;

CREATE VIEW @extschema@.fd_declarations AS
SELECT c.tbl AS table_name,
	   c.lhs AS determinant,
	   c.rhs AS dependent,
	   pg_catalog.concat(
		   (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(x), ', '
										 ORDER BY i)
			FROM pg_catalog.unnest(c.lhs) WITH ORDINALITY AS u(x, i)),
		   ' -> ',
		   (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(x), ', '
										 ORDER BY i)
			FROM pg_catalog.unnest(c.rhs) WITH ORDINALITY AS u(x, i)))
		   AS fd,
	   ARRAY(SELECT u.x
			 FROM pg_catalog.unnest(c.lhs OPERATOR(pg_catalog.||) c.rhs)
				  WITH ORDINALITY AS u(x, i)
			 WHERE NOT EXISTS (
				 SELECT FROM pg_catalog.pg_attribute a
				 WHERE a.attrelid OPERATOR(pg_catalog.=) c.tbl
				   AND a.attname OPERATOR(pg_catalog.=) u.x
				   AND a.attnum OPERATOR(pg_catalog.>) 0
				   AND NOT a.attisdropped)
			 ORDER BY u.i) AS missing_columns
FROM @extschema@.fd_catalog c;

COMMENT ON VIEW @extschema@.fd_declarations IS
	'Every declared functional dependency; missing_columns names the columns that were renamed or dropped since';

GRANT SELECT ON @extschema@.fd_declarations TO PUBLIC;

CREATE FUNCTION @extschema@.declare_fd(tbl regclass, fd text)
RETURNS void
AS 'MODULE_PATHNAME', 'sysdesign_declare_fd_text'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.declare_fd(regclass, text) IS
	'Declare the functional dependency written as ''a, b -> c, d'' on a table you own';

CREATE FUNCTION @extschema@.declare_fd(tbl regclass, lhs name[], rhs name[])
RETURNS void
AS 'MODULE_PATHNAME', 'sysdesign_declare_fd_array'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.declare_fd(regclass, name[], name[]) IS
	'Declare the functional dependency lhs -> rhs on a table you own';

CREATE FUNCTION @extschema@.undeclare_fd(tbl regclass, fd text)
RETURNS void
AS 'MODULE_PATHNAME', 'sysdesign_undeclare_fd_text'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.undeclare_fd(regclass, text) IS
	'Remove the functional dependency written as ''a, b -> c, d'' from a table you own';

CREATE FUNCTION @extschema@.undeclare_fd(tbl regclass, lhs name[], rhs name[])
RETURNS void
AS 'MODULE_PATHNAME', 'sysdesign_undeclare_fd_array'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.undeclare_fd(regclass, name[], name[]) IS
	'Remove the functional dependency lhs -> rhs from a table you own';

CREATE FUNCTION @extschema@.undeclare_fd(tbl regclass)
RETURNS integer
AS 'MODULE_PATHNAME', 'sysdesign_undeclare_fd_all'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.undeclare_fd(regclass) IS
	'Remove every functional dependency declared on a table you own; returns how many';

CREATE FUNCTION @extschema@.nf_report(tbl regclass,
									  check_data boolean DEFAULT true)
RETURNS TABLE (seq integer, normal_form text, kind text,
			   determinant text[], dependent text[],
			   explanation text, fix text)
AS 'MODULE_PATHNAME', 'sysdesign_nf_report'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.nf_report(regclass, boolean) IS
	'One row per normal-form finding about a table: candidate keys, 1NF issues, partial and transitive dependencies, BCNF violations, and a summary';

CREATE FUNCTION @extschema@.nf_level(tbl regclass,
									 check_data boolean DEFAULT true)
RETURNS text
AS 'MODULE_PATHNAME', 'sysdesign_nf_level'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.nf_level(regclass, boolean) IS
	'The highest normal form a table reaches: BCNF, 3NF, 2NF, 1NF or none';

CREATE FUNCTION @extschema@.nf_decompose(tbl regclass,
										 target text DEFAULT '3NF',
										 into_schema name DEFAULT NULL,
										 with_data boolean DEFAULT true,
										 with_view boolean DEFAULT true)
RETURNS TABLE (seq integer, kind text, relation text,
			   columns text[], key text[], statement text, note text)
AS 'MODULE_PATHNAME', 'sysdesign_nf_decompose'
LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.nf_decompose(regclass, text, name, boolean, boolean) IS
	'The 3NF synthesis or BCNF decomposition of a table, as runnable DDL with the data moves and a view under the old name';

CREATE FUNCTION @extschema@.nf_examples(target_schema name)
RETURNS SETOF regclass
AS 'MODULE_PATHNAME', 'sysdesign_nf_examples'
LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.nf_examples(name) IS
	'Create the lesson''s example tables (enrollments, employees and a library schema) with a few rows and their declared dependencies in the given schema';

-- Declarations go with their table: when a table is dropped, directly or
-- through DROP SCHEMA ... CASCADE or DROP OWNED, its rows are deleted.
CREATE FUNCTION @extschema@.fd_catalog_cleanup()
RETURNS event_trigger
AS 'MODULE_PATHNAME', 'sysdesign_fd_catalog_cleanup'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION @extschema@.fd_catalog_cleanup() IS
	'Event trigger function: forget the dependencies declared on dropped tables';

CREATE EVENT TRIGGER sysdesign_fd_catalog_cleanup ON sql_drop
	EXECUTE FUNCTION @extschema@.fd_catalog_cleanup();

COMMENT ON EVENT TRIGGER sysdesign_fd_catalog_cleanup IS
	'Forget the functional dependencies declared on dropped tables';

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
