#!/bin/sh
# capture-trace.sh - record real GODEBUG=schedtrace output.
#
# Two sources:
#   - leakserver mode (default): how tests/fixtures/go1.*-gmp*.log are made:
#     run the real server with a chosen GOMAXPROCS and schedtrace interval,
#     leak N goroutines through /leak (one request each, spaced out), keep
#     tracing a little, and save the server's stderr byte for byte.
#   - program mode (--program NAME): how tests/fixtures/go1.*-prog-*.log are
#     made: build tests/fixtures/programs/NAME, a small program that ends by
#     itself (or crashes on purpose), run it, and save its stderr byte for
#     byte. --all regenerates every prog- fixture for every Go found.
set -eu

usage() {
	cat <<'TXT'
usage: scripts/capture-trace.sh [options] -o FILE
       scripts/capture-trace.sh --program NAME [options] -o FILE
       scripts/capture-trace.sh --all [--dry-run]

  --go PATH         Go toolchain to build with (default: go);
                    e.g. /usr/lib/go-1.19/bin/go for Debian's Go 1.19
  --gomaxprocs N    GOMAXPROCS for the process (default 1)
  --schedtrace MS   schedtrace interval in ms (default 100)
  --detail          add scheddetail=1
  -o FILE           where to save the stderr (required)

leakserver mode (the default):
  --endpoint PATH   what to hit (default /leak)
  --leaks N         requests to send (default 20)
  --every SECS      pause between requests (default 0.05)
  --tail SECS       keep tracing after the last request (default 1)
  --switch N[,N..]  then, for each N: set GOMAXPROCS=N at run time
                    (GET /gomaxprocs?n=N) and send the requests again

program mode:
  --program NAME    build and run tests/fixtures/programs/NAME; its exit
                    status is reported, not an error (some crash on purpose)
  --kill-at-bytes N send SIGKILL as soon as the capture holds N bytes
                    (cuts a detailed dump in the middle)
  --want WHAT       what the capture is there to show: "damaged" (the
                    oracle, tests/fixtures/oracle, finds at least one cut
                    or damaged line), "cut" (the capture's last byte is
                    not a newline) or "grep:REGEX" (a line matches the
                    grep -E REGEX); with --tries, run again until it does
  --tries N         at most N runs to get --want (default 1); the last run
                    is kept; exit status 1 if none had it
  The build gets GOEXPERIMENT=goroutineleakprofile when that Go accepts it
  (Go 1.26); Go 1.27+ has the profile built in.

  --all             every prog- fixture (the table in this script) for each
                    of Go 1.19 (/usr/lib/go-1.19/bin/go, or $GO119), the
                    local go (or $GOLOCAL) and Go 1.27.3 (the toolchain in
                    the module cache, or $GO127); a missing Go is skipped.
                    Run from anywhere; writes tests/fixtures/goX.Y-prog-NAME.log
  --dry-run         with --all: print the commands, run nothing

Fixture names carry the Go version: go1.26-gmp4-leak20.log, go1.26-prog-lines.log
TXT
}

# The prog- fixtures: name, program, GOMAXPROCS, schedtrace ms, detail,
# kill-at-bytes, want (tried up to 5 times).
fixtures() {
	cat <<'TXT'
lines             lines        2 10   -      -     damaged
lines-detail      lines        2 20   detail -     damaged
frag              frag         2 10   -      -     grep:fragSCHED
frag-detail       frag         2 10   detail -     grep:fragSCHED
bytes             bytes        2 10   -      -     damaged
bytes-detail      bytes        2 20   detail -     damaged
schedwords        schedwords   2 10   -      -     grep:SCHEDULER:.SCHED
panic             panic        2 100  -      -     -
deadlock          deadlock     2 100  detail -     -
sigquit           sigquit      2 100  -      -     -
sigkill           sigkill      2 500  detail 60000 cut
stw               stw          2 10   detail -     -
leakprofile       leakprofile  2 200  detail -     -
many              many         2 1000 detail -     -
gomaxprocs        gomaxprocs   1 50   -      -     -
gomaxprocs-detail gomaxprocs   1 50   detail -     -
locked            locked       2 10   detail -     grep:nmidlelocked=-1
TXT
}

go=go gmp=1 st=100 detail="" endpoint=/leak leaks=20 every=0.05 tail=1 out="" switch=""
program="" killat="" all="" dry="" want="" tries=1
while [ $# -gt 0 ]; do
	case $1 in
	--go) go=$2; shift 2 ;;
	--gomaxprocs) gmp=$2; shift 2 ;;
	--schedtrace) st=$2; shift 2 ;;
	--detail) detail=",scheddetail=1"; shift ;;
	--endpoint) endpoint=$2; shift 2 ;;
	--leaks) leaks=$2; shift 2 ;;
	--every) every=$2; shift 2 ;;
	--tail) tail=$2; shift 2 ;;
	--switch) switch=$2; shift 2 ;;
	--program) program=$2; shift 2 ;;
	--kill-at-bytes) killat=$2; shift 2 ;;
	--want) want=$2; shift 2 ;;
	--tries) tries=$2; shift 2 ;;
	--all) all=1; shift ;;
	--dry-run) dry=1; shift ;;
	-o) out=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "capture-trace.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
done

case $want in
"" | damaged | cut | grep:?*) ;;
*) echo "capture-trace.sh: --want is 'damaged', 'cut' or 'grep:REGEX', not '$want'" >&2; exit 2 ;;
esac
case $tries in
'' | *[!0-9]* | 0) echo "capture-trace.sh: --tries wants a number >= 1, not '$tries'" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd)

if [ -n "$all" ]; then
	cd "$top"
	gos=""
	addgo() { # label path
		if ! command -v "$2" >/dev/null 2>&1; then
			echo "capture-trace.sh: skip $1: no Go at $2" >&2
			return 0
		fi
		v=$(GOTOOLCHAIN=local "$2" env GOVERSION 2>/dev/null | sed 's/^\(go[0-9]*\.[0-9]*\).*/\1/')
		case $v in
		go1.*) ;;
		*) echo "capture-trace.sh: skip $1: $2 gives no Go version" >&2; return 0 ;;
		esac
		case " $gos " in
		*" $v="*) echo "capture-trace.sh: skip $1: $v already listed" >&2; return 0 ;;
		esac
		gos="$gos $v=$2"
	}
	modcache=$(GOTOOLCHAIN=local go env GOMODCACHE 2>/dev/null || echo "$HOME/go/pkg/mod")
	addgo "Go 1.19" "${GO119:-/usr/lib/go-1.19/bin/go}"
	addgo "the local Go" "${GOLOCAL:-go}"
	addgo "Go 1.27.3" "${GO127:-$modcache/golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64/bin/go}"
	[ -n "$gos" ] || { echo "capture-trace.sh: no Go found" >&2; exit 1; }
	list=$(fixtures)
	status=0
	for vg in $gos; do
		v=${vg%%=*} g=${vg#*=}
		while read -r name prog p ms det kill wants; do
			set -- scripts/capture-trace.sh --go "$g" --program "$prog" --gomaxprocs "$p" --schedtrace "$ms"
			[ "$det" = - ] || set -- "$@" --detail
			[ "$kill" = - ] || set -- "$@" --kill-at-bytes "$kill"
			[ "$wants" = - ] || set -- "$@" --want "$wants" --tries 5
			set -- "$@" -o "tests/fixtures/$v-prog-$name.log"
			echo "$*"
			[ -n "$dry" ] || "$@" </dev/null || status=1
		done <<EOF
$list
EOF
	done
	exit $status
fi

[ -n "$out" ] || { echo "capture-trace.sh: -o FILE is required" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/capture.XXXXXX")
pid=""
cleanup() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null || true
	[ -z "$pid" ] || wait "$pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

if [ -n "$program" ]; then
	src=$top/tests/fixtures/programs/$program
	[ -f "$src/main.go" ] || { echo "capture-trace.sh: no program $src/main.go" >&2; exit 2; }
	case $go in
	*/*) case $go in /*) ;; *) go=$PWD/$go ;; esac ;;
	esac
	exp=""
	if GOTOOLCHAIN=local GOEXPERIMENT=goroutineleakprofile "$go" env GOEXPERIMENT >/dev/null 2>&1; then
		exp=goroutineleakprofile
	fi
	echo "capture-trace.sh: building $program with $(GOTOOLCHAIN=local "$go" version)${exp:+ GOEXPERIMENT=$exp}" >&2
	(cd "$top/tests/fixtures" && GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOEXPERIMENT=$exp \
		"$go" build -trimpath -o "$tmp/prog" "./programs/$program")
	# The oracle gives the count of whole summaries and of damaged lines.
	oracle=""
	if (cd "$top/tests/fixtures" && GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod \
		"$go" build -o "$tmp/oracle" ./oracle); then
		oracle=$tmp/oracle
	elif [ "$want" = damaged ]; then
		echo "capture-trace.sh: cannot build tests/fixtures/oracle for --want damaged" >&2
		exit 1
	fi
	try=0 got=""
	while [ "$try" -lt "$tries" ] && [ -z "$got" ]; do
		try=$((try + 1))
		rm -f "$tmp/pid" "$tmp/rc"
		: >"$out"
		# The subshell waits for the program and writes its exit status; the
		# loop below polls for it, and for the capture's size with --kill-at-bytes.
		(
			GOMAXPROCS=$gmp GODEBUG="schedtrace=$st$detail" "$tmp/prog" >/dev/null 2>"$out" &
			echo $! >"$tmp/pid"
			rc=0
			wait $! || rc=$?
			echo "$rc" >"$tmp/rc"
		) 2>"$tmp/sub.err" &
		sub=$!
		i=0
		while [ ! -s "$tmp/pid" ] && [ "$i" -lt 500 ]; do sleep 0.01; i=$((i + 1)); done
		pid=$(cat "$tmp/pid")
		i=0 note=""
		while [ ! -s "$tmp/rc" ]; do
			if [ -n "$killat" ] && [ -z "$note" ] && [ "$(wc -c <"$out")" -ge "$killat" ]; then
				kill -KILL "$pid" 2>/dev/null || true
				note=" (SIGKILL sent at >= $killat bytes)"
			fi
			i=$((i + 1))
			if [ "$i" -eq 3000 ]; then # 30 s: no fixture program runs that long
				kill -KILL "$pid" 2>/dev/null || true
				echo "capture-trace.sh: $program still running after 30 s: killed" >&2
				note=" (timed out)"
			fi
			[ "$i" -lt 3500 ] || break
			sleep 0.01
		done
		wait "$sub" 2>/dev/null || true
		pid=""
		case $note in *"timed out"*) exit 1 ;; esac
		counts=""
		if [ -n "$oracle" ]; then
			"$oracle" <"$out" >/dev/null 2>"$tmp/oracle.err" || true
			counts=", oracle: $(awk '$1 == "summaries" || $1 == "damaged" { printf "%s%s %s", sep, $1, $2; sep = ", " }' "$tmp/oracle.err")"
		fi
		echo "capture-trace.sh: run $try: $program exit status $(cat "$tmp/rc" 2>/dev/null || echo '?')$note, $(wc -c <"$out") bytes$counts" >&2
		case $want in
		"") got=1 ;;
		damaged) [ "$(awk '$1 == "damaged" { print $2 }' "$tmp/oracle.err")" -gt 0 ] && got=1 ;;
		cut) [ "$(tail -c 1 "$out" | od -An -tx1 | tr -d ' \n')" != 0a ] && got=1 ;;
		grep:*) grep -Eq -- "${want#grep:}" "$out" && got=1 ;;
		esac
	done
	if [ -z "$got" ]; then
		echo "capture-trace.sh: $out: no run of $tries showed '$want'; kept the last" >&2
		exit 1
	fi
	exit 0
fi

echo "capture-trace.sh: building the server with $($go version)" >&2
(cd "$top/go-example" && GOTOOLCHAIN=local GOPROXY=off "$go" build -o "$tmp/leakserver" .)

mkfifo "$tmp/ready"
GOMAXPROCS=$gmp GODEBUG="schedtrace=$st$detail" \
	"$tmp/leakserver" -lifetime 5m >"$tmp/ready" 2>"$out" &
pid=$!
read -r line <"$tmp/ready"
url=${line#listening on }
case $url in http://127.0.0.1:*) ;; *) echo "capture-trace.sh: no ready line: $line" >&2; exit 1 ;; esac

send() {
	i=0
	while [ "$i" -lt "$leaks" ]; do
		curl -sS -o /dev/null --max-time 10 "$url$endpoint" || true
		sleep "$every"
		i=$((i + 1))
	done
}
send
for n in $(echo "$switch" | tr ',' ' '); do
	curl -sS -o /dev/null --max-time 10 "$url/gomaxprocs?n=$n"
	send
done
sleep "$tail"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""
echo "capture-trace.sh: $(grep -c '^SCHED' "$out") SCHED lines in $out" >&2
