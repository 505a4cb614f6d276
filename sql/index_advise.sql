--
-- index_advise: the index a query needs, checked by planning with it
--
-- Runs on the data sql/explain.sql seeded: 5 users, 20,000 posts each.
--
\set VERBOSITY terse
SET max_parallel_workers_per_gather = 0;

CREATE TEMP TABLE indexes_before AS
SELECT indexrelid FROM pg_index WHERE indrelid = 'posts'::regclass;

-- The lesson's "posts of a user with a given title": both columns, the
-- more selective (title) first
SELECT relation, index_ddl, served_by, cost_after < cost_before AS cheaper,
       reason LIKE 'Planned with it: cost % instead of %; Index Cond: %title = ''Title 7''%'
         AS explained
FROM index_advise($$SELECT * FROM posts WHERE user_id = 1 AND title = 'Title 7'$$);

-- Equality, then ORDER BY with its direction
SELECT index_ddl,
       reason LIKE '%ORDER BY title is served by the index''s order.%' AS no_sort
FROM index_advise('SELECT * FROM posts WHERE user_id = 3 ORDER BY title DESC LIMIT 10');

-- Equality, then one range column
SELECT index_ddl
FROM index_advise($$SELECT * FROM posts WHERE title > 'Title 9999' AND user_id = 5$$);

-- Parameters: planned as a generic plan
SELECT index_ddl,
       reason LIKE '%Index Cond: user_id = $1, title = $2%' AS params
FROM index_advise('SELECT * FROM posts WHERE user_id = $1 AND title = $2');

-- ... and the session's prepared statements are left alone
PREPARE mine (int) AS SELECT * FROM posts WHERE user_id = $1;
SELECT count(*) AS advised
FROM index_advise('SELECT * FROM posts WHERE user_id = $1 AND title = $2');
SELECT name, statement FROM pg_prepared_statements ORDER BY name;
DEALLOCATE mine;

-- An existing index serves already: say which
SELECT relation, index_ddl, served_by, reason
FROM index_advise('SELECT * FROM posts WHERE post_id = 42');

-- A join: advice for each table, by name
SELECT relation, index_ddl IS NOT NULL AS recommends, served_by,
       reason LIKE '%user_id = u.user_id%' AS join_condition_seen
FROM index_advise($$SELECT u.name, p.title FROM users u JOIN posts p USING (user_id)
                    WHERE p.title = 'Title 7' AND u.user_id = 2$$)
ORDER BY relation::text COLLATE "C";

-- Nothing helps: no condition a B-tree can search by, or none at all
SELECT index_ddl, reason
FROM index_advise($$SELECT * FROM posts WHERE title LIKE '%7'$$);
SELECT index_ddl, reason
FROM index_advise('SELECT count(*) FROM posts');

-- Nothing helps: a condition that matches most rows
SELECT index_ddl,
       reason LIKE 'Nothing to recommend: with an index on (user_id) the planner would still choose Seq Scan on posts%'
         AS nothing
FROM index_advise('SELECT * FROM posts WHERE user_id > 0');

-- A statement that writes is only planned
SELECT index_ddl
FROM index_advise($$UPDATE posts SET title = 'x' WHERE user_id = 2 AND title = 'Title 3'$$);
SELECT count(*) AS changed FROM posts WHERE title = 'x';

-- No index was left behind
SELECT count(*) AS new_indexes FROM pg_index
WHERE indrelid = 'posts'::regclass
  AND indexrelid NOT IN (SELECT indexrelid FROM indexes_before);

-- Invalid input
SELECT * FROM index_advise(NULL);
SELECT * FROM index_advise('SELECT 1; SELECT 2');
SELECT * FROM index_advise('CREATE INDEX ON posts (title)');
SELECT * FROM index_advise('SELECT * FROM posts WHERE user_id = $1 AND title = $1');
SELECT * FROM index_advise('SELECT $1');
