--
-- index_effect: the lesson's indexes, measured and explained
--
-- Runs on the data sql/explain.sql seeded: 5 users, 20,000 posts each.
-- Times are shown only as relations and verdicts.
--
\set VERBOSITY terse
SET max_parallel_workers_per_gather = 0;

CREATE TEMP TABLE indexes_before AS
SELECT indexrelid FROM pg_index WHERE indrelid = 'posts'::regclass;

-- The lesson's first trap: LIMIT 5 finds user 1's rows at the start of
-- the table, so an index on user_id has nothing left to win.  (Both
-- plans take microseconds; on a slow machine, or under valgrind, the
-- index's few extra page reads can show as "slower".)
SELECT index_name, plan_before,
       verdict IN ('no gain', 'slower', 'not used, and correctly so')
         AS no_win,
       reason LIKE '%LIMIT 5 stopped the Seq Scan%after reading 5 of%'
         AS limit_explained,
       reason LIKE '%user_id = 1 matches about % of 100000 rows (20%, from pg_stats)%'
         AS selectivity_explained,
       estimated, index_size > 0 AS sized, build_ms > 0 AS built,
       prediction IS NULL AS no_prediction
FROM index_effect('SELECT * FROM posts WHERE user_id = 1 LIMIT 5',
                  'CREATE INDEX idx_user_id ON posts (user_id)');

-- 'rollback' leaves nothing behind
SELECT count(*) AS idx_user_id_left FROM pg_class WHERE relname = 'idx_user_id';
SELECT count(*) AS new_indexes FROM pg_index
WHERE indrelid = 'posts'::regclass
  AND indexrelid NOT IN (SELECT indexrelid FROM indexes_before);

-- The lesson's second trap: an index on (description, title) for "the
-- posts of a user with a given title".  The leading column is not in the
-- query, so at best the whole index is read.
SELECT index_name,
       reason LIKE '%leading column description appears in no WHERE condition%'
         AS leftmost_prefix_explained,
       NOT index_used OR reason LIKE '%user_id = 1 stays a Filter%'
         AS user_id_not_searched
FROM index_effect($$SELECT * FROM posts WHERE user_id = 1 AND title = 'Title 7'$$,
                  'CREATE INDEX idx_desc_title ON posts (description, title)');

-- What does help: both columns of the query, equality first
SELECT index_name, index_used, plan_before, plan_after, verdict,
       reason LIKE 'user_id = 1 became the Index Cond of idx_user_title, and so did title = ''Title 7''.%'
         AS both_in_index_cond,
       median_after_ms < median_before_ms AS faster,
       speedup > 1 AS speedup_above_one,
       cost_after < cost_before AS cheaper,
       buffers_after < buffers_before AS fewer_buffers
FROM index_effect($$SELECT * FROM posts WHERE user_id = 1 AND title = 'Title 7'$$,
                  'CREATE INDEX idx_user_title ON posts (user_id, title)');

-- An index on title alone: user_id stays a Filter
SELECT index_name, plan_after, verdict,
       reason LIKE 'title = ''Title 7'' became the Index Cond of posts_title_idx. user_id = 1 stays a Filter%'
         AS explained
FROM index_effect($$SELECT * FROM posts WHERE user_id = 1 AND title = 'Title 7'$$,
                  'CREATE INDEX ON posts (title)');

-- ORDER BY served by the index's order: no Sort
SELECT plan_before, plan_after, verdict,
       reason LIKE '%ORDER BY title is served by the index''s order: no Sort.%'
         AS no_sort
FROM index_effect('SELECT * FROM posts WHERE user_id = 5 ORDER BY title LIMIT 5',
                  'CREATE INDEX idx_user_title ON posts (user_id, title)');

-- Not used, and correctly so: the query never mentions the column
SELECT index_used, plan_after, verdict
FROM index_effect('SELECT * FROM posts WHERE post_id = 42',
                  'CREATE INDEX idx_title ON posts (title)');

-- Not used, and shown to be correctly so: forced with enable_seqscan off,
-- the index is used and is no faster (it reads every row)
SELECT index_used, verdict, forced_median_ms IS NOT NULL AS forced,
       reason LIKE '%Forced with enable_seqscan = off, the plan uses it and takes % ms against % ms without it.'
         AS explained
FROM index_effect('SELECT max(description) FROM posts WHERE user_id > 0',
                  'CREATE INDEX idx_user_id ON posts (user_id)');
SELECT current_setting('enable_seqscan') AS enable_seqscan;

-- An expression index: its condition is quoted from the plan, and no
-- leftmost-prefix claim is made about it
SELECT index_used, verdict,
       reason LIKE 'The Index Cond of idx_lower is (lower((title)::text) = ''title 7''::text).%'
         AS explained
FROM index_effect($$SELECT * FROM posts WHERE lower(title) = 'title 7'$$,
                  'CREATE INDEX idx_lower ON posts (lower(title))');

-- A query with a join: the condition on posts still counts
SELECT index_used, verdict,
       reason LIKE '%title = ''Title 7'' became the Index Cond of idx_title%'
         AS explained
FROM index_effect($$SELECT u.name FROM users u JOIN posts p ON p.user_id = u.user_id
                    WHERE p.title = 'Title 7'$$,
                  'CREATE INDEX idx_title ON posts (title)');

-- 'keep' keeps the index
SELECT index_name, index_used, verdict
FROM index_effect($$SELECT * FROM posts WHERE user_id = 1 AND title = 'Title 7'$$,
                  'CREATE INDEX idx_user_title ON posts (user_id, title)',
                  mode => 'keep', runs => 3);
SELECT indexrelid::regclass AS kept FROM pg_index
WHERE indrelid = 'posts'::regclass
  AND indexrelid NOT IN (SELECT indexrelid FROM indexes_before);
DROP INDEX idx_user_title;

-- A failed build leaves nothing behind either
SELECT * FROM index_effect('SELECT * FROM posts WHERE user_id = 1',
                           'CREATE UNIQUE INDEX idx_bad ON posts (user_id)');
SELECT count(*) AS idx_bad_left FROM pg_class WHERE relname = 'idx_bad';

-- Invalid input: missing arguments, an unknown mode, runs out of range
SELECT * FROM index_effect(NULL, 'CREATE INDEX ON posts (title)');
SELECT * FROM index_effect('SELECT 1', NULL);
SELECT * FROM index_effect('SELECT 1', 'CREATE INDEX ON posts (title)', NULL);
SELECT * FROM index_effect('SELECT 1', 'CREATE INDEX ON posts (title)', 'maybe');
SELECT * FROM index_effect('SELECT 1', 'CREATE INDEX ON posts (title)', runs => 0);
-- Invalid input: index_ddl that is not one CREATE INDEX
SELECT * FROM index_effect('SELECT 1', 'DROP TABLE posts');
SELECT * FROM index_effect('SELECT 1', 'CREATE INDEX a ON posts (title); DROP TABLE posts');
SELECT * FROM index_effect('SELECT 1', '');
SELECT * FROM index_effect('SELECT 1', 'CREATE INDEX ON no_such_table (a)');
SELECT * FROM index_effect('SELECT 1', 'CREATE INDEX ON posts (no_such_column)');
-- Invalid input: CONCURRENTLY cannot run in the lab's transaction
SELECT * FROM index_effect('SELECT 1', 'CREATE INDEX CONCURRENTLY ON posts (title)');
-- Invalid input: an index that already exists
SELECT * FROM index_effect('SELECT 1', 'CREATE INDEX IF NOT EXISTS posts_pkey ON posts (title)');
-- Invalid input: a query that writes, without allow_writes
SELECT * FROM index_effect('DELETE FROM posts WHERE user_id = 1',
                           'CREATE INDEX ON posts (user_id)');
-- Invalid input: hypothetical without HypoPG
SELECT * FROM index_effect('SELECT * FROM posts WHERE user_id = 1',
                           'CREATE INDEX ON posts (user_id)', 'hypothetical');

-- Writes are measured when allowed, and rolled back with the index
SELECT index_used, verdict <> '' AS judged
FROM index_effect('DELETE FROM posts WHERE post_id = 7',
                  'CREATE INDEX ON posts (user_id)', allow_writes => true);
SELECT count(*) AS posts FROM posts;

-- The lab's timeout: a verdict of "timed out" instead of an error
SELECT index_name, verdict, median_before_ms IS NULL AS no_times
FROM index_effect($$SELECT pg_sleep(1), count(*) FROM posts WHERE title = 'x'$$,
                  'CREATE INDEX idx_timeout ON posts (title)',
                  timeout => '20ms', runs => 2);
SELECT count(*) AS idx_timeout_left FROM pg_class WHERE relname = 'idx_timeout';

-- Nothing of all this is left
SELECT count(*) AS new_indexes FROM pg_index
WHERE indrelid = 'posts'::regclass
  AND indexrelid NOT IN (SELECT indexrelid FROM indexes_before);
