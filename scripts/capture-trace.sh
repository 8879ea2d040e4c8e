#!/bin/sh
# capture-trace.sh - record real GODEBUG=schedtrace output from leakserver.
#
# This is how tests/fixtures/*.log are made: run the real server with a
# chosen GOMAXPROCS and schedtrace interval, leak N goroutines through
# /leak (one request each, spaced out), keep tracing a little, and save the
# server's stderr byte for byte.
set -eu

usage() {
	cat <<'TXT'
usage: scripts/capture-trace.sh [options] -o FILE

  --go PATH         Go toolchain to build the server with (default: go);
                    e.g. /usr/lib/go-1.19/bin/go for Debian's Go 1.19
  --gomaxprocs N    GOMAXPROCS for the server (default 1)
  --schedtrace MS   schedtrace interval in ms (default 100)
  --detail          add scheddetail=1
  --endpoint PATH   what to hit (default /leak)
  --leaks N         requests to send (default 20)
  --every SECS      pause between requests (default 0.05)
  --tail SECS       keep tracing after the last request (default 1)
  --switch N[,N..]  then, for each N: set GOMAXPROCS=N at run time
                    (GET /gomaxprocs?n=N) and send the requests again
  -o FILE           where to save the stderr (required)

Fixture names carry the Go version: go1.26-gmp4-leak20.log
TXT
}

go=go gmp=1 st=100 detail="" endpoint=/leak leaks=20 every=0.05 tail=1 out="" switch=""
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
	-o) out=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "capture-trace.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
done
[ -n "$out" ] || { echo "capture-trace.sh: -o FILE is required" >&2; exit 2; }

top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/capture.XXXXXX")
pid=""
cleanup() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null || true
	[ -z "$pid" ] || wait "$pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

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
