--
-- lesson/20_explain.sql: EXPLAIN ANALYZE, and what an index really buys
--
-- The lesson runs EXPLAIN ANALYZE on the posts of user 1, adds an index on
-- user_id and asks us to notice the execution time; then it builds an
-- index on (description, title) for "the posts of a user with a given
-- title".  Both steps hide a trap, and the lab makes them visible.
--
\pset pager off
SET max_parallel_workers_per_gather = 0;

-- The data: 5 users with 20,000 posts each, unless an earlier part of the
-- lesson seeded it already.  User 1's posts come first in the table.
SELECT count(*) = 0 AS empty FROM posts \gset
\if :empty
INSERT INTO users (email, password, name)
SELECT 'user' || i || '@example.com', 'pass' || i, 'User ' || i
FROM generate_series(1, 5) i;
INSERT INTO posts (user_id, title, description)
SELECT u, 'Title ' || p, 'Description for post ' || p
FROM generate_series(1, 5) u, generate_series(1, 20000) p;
\endif
ANALYZE users, posts;

-- 1. The lesson's query, before any index
EXPLAIN ANALYZE SELECT * FROM posts WHERE user_id = 1 LIMIT 5;

-- The lesson's step: add the index and look again
CREATE INDEX idx_user_id ON posts (user_id);
EXPLAIN ANALYZE SELECT * FROM posts WHERE user_id = 1 LIMIT 5;
DROP INDEX idx_user_id;

-- One run says little: the lab runs it a warm-up plus five times
SELECT top_node, scans, rows, rows_removed, median_ms, p90_ms, cold_ms
FROM explain_analyze('SELECT * FROM posts WHERE user_id = 1 LIMIT 5');

-- 2. "Add an index and notice the execution time": the lab builds it,
--    measures, and rolls it back
\x on
SELECT index_used, plan_before, plan_after, median_before_ms,
       median_after_ms, verdict, reason
FROM index_effect('SELECT * FROM posts WHERE user_id = 1 LIMIT 5',
                  'CREATE INDEX idx_user_id ON posts (user_id)');

-- The trap: user 1's rows are the first five rows of the table, so the
-- Seq Scan stops at once.  User 5's rows come last: without an index the
-- scan reads 80,000 rows before it finds five.
SELECT index_used, plan_before, plan_after, median_before_ms,
       median_after_ms, verdict, reason
FROM index_effect('SELECT * FROM posts WHERE user_id = 5 LIMIT 5',
                  'CREATE INDEX idx_user_id ON posts (user_id)');

-- 3. "The posts of a user with a given title", and an index on
--    (description, title): the query never mentions description
SELECT index_used, plan_after, verdict, reason
FROM index_effect($$SELECT * FROM posts WHERE user_id = 1 AND title = 'Title 7'$$,
                  'CREATE INDEX idx_desc_title ON posts (description, title)');

-- What does help: the query's own columns, equality first
SELECT index_used, plan_after, median_before_ms, median_after_ms,
       speedup, index_size, verdict, reason
FROM index_effect($$SELECT * FROM posts WHERE user_id = 1 AND title = 'Title 7'$$,
                  'CREATE INDEX idx_user_title ON posts (user_id, title)');
\x off

-- 4. Where the time goes, node by node, without the index
SELECT node, parent, node_type, relation, filter, actual_rows,
       rows_removed, exclusive_ms
FROM explain_nodes($$SELECT * FROM posts WHERE user_id = 1 AND title = 'Title 7'$$)
ORDER BY node;

-- 5. The column-order lesson: the candidates side by side, with "no
--    index" always among them, and which other queries each also serves
SELECT rank, index_ddl, index_used, median_ms,
       round(speedup::numeric, 1) AS speedup,
       pg_size_pretty(index_size) AS size, also_serves
FROM index_compare(
  $$SELECT * FROM posts WHERE user_id = 1 AND title = 'Title 7'$$,
  ARRAY['CREATE INDEX ON posts (description, title)',
        'CREATE INDEX ON posts (user_id, title)',
        'CREATE INDEX ON posts (title, user_id)'],
  ARRAY[$$SELECT * FROM posts WHERE user_id = 4 AND title = 'Title 12'$$,
        'SELECT * FROM posts WHERE user_id = 3 ORDER BY title LIMIT 10']);

-- 6. Or ask for the index, with $n parameters as an application sends them
SELECT relation, index_ddl, served_by, reason
FROM index_advise('SELECT * FROM posts WHERE user_id = $1 ORDER BY title LIMIT 10');
SELECT relation, index_ddl, served_by, reason
FROM index_advise('SELECT * FROM posts WHERE post_id = $1');
