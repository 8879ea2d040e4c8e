# lib.sh - shared helpers for integration tests (sourced, POSIX sh).
# Every process a test starts is ended by pid in the EXIT trap.
set -eu
# English, whatever the machine's language: a test about the language sets
# its own (LC_ALL= LANG=C.UTF-8 LANGUAGE=pt_BR).
LC_ALL=C
export LC_ALL
unset LANGUAGE LC_MESSAGES 2>/dev/null || true
TOP=$(cd "$(dirname "$0")/../.." && pwd)
LEAKLAB=${LEAKLAB:-$TOP/build/leaklab}   # make asan passes a sanitized one
LEAKSERVER=$TOP/build/leakserver
T=$(mktemp -d "${TMPDIR:-/tmp}/leaklab-it.XXXXXX")
PIDS=""
CHECKS=0 SKIPS=0

cleanup() {
	rc=$?
	for p in $PIDS; do kill -9 "$p" 2>/dev/null || true; done
	for p in $PIDS; do wait "$p" 2>/dev/null || true; done
	rm -rf "$T"
	# The runner (run.sh) adds these up.
	[ "$rc" -ne 0 ] || echo "checks: $CHECKS passed, $SKIPS skipped"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL: $*" >&2; exit 1; }
check() { # check DESCRIPTION COMMAND...: run COMMAND, fail with DESCRIPTION
	d=$1; shift
	"$@" || fail "$d"
	CHECKS=$((CHECKS + 1))
	echo "ok: $d"
}
# skip WHY: a part of the test that cannot run here; counted, never "ok".
skip() {
	SKIPS=$((SKIPS + 1))
	echo "skip: $*"
}
# skip_all WHY: the whole test cannot run here (the runner counts exit 77).
skip_all() {
	echo "skip: $*"
	trap - EXIT
	for p in $PIDS; do kill -9 "$p" 2>/dev/null || true; done
	rm -rf "$T"
	exit 77
}

# start_server VAR ENV... -- ARGS...: start leakserver, wait for its ready
# line through a fifo, set $URL and $SERVER_PID; stderr goes to $T/server.err
# unless SERVER_STDERR names another file.
start_server() {
	mkfifo "$T/ready.$$"
	env "$@" "$LEAKSERVER" -lifetime 2m >"$T/ready.$$" 2>"${SERVER_STDERR:-$T/server.err}" &
	SERVER_PID=$!
	PIDS="$PIDS $SERVER_PID"
	read -r line <"$T/ready.$$" || fail "server gave no ready line"
	rm -f "$T/ready.$$"
	URL=${line#listening on }
	case $URL in http://127.0.0.1:*) ;; *) fail "bad ready line '$line'" ;; esac
}

# no_process PID: true when PID is gone (or a zombie).
no_process() {
	[ ! -e "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# tsv_col FILE NAME: print column NAME of a TSV file, one value per line.
tsv_col() {
	awk -F'\t' -v name="$2" 'NR==1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } c { print $c }' "$1"
}

# tsv_every FILE CONDITION: is the awk CONDITION true on every row of a
# TSV file (one row at least)? It reads columns by name, v("queued"); a
# name the header lacks fails, never reads as an empty column.
tsv_every() {
	awk -F'\t' 'function v(n) { if (!(n in c)) { print "tsv_every: no column " n > "/dev/stderr"; exit 2 } return $c[n] }
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ rows++; if (!('"$2"')) bad++ }
		END { exit !(rows > 0 && bad == 0) }' "$1"
}

# descendants PID: every process below PID, recursively (Linux /proc).
descendants() {
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		echo "$c"
		descendants "$c"
	done
}

# all_gone PIDS...: wait (bounded) until none of the pids runs; fail naming
# one. No pid, or one that is not a pid, is a failure: it proves nothing.
all_gone() {
	[ $# -gt 0 ] || fail "all_gone: no process to check"
	for p in "$@"; do
		case $p in '' | *[!0-9]* | 0) fail "all_gone: '$p' is not a process id" ;; esac
		n=0
		until no_process "$p"; do
			n=$((n + 1)); [ $n -lt 100 ] || fail "process $p ($(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null)) outlived leaklab"
			sleep 0.05
		done
	done
}

# verdict NAME WANT SET...: a short run of lab 04 with these --set values,
# its verdict WANT; a leak's top stack in the server's leaking code.
verdict() {
	name=$1 want=$2
	shift 2
	set -- --set schedtrace=500 --set probe= --set sample_every=500ms "$@"
	"$LEAKLAB" run lab/04-fixed.lab -o "$T/$name" -q --no-plot "$@" >/dev/null 2>"$T/$name.err" ||
		fail "$name: the run failed: $(cat "$T/$name.err")"
	got=$(sed -n 's/^ *"verdict": "\(.*\)",$/\1/p' "$T/$name/summary.json")
	check "$name: $want (got '$got')" [ "$got" = "$want" ]
	if [ "$want" != "no leak" ]; then
		top=$(sed -n 's/^ *"top_stack": "\(.*\)",$/\1/p' "$T/$name/summary.json")
		check "$name: the top stack is the leak's ($top)" \
			sh -c "echo '$top' | grep -q '^main\.leak' && ! echo '$top' | grep -q '^main\.\(main\|run\)\b'"
	fi
}

# jval FILE KEY: a top-level value of summary.json as written (a string
# without its quotes, a number, true, false, null; an object as text).
jval() {
	sed -n "s/^  \"$2\": \(.*\),\{0,1\}\$/\1/p" "$1" | sed 's/,$//; s/^"\(.*\)"$/\1/' | head -n 1
}

# build_targets NAME...: build tests/targets/NAME into $T/NAME, with the
# goroutineleak profile where this Go has it as an experiment.
build_targets() {
	for p in "$@"; do
		(cd "$TOP/tests/targets" && env $(sh "$TOP/scripts/go-env.sh" go) go build -o "$T/$p" "./$p") ||
			fail "build tests/targets/$p"
	done
}

# browse PAGE SHOT: load PAGE in headless Chromium ($BROWSER): its rendered
# DOM into $T/dom.html, its console into $T/browser.log, and a 1366x768
# screenshot into SHOT for a person to look at.
browse() {
	timeout 90 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--no-first-run --enable-logging=stderr --v=0 --dump-dom "file://$1" >"$T/dom.html" 2>"$T/browser.log" ||
		fail "chromium could not load $1: $(tail -3 "$T/browser.log")"
	timeout 90 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--no-first-run --window-size=1366,768 --hide-scrollbars --screenshot="$2" "file://$1" >/dev/null 2>&1 ||
		fail "chromium could not take a screenshot of $1"
}
