--
-- index_compare: candidate indexes ranked, with "no index" always among them
--
-- Runs on the data sql/explain.sql seeded: 5 users, 20,000 posts each.
-- The column-order lesson: the same two columns in either order, and the
-- lesson's (description, title), for "the posts of a user with a title".
--
\set VERBOSITY terse
SET max_parallel_workers_per_gather = 0;

CREATE TEMP TABLE indexes_before AS
SELECT indexrelid FROM pg_index WHERE indrelid = 'posts'::regclass;

CREATE TEMP TABLE ranked AS
SELECT * FROM index_compare(
  $$SELECT * FROM posts WHERE user_id = 1 AND title = 'Title 7'$$,
  ARRAY['CREATE INDEX ON posts (description, title)',
        'CREATE INDEX ON posts (user_id, title)',
        'CREATE INDEX ON posts (title, user_id)'],
  ARRAY[$$SELECT * FROM posts WHERE user_id = 4 AND title = 'Title 12'$$,
        'SELECT * FROM posts WHERE post_id = 5',
        'SELECT * FROM posts WHERE user_id = 3 AND title < ''Title 2'' ORDER BY title'],
  runs => 3);

-- One row per candidate and one without an index, ranks 1 to 4
SELECT count(*) AS rows, count(DISTINCT rank) AS ranks,
       count(*) FILTER (WHERE index_ddl IS NULL) AS no_index_rows
FROM ranked;

-- Both two-column indexes beat (description, title), which beats none
SELECT index_ddl, index_name, index_used, plan,
       also_serves @> '{1}' AS serves_1, 2 = ANY (also_serves) AS serves_2,
       index_size > 0 AS sized
FROM ranked
ORDER BY (index_ddl IS NULL), index_ddl COLLATE "C";
SELECT (SELECT max(rank) FROM ranked
        WHERE index_ddl IN ('CREATE INDEX ON posts (user_id, title)',
                            'CREATE INDEX ON posts (title, user_id)'))
     < (SELECT rank FROM ranked
        WHERE index_ddl = 'CREATE INDEX ON posts (description, title)')
       AS two_columns_win,
       (SELECT rank FROM ranked
        WHERE index_ddl = 'CREATE INDEX ON posts (description, title)')
     < (SELECT rank FROM ranked WHERE index_ddl IS NULL) AS full_index_scan_wins,
       (SELECT speedup FROM ranked WHERE index_ddl IS NULL) = 1 AS baseline_one;

-- A range and ORDER BY on title: only the index leading with user_id serves it
SELECT index_ddl, 3 = ANY (also_serves) AS serves_3
FROM ranked
WHERE index_ddl LIKE '%(user_id, title)%';

-- Every candidate was rolled back
SELECT count(*) AS new_indexes FROM pg_index
WHERE indrelid = 'posts'::regclass
  AND indexrelid NOT IN (SELECT indexrelid FROM indexes_before);

-- Invalid input
SELECT * FROM index_compare('SELECT 1', '{}');
SELECT * FROM index_compare('SELECT 1', NULL);
SELECT * FROM index_compare('SELECT 1', ARRAY[NULL]);
SELECT * FROM index_compare('SELECT 1', ARRAY['DROP TABLE posts']);
SELECT * FROM index_compare('SELECT 1', ARRAY['CREATE INDEX ON posts (title)'],
                            ARRAY['VACUUM posts']);
SELECT * FROM index_compare('DELETE FROM posts', ARRAY['CREATE INDEX ON posts (title)']);
SELECT * FROM index_compare('SELECT 1', ARRAY['CREATE INDEX ON posts (title)'], runs => 0);
