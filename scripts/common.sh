# scripts/common.sh
#
# Shell functions shared by scripts/test.sh and scripts/lesson.sh: install
# what the project needs, build it, and run a throwaway PostgreSQL cluster.
# Sourced, never run on its own.

PG_MAJOR=${PG_MAJOR:-15}

# Debian packages the build, the tests and the lesson need.
SD_PACKAGES="make gcc clang-14 llvm-14 \
	postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR \
	postgresql-$PG_MAJOR-pgtap libtap-parser-sourcehandler-pgtap-perl \
	postgresql-$PG_MAJOR-hypopg"

sd_log()
{
	printf '==> %s\n' "$*" >&2
}

sd_die()
{
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# Install the missing packages.  Nothing is asked of apt when all of them
# are there already, so a second run works offline.
sd_install_packages()
{
	local missing="" p
	for p in $SD_PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	[ "$(id -u)" -eq 0 ] || sd_die "missing packages:$missing (run as root to install them)"
	sd_log "installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# The pg_config of the wanted major version, unless the caller chose one.
sd_pg_config()
{
	if [ -z "${PG_CONFIG:-}" ]; then
		PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
		[ -x "$PG_CONFIG" ] || PG_CONFIG=pg_config
	fi
	export PG_CONFIG
	PG_BINDIR=$("$PG_CONFIG" --bindir)
}

# Build.  SD_CFLAGS and SD_LDFLAGS are added to the server's own flags.
# SD_SANITIZE=1 builds the module with UndefinedBehaviorSanitizer, from
# scratch so that no object is left out.  (AddressSanitizer's runtime,
# preloaded into the uninstrumented Debian server, deadlocks at start-up;
# memory errors are looked for with SD_VALGRIND=1 instead.)
sd_build()
{
	if [ "${SD_SANITIZE:-0}" = 1 ]; then
		SD_CFLAGS="${SD_CFLAGS:-} -fsanitize=undefined -fno-omit-frame-pointer"
		SD_LDFLAGS="${SD_LDFLAGS:-} -fsanitize=undefined"
		make -s PG_CONFIG="$PG_CONFIG" clean >/dev/null
	fi
	sd_log "building with $PG_CONFIG"
	make -s -j2 PG_CONFIG="$PG_CONFIG" ${SD_CFLAGS:+PG_CFLAGS="$SD_CFLAGS"} \
		${SD_LDFLAGS:+PG_LDFLAGS="$SD_LDFLAGS"} >/dev/null
}

# sd_stage DIR
#
# Copy the PostgreSQL installation into DIR and install the extension into
# that copy.  PostgreSQL finds its share and lib directories relative to its
# own binaries, so a server started from DIR sees this build of sysdesign
# and leaves the machine's installation untouched; two checkouts can then
# run their tests at the same time.
sd_stage()
{
	local root=$1 sharedir pkglibdir
	sharedir=$("$PG_CONFIG" --sharedir)
	pkglibdir=$("$PG_CONFIG" --pkglibdir)
	mkdir -p "$root$sharedir" "$root$(dirname "$PG_BINDIR")"
	cp -a "$sharedir/." "$root$sharedir/"
	cp -a "$(dirname "$PG_BINDIR")/." "$root$(dirname "$PG_BINDIR")/"
	[ -d "$root$pkglibdir" ] || cp -a "$pkglibdir/." "$root$pkglibdir/"
	make -s PG_CONFIG="$PG_CONFIG" DESTDIR="$root" install >/dev/null
	PG_BINDIR=$root$PG_BINDIR
	PG_CONFIG=$root$("$PG_CONFIG" --bindir)/pg_config
	export PG_CONFIG
}

# Run a command as the owner of the throwaway cluster: initdb and postgres
# refuse to run as root, so root hands them to the postgres account.
sd_as_owner()
{
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# sd_cluster_start DIR
#
# initdb and start a cluster under DIR.  It listens on no TCP address at
# all, only on a Unix socket inside DIR, so it can take no port another
# cluster holds; the port number only names the socket file.  Exports the
# PG* variables that point every client at it.
sd_cluster_start()
{
	local dir=$1
	SD_CLUSTER_DIR=$dir
	mkdir -p "$dir/data" "$dir/sock"
	chmod 755 "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$dir/data" "$dir/sock"
	sd_log "starting a throwaway cluster in $dir"
	sd_as_owner "$PG_BINDIR/initdb" -D "$dir/data" -A trust -U postgres \
		--no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; sd_die "initdb failed"; }
	cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir/sock'
port = 54321
CONF
	if [ "${SD_VALGRIND:-0}" = 1 ]; then
		sd_valgrind_start "$dir"
	else
		# The server is not instrumented: a module built with
		# SD_SANITIZE=1 needs the sanitizer's runtime preloaded.
		local preload=""
		[ "${SD_SANITIZE:-0}" = 1 ] &&
			preload="LD_PRELOAD=$(gcc -print-file-name=libubsan.so)"
		export UBSAN_OPTIONS=print_stacktrace=1
		sd_as_owner env $preload "$PG_BINDIR/pg_ctl" -D "$dir/data" \
			-l "$dir/data/server.log" -w -t 60 start >/dev/null ||
			{ cat "$dir/data/server.log" >&2; sd_die "could not start the cluster"; }
	fi
	export PGHOST=$dir/sock PGPORT=54321 PGUSER=postgres PGDATABASE=postgres
	unset PGSERVICE PGPASSWORD
}

# Start the server under valgrind's memcheck, every backend included.
# Each process writes its own log; sd_valgrind_errors reads them.
sd_valgrind_start()
{
	local dir=$1 i
	command -v valgrind >/dev/null || sd_die "SD_VALGRIND=1 needs valgrind"
	mkdir -p "$dir/valgrind"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$dir/valgrind"
	sd_as_owner sh -c 'exec valgrind --quiet --trace-children=yes \
		--error-limit=no --num-callers=30 --log-file="$1/valgrind/%p.log" \
		"$2/postgres" -D "$1/data" >"$1/data/server.log" 2>&1' \
		sh "$dir" "$PG_BINDIR" &
	for i in $(seq 1 120); do
		"$PG_BINDIR/pg_isready" -q -h "$dir/sock" -p 54321 && return 0
		sleep 1
	done
	cat "$dir/data/server.log" >&2
	sd_die "could not start the cluster under valgrind"
}

# Print every valgrind error whose stack passes through sysdesign's own
# code; the server's own idioms are not ours to judge here.
sd_valgrind_errors()
{
	local dir=$1
	awk '/^==[0-9]+== [A-Z]/ { if (blk ~ /sysdesign\.so/) print blk; blk = "" }
		/^==[0-9]+==/ { blk = blk $0 "\n" }
		END { if (blk ~ /sysdesign\.so/) print blk }' "$dir"/valgrind/*.log \
		2>/dev/null
}

sd_cluster_stop()
{
	[ -n "${SD_CLUSTER_DIR:-}" ] || return 0
	sd_as_owner "$PG_BINDIR/pg_ctl" -D "$SD_CLUSTER_DIR/data" -m fast \
		-w stop >/dev/null 2>&1 || true
	SD_CLUSTER_DIR=
}
