# Services as people write them, part two: a wrapper whose child inherits
# GODEBUG (a mixed trace, warned), and a service already running (attach:
# url = and no command), with --expect as CI would use it.
# tags: portable
. "$(dirname "$0")/lib.sh"
build_targets wrapper attach
run() { # run NAME LEAKLAB-ARGS...: a quiet run into $T/NAME; its exit code in $rc
	name=$1
	shift
	set +e
	"$LEAKLAB" run -q --no-plot -o "$T/$name" --set 'rate=4/s for 3s, pause 3s' "$@" \
		>"$T/$name.out" 2>"$T/$name.err"
	rc=$?
	set -e
}
# A wrapper whose child inherits GODEBUG: two runtimes on one stderr.
run wrap --set 'target=GET /leak' -- "$T/wrapper"
check "wrapper: warned once" [ "$(grep -c 'two Go runtimes' "$T/wrap.err")" -eq 1 ]
check "wrapper: marked in summary.json" grep -q '"trace_mixed": true' "$T/wrap/summary.json"
check "wrapper: and in the charts' titles" sh -c "'$LEAKLAB' plot '$T/wrap' >/dev/null && grep -q 'MIXED TRACE' '$T/wrap/plot.gp'"
check "wrapper: the child's samples kept (uptimes only grow)" \
	awk -F'\t' 'NR > 2 && $2 < last { exit 1 } NR > 1 { last = $2 }' "$T/wrap/trace.tsv"
check "wrapper: every byte of both in raw-stderr.log" [ "$(grep -c '^SCHED' "$T/wrap/raw-stderr.log")" -gt "$(($(wc -l <"$T/wrap/trace.tsv") - 1))" ]
check "wrapper: still a blocked leak" [ "$(jval "$T/wrap/summary.json" verdict)" = "blocked leak" ]

# A service already running: attach with url =, nothing started or stopped.
mkfifo "$T/attach.ready"
"$T/attach" -addr 127.0.0.1:0 -lifetime 90s >"$T/attach.ready" 2>"$T/attach.err" &
APID=$!
PIDS="$PIDS $APID"
read -r line <"$T/attach.ready" || fail "attach gave no ready line"
AURL=${line#listening on }
run att --set "url=$AURL" --set 'target=GET /leak' --expect 'blocked leak'
check "attach: --expect 'blocked leak' exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "attach: said so in summary.json" grep -q '"attached": true' "$T/att/summary.json"
check "attach: the top stack" grep -q '"top_stack": "main.waitForSignal (main.go:' "$T/att/summary.json"
check "attach: no trace, said" grep -q '^trace       none: attached' "$T/att/summary.txt"
check "attach: the program line says it" grep -q '^program: (attached to ' "$T/att/meta.txt"
check "attach: the service still runs" kill -0 "$APID"
run att-ok --set "url=$AURL" --set 'target=GET /ok' --expect 'no leak'
check "attach, healthy: --expect 'no leak' exits 0 (got $rc)" [ "$rc" -eq 0 ]
kill "$APID"
wait "$APID" 2>/dev/null || true
run att-gone --set "url=$AURL" --set 'target=GET /ok'
check "attach, nothing listens: exit 1 (got $rc)" [ "$rc" -eq 1 ]
check "attach, nothing listens: says to start it" grep -q 'nothing listens at' "$T/att-gone.err"
