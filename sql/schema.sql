--
-- The lesson's tables behave as the lesson says
--
\set VERBOSITY terse

INSERT INTO users (email, password, name)
VALUES ('ada@example.com', 'secret', 'Ada'),
       ('bob@example.com', 'hunter2', NULL)
RETURNING user_id, email, name;

INSERT INTO posts (user_id, title, description)
VALUES (1, 'First', 'Hello'), (1, 'Second', NULL), (2, 'Bob''s', 'Hi')
RETURNING post_id, user_id, title, image;

-- Invalid input: the email is unique
INSERT INTO users (email, password) VALUES ('ada@example.com', 'x');
-- Invalid input: email and password are NOT NULL
INSERT INTO users (email, password) VALUES (NULL, 'x');
INSERT INTO users (email, password) VALUES ('eve@example.com', NULL);
-- Invalid input: VARCHAR(255) holds no more
INSERT INTO users (email, password) VALUES (repeat('x', 256), 'x');
-- Invalid input: a post needs an existing user, and a title
INSERT INTO posts (user_id, title) VALUES (999, 'Orphan');
INSERT INTO posts (user_id, title) VALUES (NULL, 'Nobody');
INSERT INTO posts (user_id, title) VALUES (1, NULL);
-- Invalid input: a user with posts cannot go
DELETE FROM users WHERE user_id = 1;

-- The failed inserts used up sequence values but left no rows
SELECT count(*) AS users, (SELECT count(*) FROM posts) AS posts FROM users;

SELECT u.name, count(p.*) AS posts
FROM users u LEFT JOIN posts p USING (user_id)
GROUP BY u.user_id, u.name
ORDER BY u.user_id;
