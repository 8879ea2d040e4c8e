# Services as people write them: pprof on a debug port (found with
# pprof =, or unknown with the fix named), an address only from a flag
# ($ADDR in the command), the program's environment (env =), bad input,
# and --expect for CI. (A wrapper and attach mode: t_attach.)
# tags: portable
. "$(dirname "$0")/lib.sh"
build_targets debugport flagaddr
run() { # run NAME LEAKLAB-ARGS...: a quiet run into $T/NAME; its exit code in $rc
	name=$1
	shift
	set +e
	"$LEAKLAB" run -q --no-plot -o "$T/$name" --set 'rate=4/s for 3s, pause 3s' "$@" \
		>"$T/$name.out" 2>"$T/$name.err"
	rc=$?
	set -e
}
DBG=127.0.0.1:$((20000 + $$ % 20000))

# pprof on its own port, not said: no goroutine count, so unknown (never
# "no leak"), and the summary names the fixes; --expect 'no leak' fails.
run dbg-none --set 'target=GET /api/report' --set timeout=30 --expect 'no leak' \
	-- "$T/debugport" -addr '$ADDR' -debug "$DBG"
check "debug port unsaid: exit 3 under --expect 'no leak' (got $rc)" [ "$rc" -eq 3 ]
check "debug port unsaid: unknown" [ "$(jval "$T/dbg-none/summary.json" verdict)" = unknown ]
check "debug port unsaid: the fix is named (pprof =)" grep -q 'pprof = http://127.0.0.1:PORT' "$T/dbg-none/summary.txt"
check "debug port unsaid: and scheddetail" grep -q 'scheddetail = on' "$T/dbg-none/summary.txt"
check "debug port unsaid: the warning suggests pprof =" grep -q 'pprof = http://127.0.0.1:PORT' "$T/dbg-none.err"

# Said: a blocked leak, named.
run dbg --set 'target=GET /api/report' --set timeout=30 --set "pprof=http://$DBG" --expect 'blocked leak' \
	-- "$T/debugport" -addr '$ADDR' -debug "$DBG"
check "pprof = the debug port: --expect 'blocked leak' exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "pprof = the debug port: the top stack" grep -q '"top_stack": "main.runQuery (main.go:' "$T/dbg/summary.json"
check "pprof = the debug port: waiting on chan send" grep -q '"waiting_on": {"chan send": 12}' "$T/dbg/summary.json"
check "pprof = the debug port: in meta.txt" grep -q "^pprof_url: http://$DBG\$" "$T/dbg/meta.txt"

# No pprof at all, scheddetail on: the wait reason that grew, from the G lines.
run dbg-detail --set 'target=GET /api/report' --set timeout=30 --set scheddetail=on \
	-- "$T/debugport" -addr '$ADDR' -debug "$DBG"
check "scheddetail, no pprof: blocked leak" [ "$(jval "$T/dbg-detail/summary.json" verdict)" = "blocked leak" ]
check "scheddetail, no pprof: the wait reason" grep -q '"waiting_on": {"chan send": 12' "$T/dbg-detail/summary.json"
check "scheddetail, no pprof: from the G lines" [ "$(jval "$T/dbg-detail/summary.json" waiting_source)" = "scheddetail G lines" ]

# An address only from a flag, and the environment: $ADDR replaced in the
# command; env = reaches the program; a shell's own variables are its own.
run flag --set 'target=GET /work' --set env=LEAKLAB_TEST_MARK=hello \
	-- sh -c 'echo "mark=$LEAKLAB_TEST_MARK home=${HOME:+set}"; exec "$0" -addr "$ADDR"' "$T/flagaddr"
check "-addr \$ADDR: the run works (rc $rc)" [ "$rc" -eq 0 ]
check "-addr \$ADDR: blocked leak" [ "$(jval "$T/flag/summary.json" verdict)" = "blocked leak" ]
check "env = reaches the program, a shell's variables stay its own" grep -q '^mark=hello home=set$' "$T/flag/stdout.log"
run flag2 --set 'target=GET /work' -- "$T/flagaddr" -addr '${ADDR}'
check "-addr \${ADDR}: blocked leak" [ "$(jval "$T/flag2/summary.json" verdict)" = "blocked leak" ]
# As the README says it: go run . -addr '$ADDR' (one runtime traced).
(cd "$TOP/tests/targets/flagaddr" && GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod \
	run gorun --set 'target=GET /work' -- go run . -addr '$ADDR')
check "go run . -addr '\$ADDR': blocked leak" [ "$(jval "$T/gorun/summary.json" verdict)" = "blocked leak" ]
check "go run . -addr '\$ADDR': one trace" grep -q '"trace_mixed": false' "$T/gorun/summary.json"
run env-bad --set 'env=PORT=1' -- "$T/flagaddr" -addr '$ADDR'
check "env = PORT=...: refused, exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "env = PORT=...: says why" grep -q "env" "$T/env-bad.err"
run env-bad2 --set 'env=NOEQUALS' -- "$T/flagaddr" -addr '$ADDR'
check "env without '=': exit 2 (got $rc)" [ "$rc" -eq 2 ]
run pprof-far --set 'pprof=http://10.1.2.3:6060' -- "$T/flagaddr" -addr '$ADDR'
check "pprof = not this machine: exit 2 (got $rc)" [ "$rc" -eq 2 ]
run expect-bad --expect 'leaky' -- "$T/flagaddr" -addr '$ADDR'
check "--expect another word: exit 2 (got $rc)" [ "$rc" -eq 2 ]

