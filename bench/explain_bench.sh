#!/usr/bin/env bash
#
# bench/explain_bench.sh
#
# The lab's overhead: explain_analyze(q, runs => 20) against the same query
# run under plain EXPLAIN ANALYZE 20 times from one psql session, in the
# same run of this script, for an index lookup and for a scan of 2.5
# million rows.  Both sides execute the query 21 times (a warm-up plus
# 20), and both are timed by psql's \timing from the client, so the
# comparison includes everything a user waits for.
#
# Each comparison is repeated ROUNDS times, alternating which side goes
# first, and the median of the per-round figures is printed: the machine
# may be shared and noisy.  The anchor is the plain EXPLAIN ANALYZE total.
# The target: less than 5% more wall-clock time, or less than 0.2 ms per
# run for the lookup.
#
# Usage: bench/explain_bench.sh          (builds, starts its own cluster)
#        ROUNDS=15 POSTS_PER_USER=20000 bench/explain_bench.sh

set -euo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/common.sh

ROUNDS=${ROUNDS:-9}
USERS=${USERS:-125}
POSTS_PER_USER=${POSTS_PER_USER:-20000}

sd_pg_config
sd_build
work=$(mktemp -d /tmp/sysdesign-bench.XXXXXX)
chmod 755 "$work"
trap 'sd_cluster_stop; rm -rf "$work"' EXIT
sd_stage "$work/root"
sd_cluster_start "$work/cluster"

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

sd_log "seeding $USERS users x $POSTS_PER_USER posts"
psql <<SQL
CREATE EXTENSION sysdesign;
INSERT INTO users (email, password, name)
SELECT 'user' || i || '@example.com', 'pass' || i, 'User ' || i
FROM generate_series(1, $USERS) i;
INSERT INTO posts (user_id, title, description)
SELECT u, 'Title ' || p, 'Description for post ' || p
FROM generate_series(1, $USERS) u, generate_series(1, $POSTS_PER_USER) p;
VACUUM ANALYZE users, posts;
SQL

median()
{
	sort -g | awk '{ v[NR] = $1 } END {
		print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# round QUERY ORDER: print "lab_ms plain_ms lab_median plain_median", the
# wall-clock totals of both sides and the execution-time medians each
# reports.  ORDER is "lab" or "plain": which side runs first.
round()
{
	local q=$1 order=$2 script=$work/round.sql out=$work/round.out i
	local lab plain plainmed
	lab="SELECT 'MEDIAN ' || median_ms FROM explain_analyze(\$q\$$q\$q\$, runs => 20);"
	plain=""
	for i in $(seq 21); do
		plain+="EXPLAIN ANALYZE $q;"$'\n'
	done
	{
		echo "SET max_parallel_workers_per_gather = 0;"
		# load the library before the clock starts, as any session would
		# have done by its second call
		echo "SELECT explain_time('SELECT 1');"
		echo '\timing on'
		if [ "$order" = lab ]; then
			echo "$lab"; echo "\\echo PLAIN"; echo "$plain"
		else
			echo "\\echo PLAIN"; echo "$plain"; echo "\\echo LAB"; echo "$lab"
		fi
	} >"$script"
	psql -At -f "$script" >"$out"
	# the plain side's execution-time median over the 20 runs after the
	# first, as the lab computes its own
	plainmed=$(awk '/^Execution Time:/ { if (++n > 1) print $3 }' "$out" |
		median)
	awk -v order="$order" -v plainmed="$plainmed" '
		/^PLAIN$/ { side = "plain"; next }
		/^LAB$/ { side = "lab"; next }
		/^MEDIAN / { labmed = $2; next }
		/^Time: / {
			s = (side == "" ? order : side)
			if (s == "lab") labms += $2; else plainms += $2
			if (side == "" && order == "lab") side = "plain"
		}
		END { printf "%.3f %.3f %.4f %.4f\n", labms, plainms, labmed, plainmed }
	' "$out"
}

bench()
{
	local name=$1 q=$2 r order lines
	sd_log "$name: $ROUNDS rounds of 21 + 21 executions"
	lines=$work/$name.rounds
	: >"$lines"
	for r in $(seq "$ROUNDS"); do
		order=$([ $((r % 2)) -eq 1 ] && echo lab || echo plain)
		round "$q" "$order" >>"$lines"
	done
	local lab plain ratio perrun labmed plainmed
	# every round, so that a reader can see the spread behind the medians
	awk -v name="$name" '{ printf "%-8s round %d: lab %.2f ms, plain %.2f ms, ratio %.3f\n", name, NR, $1, $2, $1 / $2 }' "$lines"
	lab=$(awk '{ print $1 }' "$lines" | median)
	plain=$(awk '{ print $2 }' "$lines" | median)
	ratio=$(awk '{ print $1 / $2 }' "$lines" | median)
	perrun=$(awk '{ print ($1 - $2) / 21 }' "$lines" | median)
	labmed=$(awk '{ print $3 }' "$lines" | median)
	plainmed=$(awk '{ print $4 }' "$lines" | median)
	printf '%-8s wall: lab %9.2f ms, plain %9.2f ms, ratio %.3f (%+.1f%%), %+.3f ms a run\n' \
		"$name" "$lab" "$plain" "$ratio" \
		"$(awk -v r="$ratio" 'BEGIN { print (r - 1) * 100 }')" "$perrun"
	printf '%-8s execution-time median: lab %.4f ms, plain %.4f ms\n' \
		"$name" "$labmed" "$plainmed"
}

echo "query: lookup = SELECT * FROM posts WHERE post_id = 1234567"
echo "       scan   = SELECT count(*) FROM posts WHERE title = 'Title 7' ($((USERS * POSTS_PER_USER)) rows)"
bench lookup "SELECT * FROM posts WHERE post_id = 1234567"
bench scan "SELECT count(*) FROM posts WHERE title = 'Title 7'"
echo "target: ratio < 1.05, or < 0.2 ms a run for the lookup"
