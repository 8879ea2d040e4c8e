# The server built with Debian's Go 1.19 (the oldest Go the kit supports):
# it builds, leaks, and leaklab reads its older trace format (no
# needspinning) and copes without the Go 1.26 extras. Skipped when Go 1.19
# is not installed (apt-get install golang-1.19-go).
. "$(dirname "$0")/lib.sh"
cd "$TOP"

GO119=${GO119:-/usr/lib/go-1.19/bin/go}
if [ ! -x "$GO119" ]; then
	echo "skip: no Go 1.19 at $GO119"
	exit 0
fi
(cd go-example && GOTOOLCHAIN=local GOPROXY=off "$GO119" build -o "$T/leakserver119" .) || fail "build with Go 1.19"
(cd go-example && GOTOOLCHAIN=local GOPROXY=off "$GO119" vet .) || fail "go vet with Go 1.19"
LEAKLAB_SERVER=$T/leakserver119 "$LEAKLAB" run lab/01-cpu-leak.lab --set 'rate=5/s for 2s' -o "$T/r" -q \
	>/dev/null 2>"$T/err" || { cat "$T/err"; fail "run with the Go 1.19 server"; }
check "Go 1.19: meta names go1.19" grep -q '^go_version: go1.19' "$T/r/meta.txt"
check "Go 1.19: runnable leak" grep -q '"verdict": "runnable leak"' "$T/r/summary.json"
check "Go 1.19: needspinning is '-' on every row" \
	sh -c "[ \"\$(tail -n +2 '$T/r/trace.tsv' | cut -f7 | sort -u)\" = '-' ]"
check "Go 1.19: no malformed lines" grep -q '"malformed_lines": 0' "$T/r/summary.json"
check "Go 1.19: no goroutineleak profile" test ! -e "$T/r/goroutineleak.txt"
LEAKLAB_SERVER=$T/leakserver119 "$LEAKLAB" run lab/03-blocked-leak.lab --set 'rate=10/s for 2s' -o "$T/b" -q \
	>/dev/null 2>"$T/err" || { cat "$T/err"; fail "blocked lab with the Go 1.19 server"; }
check "Go 1.19: blocked leak with scheddetail" grep -q '"verdict": "blocked leak"' "$T/b/summary.json"
check "Go 1.19: chan receive in waits.tsv" grep -q 'chan receive' "$T/b/waits.tsv"
