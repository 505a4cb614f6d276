--
-- explain_analyze, explain_time and explain_nodes on the lesson's data
--
-- Times vary from run to run, so they are shown only through relations
-- (median between min and max, a scan slower than a lookup) and booleans.
--
\set VERBOSITY terse
SET max_parallel_workers_per_gather = 0;

-- The lesson's data: 5 users with 20,000 posts each, user 1's first
TRUNCATE posts, users RESTART IDENTITY;
INSERT INTO users (email, password, name)
SELECT 'user' || i || '@example.com', 'pass' || i, 'User ' || i
FROM generate_series(1, 5) i;
INSERT INTO posts (user_id, title, description)
SELECT u, 'Title ' || p, 'Description for post ' || p
FROM generate_series(1, 5) u, generate_series(1, 20000) p;
-- Plans must not change under the tests' feet: no autovacuum, whose
-- ANALYZE would resample the statistics and whose VACUUM would set the
-- visibility map (and so allow index-only scans) at a moment of its
-- choosing.  VACUUM here sets it once, for every test that follows.
ALTER TABLE users SET (autovacuum_enabled = off);
ALTER TABLE posts SET (autovacuum_enabled = off);
VACUUM ANALYZE users, posts;

-- The lesson's query: a Seq Scan that LIMIT stops after five rows
SELECT top_node, scans, indexes, rows, rows_estimated, rows_removed,
       measured_runs, timed_out, rolled_back,
       min_ms <= median_ms AND median_ms <= p90_ms AND p90_ms <= max_ms
         AS ordered_times,
       planning_ms >= 0 AS planned,
       cold_ms IS NOT NULL AND cold_shared_read >= 0 AS cold_reported,
       shared_hit + shared_read >= 1 AS touched_buffers,
       plan->'Plan'->>'Node Type' AS plan_top
FROM explain_analyze('SELECT * FROM posts WHERE user_id = 1 LIMIT 5');

-- A filter that reads the whole table to find five rows
SELECT top_node, scans, rows, rows_removed, measured_runs
FROM explain_analyze($$SELECT count(*) FROM posts WHERE title = 'Title 7'$$,
                     runs => 3);

-- The primary key: an index lookup, and far cheaper than the scan
SELECT scans, indexes, rows
FROM explain_analyze('SELECT * FROM posts WHERE post_id = 42');
SELECT (SELECT median_ms FROM explain_analyze(
          $$SELECT count(*) FROM posts WHERE title = 'Title 7'$$))
     > (SELECT median_ms FROM explain_analyze(
          'SELECT * FROM posts WHERE post_id = 42')) AS scan_slower;

-- TIMING off: totals without the per-node clock
SELECT median_ms IS NOT NULL AS timed,
       plan->'Plan' ? 'Actual Total Time' AS node_times,
       plan->'Plan' ? 'Actual Rows' AS node_rows
FROM explain_analyze('SELECT count(*) FROM posts', timing => false);

SELECT explain_time('SELECT count(*) FROM posts') > 0 AS positive;

-- VALUES and a semicolon at the end are fine
SELECT top_node, rows FROM explain_analyze('VALUES (1), (2);');

-- Writes run only when allowed, and are always rolled back
SELECT top_node, rows, rolled_back
FROM explain_analyze(
  $$UPDATE posts SET title = 'changed' WHERE post_id <= 10 RETURNING post_id$$,
  allow_writes => true);
SELECT rows, rolled_back
FROM explain_analyze(
  $$WITH d AS (DELETE FROM posts WHERE user_id = 5 RETURNING 1)
    SELECT count(*) FROM d$$,
  allow_writes => true);
SELECT count(*) AS posts,
       count(*) FILTER (WHERE title = 'changed') AS changed
FROM posts;
-- A function that writes is rolled back too
CREATE TABLE explain_log (n int);
CREATE FUNCTION explain_log_it() RETURNS int LANGUAGE sql
AS 'INSERT INTO explain_log VALUES (1) RETURNING n';
SELECT rows FROM explain_analyze('SELECT explain_log_it()');
SELECT count(*) AS logged FROM explain_log;
DROP FUNCTION explain_log_it();
DROP TABLE explain_log;

-- The per-node view of a query
SELECT node, parent, depth, node_type, relation, index_name, filter,
       plan_rows, actual_rows, loops, rows_removed,
       inclusive_ms >= exclusive_ms AS incl_ge_excl,
       shared_hit + shared_read > 0 AS buffers
FROM explain_nodes($$SELECT count(*) FROM posts WHERE title = 'Title 7'$$)
ORDER BY node;

SELECT node, node_type, index_name, index_cond, inclusive_ms IS NULL AS no_time
FROM explain_nodes('SELECT * FROM posts WHERE post_id = 42', timing => false)
ORDER BY node;

-- The per-node view of a plan: exclusive time is the node's own share,
-- and per-loop numbers are multiplied by the loops
SELECT node, parent, depth, node_type, relation, index_cond, sort_key,
       actual_rows, loops, rows_removed, inclusive_ms, exclusive_ms
FROM explain_nodes('[{"Plan": {
  "Node Type": "Sort", "Sort Key": ["u.name", "p.title"],
  "Total Cost": 30.5, "Plan Rows": 10,
  "Actual Total Time": 5.0, "Actual Rows": 10, "Actual Loops": 1,
  "Plans": [{
    "Node Type": "Nested Loop", "Total Cost": 29, "Plan Rows": 10,
    "Actual Total Time": 4.0, "Actual Rows": 10, "Actual Loops": 1,
    "Plans": [
      {"Node Type": "Seq Scan", "Relation Name": "users", "Alias": "u",
       "Filter": "(name IS NOT NULL)", "Rows Removed by Filter": 3,
       "Total Cost": 1, "Plan Rows": 5,
       "Actual Total Time": 0.5, "Actual Rows": 5, "Actual Loops": 1},
      {"Node Type": "Index Scan", "Relation Name": "posts", "Alias": "p",
       "Index Name": "idx_user_id", "Index Cond": "(user_id = u.user_id)",
       "Total Cost": 5, "Plan Rows": 2,
       "Actual Total Time": 0.6, "Actual Rows": 2, "Actual Loops": 5}]}]},
  "Planning Time": 0.1, "Execution Time": 5.1}]'::jsonb)
ORDER BY node;

-- Invalid input: not a plan
SELECT * FROM explain_nodes('{"a": 1}'::jsonb);
SELECT * FROM explain_nodes('[1, 2]'::jsonb);
SELECT * FROM explain_nodes('{"Plan": 3}'::jsonb);
-- Odd plans are read as far as they make sense
SELECT node, parent, node_type
FROM explain_nodes('{"Plan": {"Node Type": "Limit", "Plans": {"a": 1}}}'::jsonb);
SELECT node, parent, node_type
FROM explain_nodes('{"Plan": {"Node Type": 5, "Plans": [1, "x", {"Node Type": "Seq Scan"}]}}'::jsonb);

-- Invalid input: no query, or not exactly one statement
SELECT * FROM explain_analyze(NULL);
SELECT * FROM explain_analyze('');
SELECT * FROM explain_analyze('-- only a comment');
SELECT * FROM explain_analyze('SELECT 1; SELECT 2');
SELECT explain_time(NULL) IS NULL AS strict_null;
-- Invalid input: a syntax error keeps its position in the query
\set VERBOSITY default
SELECT * FROM explain_analyze('SELECT * FORM posts');
\set VERBOSITY terse
-- Invalid input: a table that does not exist
SELECT * FROM explain_analyze('SELECT * FROM no_such_table');
-- Invalid input: statements EXPLAIN ANALYZE cannot or should not run
SELECT * FROM explain_analyze('CREATE TABLE t (a int)');
SELECT * FROM explain_analyze('VACUUM posts');
SELECT * FROM explain_analyze('EXPLAIN SELECT 1');
SELECT * FROM explain_analyze('SELECT 1 AS a INTO t');
PREPARE p AS SELECT 1;
SELECT * FROM explain_analyze('EXECUTE p');
DEALLOCATE p;
-- Invalid input: writes without allow_writes
SELECT * FROM explain_analyze('DELETE FROM posts');
SELECT * FROM explain_analyze(
  'WITH d AS (DELETE FROM posts RETURNING 1) SELECT count(*) FROM d');
SELECT * FROM explain_nodes('INSERT INTO users (email, password) VALUES (''x'', ''y'')');
-- Invalid input: runs out of range, a timeout that is not positive
SELECT * FROM explain_analyze('SELECT 1', runs => 0);
SELECT * FROM explain_analyze('SELECT 1', runs => -5);
SELECT * FROM explain_analyze('SELECT 1', runs => 1000000);
SELECT * FROM explain_analyze('SELECT 1', timeout => '0s');
SELECT * FROM explain_analyze('SELECT 1', timeout => '-1s');
SELECT * FROM explain_analyze('SELECT 1', timing => NULL);

-- The lab's own timeout stops a run and reports it
SELECT measured_runs, timed_out, median_ms IS NULL AS no_median,
       plan IS NULL AS no_plan
FROM explain_analyze('SELECT pg_sleep(2)', runs => 3, timeout => '50ms');
-- ... and leaves an enclosing transaction usable
BEGIN;
SELECT timed_out
FROM explain_analyze('SELECT pg_sleep(2)', timeout => '20ms');
SELECT count(*) AS users FROM users;
COMMIT;
-- A run that ends in time is not marked
SELECT measured_runs, timed_out
FROM explain_analyze('SELECT 1', runs => 2, timeout => '10s');

-- A real cancel still cancels the whole call
SELECT * FROM explain_analyze(
  'SELECT pg_cancel_backend(pg_backend_pid()), pg_sleep(2)',
  timeout => '10s');
-- ... and so does statement_timeout
SET statement_timeout = '100ms';
SELECT * FROM explain_analyze('SELECT pg_sleep(2)', timeout => '10s');
RESET statement_timeout;

-- The caller's privileges apply
CREATE ROLE regress_sd_reader;
SET ROLE regress_sd_reader;
SELECT * FROM explain_analyze('SELECT * FROM posts');
RESET ROLE;
GRANT SELECT ON posts TO regress_sd_reader;
SET ROLE regress_sd_reader;
SELECT rows FROM explain_analyze('SELECT * FROM posts WHERE post_id = 1');
-- ... and building an index needs the table's owner, as CREATE INDEX does
SELECT * FROM index_effect($$SELECT * FROM posts WHERE title = 'x'$$,
                           'CREATE INDEX ON posts (title)');
SELECT * FROM index_advise($$SELECT * FROM posts WHERE title = 'x'$$);
RESET ROLE;
REVOKE SELECT ON posts FROM regress_sd_reader;
DROP ROLE regress_sd_reader;
