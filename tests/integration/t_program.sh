# leaklab run on programs it did not write: go run and a prebuilt binary, a
# program without pprof, one that exits at once, never listens, or listens
# elsewhere; and nothing of a program's tree (a go run binary, a setsid
# child) outlives leaklab, however leaklab ends.
# tags: portable
. "$(dirname "$0")/lib.sh"
cd "$TOP/tests/targets"
export GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod
for p in withpprof nopprof exitnow elsewhere escape; do
	go build -o "$T/$p" "./$p" || fail "build $p"
done

# go run: compiles first (ready_timeout), only the program is traced, and
# the leaking function is named, first frame in the user's code.
"$LEAKLAB" run --set 'target=GET /leak' --set 'rate=10/s for 2s' --set timeout=20 --set probe=/ok \
	-o "$T/gorun" -q -- go run ./withpprof >"$T/gorun.out" 2>"$T/gorun.err" ||
	{ cat "$T/gorun.err"; fail "go run"; }
check "go run: blocked leak" grep -q '"verdict": "blocked leak"' "$T/gorun/summary.json"
check "go run: top stack main.lookup" grep -q '"top_stack": "main.lookup (main.go:16)"' "$T/gorun/summary.json"
check "go run: the client time-outs are counted" grep -q '"requests_timed_out": 20,' "$T/gorun/summary.json"
check "go run: named for its package" grep -q '"lab": "withpprof"' "$T/gorun/summary.json"
check "go run: its stdout in stdout.log" grep -q '^serving on 127.0.0.1:' "$T/gorun/stdout.log"
check "go run: one process traced (uptimes only grow)" \
	awk -F'\t' 'NR > 2 && $2 < last { exit 1 } NR > 1 { last = $2 }' "$T/gorun/trace.tsv"
check "go run: no malformed lines" grep -q '"malformed_lines": 0,' "$T/gorun/summary.json"
check "go run: the target in requests.tsv" [ "$(tsv_col "$T/gorun/requests.tsv" target | sort -u)" = "GET /leak" ]

# A prebuilt binary with a lab file's command, GODEBUG of the user kept.
cat >"$T/own.lab" <<LAB
name = own
command = $T/withpprof
target = GET /leak weight=3
target = GET /ok
rate = 32/s for 2s
timeout = 20
probe = /ok
LAB
GODEBUG=madvdontneed=1 "$LEAKLAB" run "$T/own.lab" -o "$T/own" -q >/dev/null 2>"$T/own.err" ||
	{ cat "$T/own.err"; fail "prebuilt binary"; }
check "binary: blocked leak" grep -q '"verdict": "blocked leak"' "$T/own/summary.json"
# Two whole rounds of the mix (8 x 4 each): exactly 3 to 1.
check "binary: the mix is 3 to 1" [ "$(tsv_col "$T/own/requests.tsv" target | grep -c '^GET /leak$')" -eq 48 ]
check "binary: the user's GODEBUG kept, schedtrace added" grep -q 'with GODEBUG madvdontneed=1,schedtrace=1000$' "$T/own/stdout.log"

# No pprof: one clear line, and the G lines give the counts.
"$LEAKLAB" run --set 'target=GET /leak' --set 'rate=10/s for 2s' --set scheddetail=on -o "$T/run-nopprof" -q \
	-- "$T/nopprof" >/dev/null 2>"$T/nopprof.err" || { cat "$T/nopprof.err"; fail "no pprof"; }
check "no pprof: one line says so and how" sh -c "[ \$(grep -c '/debug/pprof/ answers HTTP 404: no goroutine profile' '$T/nopprof.err') -eq 1 ] && grep -q 'net/http/pprof' '$T/nopprof.err'"
check "no pprof: still a blocked leak, from the G lines" grep -q '"goroutines_source": "scheddetail"' "$T/run-nopprof/summary.json"
check "no pprof: verdict" grep -q '"verdict": "blocked leak"' "$T/run-nopprof/summary.json"

# Failures: one line naming the command and what happened, exit 1,
# meta.txt left saying so, nothing running.
set +e
"$LEAKLAB" run -o "$T/run-exit" -q -- "$T/exitnow" 2>"$T/exit.err"; r1=$?
"$LEAKLAB" run --set ready_timeout=1s -o "$T/never" -q -- sleep 30 2>"$T/never.err"; r2=$?
ELSEWHERE_ADDR=127.0.0.1:$(( 40000 + $$ % 20000 )) "$LEAKLAB" run --set ready_timeout=2s -o "$T/else" -q \
	-- "$T/elsewhere" 2>"$T/else.err"; r3=$?
"$LEAKLAB" run -o "$T/none" -q -- "$T/no-such-program" 2>"$T/none.err"; r4=$?
printf 'command = go run "unclosed\n' >"$T/bad.lab"
"$LEAKLAB" run "$T/bad.lab" -q 2>"$T/bad.err"; r5=$?
set -e
check "exits at once: exit 1" [ $r1 -eq 1 ]
check "exits at once: code and its own words" sh -c "grep -q 'exitnow.* exited with code 3 before it listened' '$T/exit.err' && grep -q 'cannot open config.yaml' '$T/exit.err'"
check "exits at once: meta.txt says so" grep -q '^ended: the program did not start' "$T/run-exit/meta.txt"
check "never listens: exit 1" [ $r2 -eq 1 ]
check "never listens: says PORT and ADDR" grep -q 'did not listen on 127.0.0.1:[0-9]* within 1 s (it gets PORT and ADDR' "$T/never.err"
never_pid=$(sed -n 's/^program_pid: //p' "$T/never/meta.txt")
check "never listens: meta.txt has the pid of what ran ($never_pid)" [ "$never_pid" -gt 0 ]
check "never listens: nothing left" all_gone "$never_pid"
if "$LEAKLAB" --version | grep -q '(linux)'; then
	check "listens elsewhere: exit 1, says where" sh -c "[ $r3 -eq 1 ] && grep -q 'listens on port [0-9]*, not on' '$T/else.err'"
else
	# The portable build cannot see another process's sockets: it says
	# what the program gets instead.
	check "listens elsewhere: exit 1, says PORT and ADDR" sh -c "[ $r3 -eq 1 ] && grep -q 'it gets PORT and ADDR' '$T/else.err'"
fi
check "no such program: exit 1, names it" sh -c "[ $r4 -eq 1 ] && grep -q \"cannot run '$T/no-such-program': No such file\" '$T/none.err'"
check "bad command in a lab: exit 2" sh -c "[ $r5 -eq 2 ] && grep -q 'bad.lab:1: command' '$T/bad.err'"

# No survivors: SIGKILL, SIGTERM, SIGINT and SIGHUP of leaklab, with a
# setsid child (it left the process group) and with go run (the binary is
# the go command's child). Every descendant is checked, not just the child.
for how in KILL TERM INT HUP; do
	: >"$T/pids.$how"
	ESCAPE_PIDS=$T/pids.$how "$LEAKLAB" run --set 'target=GET /' --set 'rate=5/s for 60s' -o "$T/esc.$how" -q \
		-- "$T/escape" >/dev/null 2>&1 &
	L=$!
	PIDS="$PIDS $L"
	n=0
	until [ "$(wc -l <"$T/pids.$how")" -ge 2 ]; do
		n=$((n + 1)); [ $n -lt 200 ] || fail "escape never started"; sleep 0.05
	done
	tree="$(descendants $L) $(cat "$T/pids.$how")"
	kill -$how $L
	wait $L 2>/dev/null || true
	check "SIG$how of leaklab: none of its program's tree is left ($(echo $tree | wc -w) processes)" all_gone $tree
done
"$LEAKLAB" run --set 'target=GET /ok' --set 'rate=5/s for 60s' -o "$T/gokill" -q -- go run ./withpprof >/dev/null 2>&1 &
L=$!
PIDS="$PIDS $L"
n=0
until grep -q '^SCHED' "$T/gokill/raw-stderr.log" 2>/dev/null; do
	n=$((n + 1)); [ $n -lt 600 ] || fail "go run never traced"; sleep 0.05
done
tree=$(descendants $L)
# The shepherd, the go command and the binary it built, at least.
check "go run: its tree is seen ($(echo $tree | wc -w) processes)" [ "$(echo $tree | wc -w)" -ge 3 ]
kill -KILL $L
check "SIGKILL with go run: the go command and its binary are gone" all_gone $tree
