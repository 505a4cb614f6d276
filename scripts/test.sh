#!/usr/bin/env bash
#
# scripts/test.sh
#
# Set up and run every test of sysdesign: on a fresh Debian 12 machine, as
# root, it installs what is missing, builds with warnings as errors, installs
# the build into a private copy of PostgreSQL, starts a throwaway cluster
# there, runs each suite, stops the cluster and removes it.  The last line
# counts every test of every suite: "N passed, N failed".  The exit status is
# non-zero when anything failed.
#
# Suites: the unit tests of the pure-C core (TAP), pg_regress through
# "make installcheck", and the pgTAP files under test/ through pg_prove.
# SD_SANITIZE=1 builds the module with UndefinedBehaviorSanitizer, and
# SD_VALGRIND=1 runs the server under valgrind; either adds its verdict on
# the server's logs as a suite of its own.

set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/common.sh

sd_install_packages || sd_die "could not install the packages"
sd_pg_config
SD_CFLAGS=${SD_CFLAGS:--Werror}
sd_build || sd_die "the build failed"

work=$(mktemp -d /tmp/sysdesign-test.XXXXXX)
chmod 755 "$work"
trap 'sd_cluster_stop; rm -rf "$work"' EXIT
sd_stage "$work/root" || sd_die "could not install into $work/root"
sd_cluster_start "$work/cluster"

passed=0
failed=0

# suite NAME OKPATTERN FAILPATTERN COMMAND...
#
# Run one suite, show its output, and add its passes and failures to the
# totals.  A suite that exits non-zero without naming a failed test (a
# crash, a plan that was cut short) counts as one failure, so that nothing
# can fail silently.
suite()
{
	local name=$1 okpat=$2 failpat=$3 out rc p f
	shift 3
	out=$work/$name.out
	sd_log "suite: $name"
	"$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	p=$(grep -cE "$okpat" "$out")
	f=$(grep -cE "$failpat" "$out")
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	printf '%s: %d passed, %d failed\n\n' "$name" "$p" "$f"
	passed=$((passed + p))
	failed=$((failed + f))
	return 0
}

tap_ok='^[[:space:]]*ok [0-9]+'
tap_fail='^[[:space:]]*not ok [0-9]+'

if [ -d test/unit ]; then
	suite unit "$tap_ok" "$tap_fail" make -s unittest
fi

suite regress '\.\.\. ok' '\.\.\. FAILED|failed \(ignored\)' \
	make -s installcheck PG_CONFIG="$PG_CONFIG"
[ -f regression.diffs ] && cat regression.diffs

createdb sysdesign_tap
suite pgtap "$tap_ok" "$tap_fail" \
	pg_prove --verbose --ext .sql -d sysdesign_tap test/

# What the sanitizer or valgrind saw in the server is a failure of its
# own, even when every query gave the right answer.
if [ "${SD_SANITIZE:-0}" = 1 ]; then
	suite ubsan '^ubsan: clean$' 'runtime error:' \
		sh -c 'grep -A30 "runtime error:" "$1" || echo "ubsan: clean"' \
		sh "$SD_CLUSTER_DIR/data/server.log"
fi
if [ "${SD_VALGRIND:-0}" = 1 ]; then
	sd_cluster_stop_dir=$SD_CLUSTER_DIR
	sd_cluster_stop
	suite valgrind '^valgrind: clean$' \
		'^==[0-9]+== (Invalid|Conditional|Use of|Syscall|Mismatched|Source and|Argument)' \
		sh -c '. scripts/common.sh; e=$(sd_valgrind_errors "$1");
			[ -n "$e" ] && printf "%b" "$e" || echo "valgrind: clean"' \
		sh "$sd_cluster_stop_dir"
fi

printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
