--
-- index_effect in mode 'hypothetical', through HypoPG
--
-- Runs on the data sql/explain.sql seeded.  HypoPG's index names carry an
-- OID, so they are matched with LIKE.
--
\set VERBOSITY terse
SET max_parallel_workers_per_gather = 0;
CREATE EXTENSION hypopg;

-- A hypothetical index of the user's own, which the lab must not remove
SELECT indexname LIKE '%btree_posts_description' AS users_own
FROM hypopg_create_index('CREATE INDEX ON posts (description)');

-- The planner's view of an index that is never built
SELECT index_name LIKE '%btree_posts_user_id_title' AS hypothetical_name,
       index_used,
       plan_before,
       plan_after LIKE 'Index Scan using %btree_posts_user_id_title on posts'
         AS plan_after_uses_it,
       cost_after < cost_before AS cheaper,
       speedup > 1 AS estimated_speedup,
       estimated,
       median_before_ms IS NULL AND median_after_ms IS NULL AS no_times,
       buffers_before IS NULL AND build_ms IS NULL AS nothing_built,
       index_size > 0 AS size_estimate,
       verdict,
       reason LIKE 'user_id = 1 became the Index Cond of %, and so did title = ''Title 7''.%Estimated:%'
         AS explained
FROM index_effect($$SELECT * FROM posts WHERE user_id = 1 AND title = 'Title 7'$$,
                  'CREATE INDEX idx_user_title ON posts (user_id, title)',
                  'hypothetical');

-- Only the lab's hypothetical index is gone; no real index was made
SELECT count(*) AS hypothetical_left,
       bool_and(index_name LIKE '%btree_posts_description') AS only_users_own
FROM hypopg_list_indexes;
SELECT count(*) AS real_indexes FROM pg_index WHERE indrelid = 'posts'::regclass;

-- Not used, and correctly so, in the planner's view too
SELECT index_used, verdict
FROM index_effect('SELECT * FROM posts WHERE post_id = 42',
                  'CREATE INDEX ON posts (title)', 'hypothetical');

-- A statement that writes is only planned: no allow_writes needed
SELECT index_used, estimated
FROM index_effect('DELETE FROM posts WHERE title = ''Title 7''',
                  'CREATE INDEX ON posts (title)', 'hypothetical');

-- The same index built for real afterwards: how far off was the guess?
SELECT index_used,
       prediction LIKE 'HypoPG predicted: used, cost %, size %. Built: used, cost %, size %. The size estimate was off by %, the cost by %.'
         AS prediction_compared
FROM index_effect($$SELECT * FROM posts WHERE user_id = 1 AND title = 'Title 7'$$,
                  'CREATE INDEX idx_user_title ON posts (user_id, title)',
                  'hypothetical')
UNION ALL
SELECT index_used,
       prediction LIKE 'HypoPG predicted: used, cost %, size %. Built: used, cost %, size %. The size estimate was off by %, the cost by %.'
FROM index_effect($$SELECT * FROM posts WHERE user_id = 1 AND title = 'Title 7'$$,
                  'CREATE INDEX idx_user_title ON posts (user_id, title)');
-- A different query has no prediction to compare with
SELECT prediction IS NULL AS no_prediction
FROM index_effect('SELECT * FROM posts WHERE user_id = 2 AND title = ''Title 8''',
                  'CREATE INDEX idx_user_title ON posts (user_id, title)');

-- Invalid input: HypoPG refuses what it cannot model
SELECT * FROM index_effect('SELECT 1', 'CREATE INDEX ON posts USING hash (title, user_id)',
                           'hypothetical');
SELECT count(*) - 1 AS lab_indexes_left FROM hypopg_list_indexes;

SELECT hypopg_drop_index(indexrelid) FROM hypopg_list_indexes;
DROP EXTENSION hypopg;
