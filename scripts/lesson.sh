#!/usr/bin/env bash
#
# scripts/lesson.sh
#
# Run the whole lesson end to end: install what is missing, build and
# install sysdesign, then run lesson/*.sql in order with psql, printing each
# statement and its result.
#
# By default the lesson runs in a throwaway cluster that is removed
# afterwards.  When any of PGHOST, PGPORT, PGUSER, PGDATABASE or PGSERVICE
# is set, it runs against that existing server instead, in a database of
# its own (SYSDESIGN_LESSON_DB, default "sysdesign_lesson"), which it
# creates when missing and leaves in place; the extension is then installed
# with the pg_config found for that server's major version (set PG_CONFIG
# or PG_MAJOR when it is not 15), which needs root.

set -euo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/common.sh

sd_install_packages
sd_pg_config
sd_build
sd_log "installing sysdesign into $("$PG_CONFIG" --sharedir)"
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null

if [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}${PGDATABASE:-}${PGSERVICE:-}" ]; then
	sd_log "using the existing server that the PG* variables name"
else
	work=$(mktemp -d /tmp/sysdesign-lesson.XXXXXX)
	chmod 755 "$work"
	trap 'sd_cluster_stop; rm -rf "$work"' EXIT
	sd_cluster_start "$work/cluster"
fi

db=${SYSDESIGN_LESSON_DB:-sysdesign_lesson}
exists=$(psql -X -At -d "${PGDATABASE:-postgres}" \
	-c "SELECT 1 FROM pg_database WHERE datname = '$(printf %s "$db" | sed "s/'/''/g")'")
[ "$exists" = 1 ] || createdb "$db"

for f in lesson/*.sql; do
	sd_log "lesson: $f"
	psql -X -d "$db" -v ON_ERROR_STOP=1 --echo-queries -f "$f"
done
sd_log "the lesson is over"
