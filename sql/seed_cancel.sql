--
-- seed_posts() seen from another session: its progress while it runs, a
-- pg_cancel_backend() part-way that leaves both tables as they were, and
-- the locks it holds until its transaction ends
--
\set VERBOSITY terse
CREATE EXTENSION IF NOT EXISTS dblink;

-- Tables that hold rows, so that the call below maintains its index
-- entries row by row and runs long enough to be watched
SELECT seed_posts(2, 3);
SELECT count(*) AS users, (SELECT count(*) FROM posts) AS posts FROM users;

-- Waits until the seeder shows in pg_stat_progress_copy writing posts
CREATE FUNCTION seed_watch(seeder int)
RETURNS TABLE (command text, type text, relation regclass, moving boolean)
LANGUAGE plpgsql AS $$
BEGIN
	FOR i IN 1..1200 LOOP
		PERFORM pg_stat_clear_snapshot();
		RETURN QUERY
			SELECT p.command, p.type, p.relid::regclass,
			       p.tuples_processed > 0
			FROM pg_stat_progress_copy p
			WHERE p.pid = seeder AND p.relid = 'posts'::regclass
			  AND p.tuples_processed > 0;
		IF FOUND THEN
			RETURN;
		END IF;
		PERFORM pg_sleep(0.05);
	END LOOP;
END
$$;

-- The other session, on this server's socket
SELECT format('host=%s port=%s dbname=%s',
			  split_part(current_setting('unix_socket_directories'), ',', 1),
			  current_setting('port'), current_database()) AS connstr \gset
SELECT dblink_connect('seeder', :'connstr') AS connected;
SELECT pid AS seeder_pid
FROM dblink('seeder', 'SELECT pg_backend_pid()') AS t(pid int) \gset
SELECT dblink_send_query('seeder', 'SELECT seed_posts(5, 500000)') AS sent;

SELECT * FROM seed_watch(:seeder_pid);
SELECT pg_cancel_backend(:seeder_pid) AS cancelled;
SELECT * FROM dblink_get_result('seeder') AS t(posts bigint);
SELECT dblink_disconnect('seeder');

-- Nothing of the cancelled call is left
SELECT count(*) AS users, (SELECT count(*) FROM posts) AS posts FROM users;

-- Locks: the other session seeds empty tables in a transaction it keeps
-- open.  The indexes it rebuilt stay locked, so even a read waits, and so
-- does another seeder.
TRUNCATE posts, users RESTART IDENTITY;
SELECT dblink_connect('seeder', :'connstr') AS connected;
SELECT dblink_exec('seeder', 'BEGIN');
SELECT * FROM dblink('seeder', 'SELECT seed_posts(2, 2)') AS t(posts bigint);
SET lock_timeout = '200ms';
SELECT count(*) FROM posts;
SELECT seed_posts(1, 1);
RESET lock_timeout;
SELECT dblink_exec('seeder', 'COMMIT');

-- Now the tables hold rows: a seeder in an open transaction lets readers
-- in (they do not see its rows yet), and keeps writers waiting
SELECT dblink_exec('seeder', 'BEGIN');
SELECT * FROM dblink('seeder', 'SELECT seed_posts(1, 2)') AS t(posts bigint);
SET lock_timeout = '200ms';
SELECT count(*) AS users, (SELECT count(*) FROM posts) AS posts FROM users;
INSERT INTO users (email, password) VALUES ('eve@example.com', 'x');
SELECT seed_posts(1, 1);
RESET lock_timeout;
SELECT dblink_exec('seeder', 'COMMIT');
SELECT dblink_disconnect('seeder');

-- Once it has committed, the next call numbers its users after its ones
SELECT seed_posts(1, 1);
SELECT user_id, email FROM users ORDER BY user_id;

DROP FUNCTION seed_watch(int);
DROP EXTENSION dblink;
TRUNCATE posts, users RESTART IDENTITY;
