--
-- CREATE EXTENSION installs the lesson's schema into the current schema
--
CREATE EXTENSION sysdesign;

SELECT extname, extversion, extrelocatable, n.nspname AS schema
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'sysdesign';

-- Every object the extension owns
SELECT pg_describe_object(classid, objid, objsubid) COLLATE "C" AS member
FROM pg_depend
WHERE refclassid = 'pg_extension'::regclass
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'sysdesign')
  AND deptype = 'e'
ORDER BY 1;

-- The columns, exactly as the lesson declares them
SELECT table_name, column_name, data_type, character_maximum_length AS len,
       is_nullable, column_default
FROM information_schema.columns
WHERE table_schema = 'public' AND table_name IN ('users', 'posts')
ORDER BY table_name COLLATE "C", ordinal_position;

SELECT conrelid::regclass AS tbl, conname, pg_get_constraintdef(oid) AS def
FROM pg_constraint
WHERE conrelid IN ('users'::regclass, 'posts'::regclass)
ORDER BY conrelid::regclass::text COLLATE "C", conname COLLATE "C";

SELECT indexrelid::regclass AS index, pg_get_indexdef(indexrelid) AS def
FROM pg_index
WHERE indrelid IN ('users'::regclass, 'posts'::regclass)
ORDER BY indexrelid::regclass::text COLLATE "C";

-- Row data is the user's: pg_dump must dump it
SELECT c.relname, x.cond
FROM pg_extension e,
     unnest(e.extconfig, e.extcondition) AS x(reloid, cond)
     JOIN pg_class c ON c.oid = x.reloid
WHERE e.extname = 'sysdesign'
ORDER BY c.relname COLLATE "C";
