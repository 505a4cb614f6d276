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
