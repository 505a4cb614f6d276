#!/usr/bin/env bash
#
# bench/seed_bench.sh
#
# How fast seed_posts() fills the lesson's tables, against the other ways
# of inserting the same 5 x 500,000 posts, all measured in one run on one
# throwaway cluster with PostgreSQL's default configuration:
#
#   (a) the lesson's PL/pgSQL loop of single-row INSERTs (run once: slow)
#   (b) one INSERT ... SELECT over generate_series
#   (c) COPY FROM a pre-generated file, foreign key in place
#   (d) COPY FROM the same file, foreign key dropped beforehand
#   (e) SELECT seed_posts(5, 500000)
#
# Each run starts from an empty schema (the extension dropped and created
# again, then a CHECKPOINT, none of it timed).  The fast ones run RUNS
# times, interleaved, and the medians are compared.  The time of a method
# is the sum of psql's \timing of its statements, so connecting is not
# counted.  Then: how seed_posts() scales to 20 users, the backend's peak
# memory for 5 and for 50 users, and what pg_stat_progress_copy shows
# while it runs.
#
# Environment: USERS (5), PER_USER (500000), RUNS (5), SCALE_USERS (20),
# MEMORY_USERS (50).  Targets, from issue 3: (a)/(e) >= 15,
# (d)/(e) >= 1.5, seed_posts(20, ...) within 4.4 times seed_posts(5, ...).

set -euo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/common.sh

USERS=${USERS:-5}
PER_USER=${PER_USER:-500000}
RUNS=${RUNS:-5}
SCALE_USERS=${SCALE_USERS:-20}
MEMORY_USERS=${MEMORY_USERS:-50}

sd_install_packages
sd_pg_config
sd_build
work=$(mktemp -d /tmp/sysdesign-bench.XXXXXX)
chmod 755 "$work"
trap 'sd_cluster_stop; rm -rf "$work"' EXIT
sd_stage "$work/root"
sd_cluster_start "$work/cluster"
createdb seed_bench
export PGDATABASE=seed_bench

data=$work/data
mkdir -p "$data"
[ "$(id -u)" -eq 0 ] && chown postgres: "$data"
posts_file=$data/posts.tsv

# q SQL... : run statements quietly, untimed
q()
{
	psql -X -q -v ON_ERROR_STOP=1 "$@" >/dev/null
}

# timed FILE : run the statements of FILE and print their total time in
# seconds, from psql's \timing
timed()
{
	psql -X -q -v ON_ERROR_STOP=1 -c '\timing on' -f "$1" |
		awk '/^Time: / { ms += $2 } END { printf "%.3f\n", ms / 1000 }'
}

# fresh [nofk] : an empty schema, optionally without the foreign key
fresh()
{
	q -c 'DROP EXTENSION IF EXISTS sysdesign CASCADE' \
		-c 'CREATE EXTENSION sysdesign'
	if [ "${1:-}" = nofk ]; then
		q -c 'ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey'
	fi
	q -c 'CHECKPOINT'
}

# median of the arguments
median()
{
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'
}

# check NAME VALUE OP TARGET : "ok" or "MISSED" against a target
check()
{
	awk -v v="$2" -v t="$4" -v op="$3" 'BEGIN {
		ok = (op == ">=") ? (v >= t) : (v <= t);
		printf "%s %s %s: %s", "target", op, t, ok ? "ok" : "MISSED" }'
}

users_sql="INSERT INTO users (email, password, name)
	SELECT 'user' || i || '@example.com', 'pass' || i, 'User ' || i
	FROM generate_series(1, $USERS) i;"

cat >"$work/a.sql" <<SQL
DO \$\$
DECLARE
	uid integer;
BEGIN
	FOR i IN 1..$USERS LOOP
		INSERT INTO users (email, password, name)
		VALUES ('user' || i || '@example.com', 'pass' || i, 'User ' || i)
		RETURNING user_id INTO uid;
		FOR j IN 1..$PER_USER LOOP
			INSERT INTO posts (user_id, title, description)
			VALUES (uid, 'Title ' || j, 'Description for post ' || j);
		END LOOP;
	END LOOP;
END
\$\$;
SQL
cat >"$work/b.sql" <<SQL
$users_sql
INSERT INTO posts (user_id, title, description)
SELECT u, 'Title ' || j, 'Description for post ' || j
FROM generate_series(1, $USERS) u, generate_series(1, $PER_USER) j
ORDER BY u, j;
SQL
cat >"$work/c.sql" <<SQL
$users_sql
COPY posts (user_id, title, description) FROM '$posts_file';
SQL
echo "SELECT seed_posts($USERS, $PER_USER);" >"$work/e.sql"
echo "SELECT seed_posts($SCALE_USERS, $PER_USER);" >"$work/e_scale.sql"

sd_log "generating $posts_file"
q -c "COPY (SELECT u, 'Title ' || j, 'Description for post ' || j
	FROM generate_series(1, $USERS) u, generate_series(1, $PER_USER) j
	ORDER BY u, j) TO '$posts_file'"

# Every method must leave the same rows; check it once, untimed
fresh
q -f "$work/e.sql"
want=$(psql -X -At -c "SELECT count(*), sum(user_id::bigint),
	sum(length(title) + length(description)) FROM posts")
for m in b c; do
	fresh
	q -f "$work/$m.sql"
	got=$(psql -X -At -c "SELECT count(*), sum(user_id::bigint),
		sum(length(title) + length(description)) FROM posts")
	[ "$got" = "$want" ] || sd_die "($m) inserted other rows than seed_posts(): $got, not $want"
done

sd_log "(a) the PL/pgSQL loop, once"
fresh
ta=$(timed "$work/a.sql")

tb=() tc=() td=() te=() ts=()
for run in $(seq "$RUNS"); do
	sd_log "run $run of $RUNS: (b) (c) (d) (e) and seed_posts($SCALE_USERS, $PER_USER)"
	fresh;		tb+=("$(timed "$work/b.sql")")
	fresh;		tc+=("$(timed "$work/c.sql")")
	fresh nofk;	td+=("$(timed "$work/c.sql")")
	fresh;		te+=("$(timed "$work/e.sql")")
	fresh;		ts+=("$(timed "$work/e_scale.sql")")
done
mb=$(median "${tb[@]}")
mc=$(median "${tc[@]}")
md=$(median "${td[@]}")
me=$(median "${te[@]}")
ms=$(median "${ts[@]}")

# The backend's memory after one call, in a connection of its own: peak
# resident size (VmHWM, which counts the shared buffers it touched), and
# what its memory contexts hold at the end
memory_after()
{
	psql -X -At -F ' ' -c "$1" -c "
		SELECT (regexp_match(s, 'VmHWM:\s+(\d+)'))[1]::bigint / 1024,
		       (regexp_match(s, 'RssShmem:\s+(\d+)'))[1]::bigint / 1024,
		       (SELECT sum(total_bytes) / 1048576
		        FROM pg_backend_memory_contexts)::int
		FROM pg_read_file('/proc/self/status') AS s" | tail -n 1
}

sd_log "memory: an idle backend, seed_posts($USERS, $PER_USER), seed_posts($MEMORY_USERS, $PER_USER)"
mem_idle=$(memory_after "SELECT 1")
fresh
mem_small=$(memory_after "SELECT seed_posts($USERS, $PER_USER)")
fresh

# Sample the progress views from another connection during the big call
psql -X -q -c "SELECT seed_posts($MEMORY_USERS, $PER_USER)" \
	-c "SELECT (regexp_match(s, 'VmHWM:\s+(\d+)'))[1]::bigint / 1024,
		       (regexp_match(s, 'RssShmem:\s+(\d+)'))[1]::bigint / 1024,
		       (SELECT sum(total_bytes) / 1048576
		        FROM pg_backend_memory_contexts)::int
		FROM pg_read_file('/proc/self/status') AS s" \
	-At -F ' ' >"$work/mem_big" &
big=$!
: >"$work/progress"
while kill -0 "$big" 2>/dev/null; do
	psql -X -At -F ' | ' -c "
		SELECT 'pg_stat_progress_copy', command, type, relid::regclass,
		       tuples_processed
		FROM pg_stat_progress_copy
		UNION ALL
		SELECT 'pg_stat_progress_create_index', command, phase,
		       index_relid::regclass, tuples_done
		FROM pg_stat_progress_create_index" >>"$work/progress" || true
	sleep 0.5
done
wait "$big"
mem_big=$(tail -n 1 "$work/mem_big")

# mem LINE : the three numbers of memory_after, in words
mem()
{
	set -- $1
	printf 'peak RSS %4s MB; after it: shared memory %3s MB, memory contexts %2s MB' "$1" "$2" "$3"
}

printf '\nseed_posts benchmark: %d users x %d posts = %d posts\n' \
	"$USERS" "$PER_USER" $((USERS * PER_USER))
printf '%s, default configuration, %s cores, one cluster, one run\n\n' \
	"$(psql -X -At -c 'SHOW server_version')" "$(nproc)"
printf '%-44s %8s s   %s\n' \
	"(a) PL/pgSQL loop of single-row INSERTs" "$ta" "(1 run)" \
	"(b) INSERT ... SELECT generate_series" "$mb" "(median of: ${tb[*]})" \
	"(c) COPY FROM file, foreign key in place" "$mc" "(median of: ${tc[*]})" \
	"(d) COPY FROM file, no foreign key" "$md" "(median of: ${td[*]})" \
	"(e) seed_posts($USERS, $PER_USER)" "$me" "(median of: ${te[*]})"
echo
rae=$(ratio "$ta" "$me")
rce=$(ratio "$mc" "$me")
rde=$(ratio "$md" "$me")
rse=$(ratio "$ms" "$me")
printf '(a)/(e) = %6s   %s\n' "$rae" "$(check a "$rae" ">=" 15)"
printf '(b)/(e) = %6s\n' "$(ratio "$mb" "$me")"
printf '(c)/(e) = %6s\n' "$rce"
printf '(d)/(e) = %6s   %s\n' "$rde" "$(check d "$rde" ">=" 1.5)"
echo
printf 'seed_posts(%d, %d): %s s (median of: %s) = %s x (e) for %s x the rows   %s\n' \
	"$SCALE_USERS" "$PER_USER" "$ms" "${ts[*]}" "$rse" \
	"$(ratio "$SCALE_USERS" "$USERS")" "$(check s "$rse" "<=" 4.4)"
echo
printf 'memory of the backend, each call in a new connection (peak RSS is\n'
printf 'VmHWM: it counts the shared memory the backend touched as well):\n'
printf '  %-26s %s\n' "idle (SELECT 1)" "$(mem "$mem_idle")" \
	"seed_posts($USERS, $PER_USER)" "$(mem "$mem_small")" \
	"seed_posts($MEMORY_USERS, $PER_USER)" "$(mem "$mem_big")"
echo
printf 'progress seen from another session during seed_posts(%d, %d),\n' \
	"$MEMORY_USERS" "$PER_USER"
printf 'the last sample for each relation:\n'
awk -F ' [|] ' '{ k = $1 " " $4; if (!(k in last)) order[n++] = k; last[k] = $0 }
	END { for (i = 0; i < n; i++) print "  " last[order[i]] }' "$work/progress"
