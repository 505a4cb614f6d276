#!/usr/bin/env bash
#
# bench/nf_bench.sh
#
# Time the normal-form checker against its target of 50 ms per call:
#
#   report  nf_report() on a 40-column table with 100 declared
#           dependencies (structure only, then with the data checks on
#           the empty table, which add one query per declaration);
#   keys    the same on a 20-column table whose dependencies give it
#           2^9 = 512 candidate keys, all of which are enumerated;
#   anchor  nf_report() on a two-column table, measured in the same run:
#           the fixed cost of a call (catalog reads, SPI, result rows).
#
# Each case runs once to warm the caches, then RUNS times (default 7);
# the median is printed with its ratio to the target and to the anchor.
# Like scripts/test.sh it builds, installs into a private copy of
# PostgreSQL and uses a throwaway cluster, so it touches nothing else.

set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/common.sh

RUNS=${RUNS:-7}
TARGET_MS=50

sd_install_packages || sd_die "could not install the packages"
sd_pg_config
sd_build || sd_die "the build failed"

work=$(mktemp -d /tmp/sysdesign-bench.XXXXXX)
chmod 755 "$work"
trap 'sd_cluster_stop; rm -rf "$work"' EXIT
sd_stage "$work/root" || sd_die "could not install into $work/root"
sd_cluster_start "$work/cluster"

psql -X -q -v ON_ERROR_STOP=1 -v runs="$RUNS" -v target="$TARGET_MS" <<'SQL'
\pset footer off
CREATE EXTENSION sysdesign;
CREATE SCHEMA bench;

-- 40 columns, key c1; 100 distinct dependencies with one or two columns
-- on the left, drawn by a fixed rule so that every run is the same.
SELECT format('CREATE TABLE bench.wide (%s, PRIMARY KEY (c1))',
			  string_agg(format('c%s int', i), ', ' ORDER BY i))
FROM generate_series(1, 40) i \gexec
DO $$
DECLARE
	i int := 0;
	n int := 0;
	l1 int;
	l2 int;
	r int;
BEGIN
	WHILE n < 100 LOOP
		i := i + 1;
		IF i > 10000 THEN
			RAISE EXCEPTION 'could not draw 100 distinct dependencies';
		END IF;
		l1 := 2 + i % 39;
		l2 := 2 + (i * 3 + i / 39) % 39;
		r := 2 + (i * 17 + i / 39 * 5) % 39;
		CONTINUE WHEN r IN (l1, l2) OR l1 = l2;
		BEGIN
			IF i % 3 = 0 THEN
				PERFORM declare_fd('bench.wide', format('c%s -> c%s', l1, r));
			ELSE
				PERFORM declare_fd('bench.wide',
								   format('c%s, c%s -> c%s', l1, l2, r));
			END IF;
			n := n + 1;
		EXCEPTION WHEN duplicate_object OR invalid_parameter_value THEN
			NULL;
		END;
	END LOOP;
END
$$;

-- 20 columns: a_i <-> b_i for nine pairs, and the a's determine c1, c2;
-- every choice of a_i or b_i per pair is a key: 2^9 = 512 keys.
CREATE TABLE bench.keys (a1 int, b1 int, a2 int, b2 int, a3 int, b3 int,
						 a4 int, b4 int, a5 int, b5 int, a6 int, b6 int,
						 a7 int, b7 int, a8 int, b8 int, a9 int, b9 int,
						 c1 int, c2 int);
DO $$
BEGIN
	FOR i IN 1 .. 9 LOOP
		PERFORM declare_fd('bench.keys', format('a%s -> b%s', i, i));
		PERFORM declare_fd('bench.keys', format('b%s -> a%s', i, i));
	END LOOP;
	PERFORM declare_fd('bench.keys',
					   'a1, a2, a3, a4, a5, a6, a7, a8, a9 -> c1, c2');
END
$$;

CREATE TABLE bench.tiny (id int PRIMARY KEY, v text);

-- The median wall time of a query, in milliseconds.
CREATE FUNCTION pg_temp.median_ms(q text, runs int) RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	times numeric[] := '{}';
BEGIN
	EXECUTE q;
	FOR i IN 1 .. runs LOOP
		t0 := clock_timestamp();
		EXECUTE q;
		times := times || (extract(epoch FROM clock_timestamp() - t0) * 1000)::numeric;
	END LOOP;
	RETURN (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x)
			FROM unnest(times) x);
END
$$;

SELECT (SELECT count(*) FROM fd_declarations
		WHERE table_name = 'bench.wide'::regclass) AS wide_fds,
	   (SELECT count(*) FROM nf_report('bench.wide', false)) AS wide_rows,
	   (SELECT count(*) FROM nf_report('bench.keys', false)
		WHERE kind = 'candidate key') AS keys;

WITH cases(name, q) AS (VALUES
	('anchor: nf_report, 2 columns',
	 'SELECT count(*) FROM nf_report(''bench.tiny'')'),
	('report: 40 columns, 100 dependencies',
	 'SELECT count(*) FROM nf_report(''bench.wide'', false)'),
	('report: same, with data checks',
	 'SELECT count(*) FROM nf_report(''bench.wide'')'),
	('keys: 20 columns, 512 candidate keys',
	 'SELECT count(*) FROM nf_report(''bench.keys'', false)'),
	('level: 20 columns, 512 candidate keys',
	 'SELECT nf_level(''bench.keys'', false)')),
timed AS (
	SELECT name, pg_temp.median_ms(q, :runs) AS ms FROM cases)
SELECT name AS "case",
	   round(ms, 2) AS median_ms,
	   round(ms / :target, 3) AS "of 50 ms",
	   round(ms / (SELECT ms FROM timed WHERE name LIKE 'anchor%'), 1)
		   AS "x anchor",
	   CASE WHEN name LIKE 'anchor%' THEN ''
			WHEN ms < :target THEN 'PASS' ELSE 'FAIL' END AS target
FROM timed;
SQL
