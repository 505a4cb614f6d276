--
-- seed_posts(): the path each table takes, and the executor path doing
-- all that a plain INSERT does; privileges and row-level security
--
-- The DEBUG1 messages name the path: "in bulk" is the fast path, "through
-- INSERT statements" the executor path, with the reason.
--
\set VERBOSITY terse

-- Empty tables: the fast path, indexes rebuilt once at the end
SET client_min_messages = debug1;
SELECT seed_posts(2, 3);
-- Tables that hold rows: the fast path, index entries row by row
SELECT seed_posts(1, 2);
RESET client_min_messages;

-- A BEFORE trigger: fired for every row
CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.title := upper(NEW.title);
	RETURN NEW;
END
$$;
CREATE TRIGGER shout BEFORE INSERT ON posts
	FOR EACH ROW EXECUTE FUNCTION shout();
SET client_min_messages = debug1;
SELECT seed_posts(1, 3);
RESET client_min_messages;
SELECT post_id, user_id, title FROM posts ORDER BY post_id;
DROP TRIGGER shout ON posts;

-- A trigger that drops rows: they are not counted
CREATE FUNCTION odd_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RETURN CASE WHEN NEW.post_id % 2 = 1 THEN NEW END;
END
$$;
CREATE TRIGGER odd_only BEFORE INSERT ON posts
	FOR EACH ROW EXECUTE FUNCTION odd_only();
SELECT seed_posts(1, 4);
SELECT post_id, user_id, title FROM posts WHERE user_id = 5 ORDER BY post_id;
DROP TRIGGER odd_only ON posts;

-- A CHECK constraint: honoured, with the error of a plain INSERT and
-- nothing left behind
ALTER TABLE posts ADD CONSTRAINT title_short CHECK (length(title) <= 7);
SELECT seed_posts(1, 10);
SELECT count(*) AS users, (SELECT count(*) FROM posts) AS posts FROM users;
SELECT seed_posts(1, 9);
ALTER TABLE posts DROP CONSTRAINT title_short;

-- Progress is a row of pg_stat_progress_copy; a statement trigger, which
-- runs at the end of each INSERT of 10000 rows, reads it
CREATE FUNCTION show_progress() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	p record;
BEGIN
	PERFORM pg_stat_clear_snapshot();
	SELECT command, type, relid::regclass AS rel, tuples_processed INTO p
	FROM pg_stat_progress_copy WHERE pid = pg_backend_pid();
	RAISE NOTICE 'progress: % % %: % rows before this statement',
		p.command, p.type, p.rel, p.tuples_processed;
	RETURN NULL;
END
$$;
CREATE TRIGGER show_progress AFTER INSERT ON posts
	FOR EACH STATEMENT EXECUTE FUNCTION show_progress();
SELECT seed_posts(2, 10001);
DROP TRIGGER show_progress ON posts;
SELECT count(*) AS posts, max(post_id) AS last_post FROM posts;

-- A rule on INSERT: it acts on every row
CREATE TABLE post_log (post_id int);
CREATE RULE log_post AS ON INSERT TO posts
	DO ALSO INSERT INTO post_log VALUES (NEW.post_id);
SET client_min_messages = debug1;
SELECT seed_posts(1, 3);
RESET client_min_messages;
SELECT * FROM post_log ORDER BY post_id;
DROP RULE log_post ON posts;
DROP TABLE post_log;

-- Privileges: the caller needs what a plain INSERT of the same rows needs
CREATE ROLE regress_seed_writer;
SET ROLE regress_seed_writer;
SELECT seed_posts(1, 1);
RESET ROLE;
GRANT INSERT ON users TO regress_seed_writer;
SET ROLE regress_seed_writer;
SELECT seed_posts(1, 1);
RESET ROLE;
GRANT INSERT ON posts TO regress_seed_writer;
SET ROLE regress_seed_writer;
SELECT seed_posts(1, 1);
RESET ROLE;
GRANT USAGE ON SEQUENCE users_user_id_seq TO regress_seed_writer;
SET ROLE regress_seed_writer;
SELECT seed_posts(1, 1);
RESET ROLE;
GRANT USAGE ON SEQUENCE posts_post_id_seq TO regress_seed_writer;
SET ROLE regress_seed_writer;
SELECT seed_posts(1, 2);
RESET ROLE;
-- INSERT on the columns the seeder writes is enough, as for INSERT
REVOKE INSERT ON posts FROM regress_seed_writer;
GRANT INSERT (post_id, user_id, title, description) ON posts
	TO regress_seed_writer;
SET ROLE regress_seed_writer;
SELECT seed_posts(1, 2);
RESET ROLE;
REVOKE INSERT (post_id) ON posts FROM regress_seed_writer;
SET ROLE regress_seed_writer;
SELECT seed_posts(1, 2);
RESET ROLE;
GRANT INSERT ON posts TO regress_seed_writer;

-- Row-level security: the policies apply through the executor path
ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
CREATE POLICY short_titles ON posts FOR INSERT
	WITH CHECK (length(title) <= 7);
SET ROLE regress_seed_writer;
SET client_min_messages = debug1;
SELECT seed_posts(1, 3);
RESET client_min_messages;
SELECT seed_posts(1, 10);
-- with row_security off, the same error as any query the policy affects
SET row_security = off;
SELECT seed_posts(1, 1);
RESET row_security;
RESET ROLE;
-- the owner, to whom the policies do not apply, keeps the fast path
SET client_min_messages = debug1;
SELECT seed_posts(1, 1);
RESET client_min_messages;
DROP POLICY short_titles ON posts;
ALTER TABLE posts DISABLE ROW LEVEL SECURITY;

-- A column of the user's with a default: the new rows get it
ALTER TABLE posts ADD COLUMN likes int NOT NULL DEFAULT 0;
SELECT seed_posts(1, 2);
SELECT post_id, title, likes FROM posts ORDER BY post_id DESC LIMIT 2;
ALTER TABLE posts DROP COLUMN likes;

-- A foreign key of the user's on users: checked for every new user
CREATE TABLE teams (team text PRIMARY KEY);
INSERT INTO teams VALUES ('none');
ALTER TABLE users ADD COLUMN team text DEFAULT 'none' REFERENCES teams;
ALTER TABLE users ALTER COLUMN team SET DEFAULT 'red';
SELECT seed_posts(1, 1);
INSERT INTO teams VALUES ('red');
SET client_min_messages = debug1;
SELECT seed_posts(1, 1);
RESET client_min_messages;
SELECT user_id, email, team FROM users ORDER BY user_id DESC LIMIT 2;
ALTER TABLE users DROP COLUMN team;
DROP TABLE teams;

-- Dropped columns do not keep the fast path away: the rows get NULL there
SET client_min_messages = debug1;
SELECT seed_posts(1, 1);
RESET client_min_messages;
SELECT count(*) AS posts, max(post_id) AS last_post FROM posts;

-- A sequence that counts by 10: the ids do too, as nextval() gives them
ALTER SEQUENCE posts_post_id_seq INCREMENT BY 10;
SELECT seed_posts(1, 3);
SELECT post_id, title FROM posts ORDER BY post_id DESC LIMIT 3;
SELECT nextval('posts_post_id_seq');
ALTER SEQUENCE posts_post_id_seq INCREMENT BY 1;

-- Ids that do not come from an increasing sequence: refused
ALTER SEQUENCE users_user_id_seq INCREMENT BY -1;
SELECT seed_posts(1, 1);
ALTER SEQUENCE users_user_id_seq INCREMENT BY 1;
ALTER TABLE posts ALTER COLUMN post_id DROP DEFAULT;
SELECT seed_posts(1, 1);
ALTER TABLE posts ALTER COLUMN post_id
	SET DEFAULT nextval('posts_post_id_seq'::regclass);

-- Everything this file inserted, user by user
SELECT u.user_id, u.email, count(p.post_id) AS posts,
       min(p.title) COLLATE "C" AS first_title
FROM users u LEFT JOIN posts p USING (user_id)
GROUP BY u.user_id, u.email
ORDER BY u.user_id;

REVOKE ALL ON users, posts FROM regress_seed_writer;
REVOKE ALL ON SEQUENCE users_user_id_seq, posts_post_id_seq
	FROM regress_seed_writer;
DROP ROLE regress_seed_writer;
DROP FUNCTION shout(), odd_only(), show_progress();
TRUNCATE posts, users RESTART IDENTITY;
