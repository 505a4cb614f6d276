--
-- lesson/10_seed.sql: seed the lesson's data
--
-- The lesson inserts 5 users with 500,000 posts each through a PL/pgSQL
-- loop of single-row INSERTs.  seed_posts() inserts the same rows in bulk,
-- from C, with every constraint and index holding; it returns the number
-- of posts.  bench/seed_bench.sh compares the two, and COPY.
--
\pset pager off
\timing on
SELECT seed_posts(5, 500000);
\timing off

SELECT count(*) AS users FROM users;
SELECT count(*) AS posts FROM posts;

SELECT u.user_id, u.email, u.name, count(p.post_id) AS posts,
       min(p.post_id) AS first_post, max(p.post_id) AS last_post
FROM users u JOIN posts p USING (user_id)
GROUP BY u.user_id, u.email, u.name
ORDER BY u.user_id;

SELECT * FROM posts ORDER BY post_id LIMIT 3;
SELECT * FROM posts ORDER BY post_id DESC LIMIT 3;
