# The verdict says what the evidence shows, on a program with a known
# answer per endpoint (tests/targets/verdicts): a proven leak, growth the
# runtime cannot prove (a global channel), a chain held by a sleeper, CPU
# work that drains. (An unclosed body, a mix, slow profiles: t_rules_more.)
. "$(dirname "$0")/lib.sh"
build_targets verdicts
# Does this Go have the goroutineleak profile? (1.26 with the experiment, 1.27)
proven=$(cd "$TOP/tests/targets" && env $(sh "$TOP/scripts/go-env.sh" go) go version -m "$T/verdicts" |
	grep -c 'goroutineleakprofile\|go1\.2[7-9]' || true)
run() { # run NAME TARGET LEAKLAB-ARGS...
	name=$1 target=$2
	shift 2
	"$LEAKLAB" run -q --no-plot -o "$T/$name" --set "target=GET $target" --set 'rate=4/s for 3s, pause 4s' \
		--set timeout=1000 --set gomaxprocs=1 "$@" -- "$T/verdicts" >"$T/$name.out" 2>"$T/$name.err" ||
		fail "$name: the run failed: $(cat "$T/$name.err")"
}

run local /leak/local
check "local channel: blocked leak" [ "$(jval "$T/local/summary.json" verdict)" = "blocked leak" ]
check "local channel: waiting on chan receive" grep -q '"waiting_on": {"chan receive": 12}' "$T/local/summary.json"
if [ "$proven" -gt 0 ]; then
	check "local channel: proven by the goroutineleak profile" \
		[ "$(jval "$T/local/summary.json" proof)" = "goroutineleak profile" ]
	check "local channel: 12 proven" [ "$(jval "$T/local/summary.json" proven_leaked)" = 12 ]
	check "local channel: forever, said" grep -q 'wait forever' "$T/local/summary.txt"
else
	skip "this Go has no goroutineleak profile: the proof of a leak is not checked"
fi

run global /leak/global
check "global channel: blocked leak, growth only" \
	[ "$(jval "$T/global/summary.json" verdict)/$(jval "$T/global/summary.json" proof)" = "blocked leak/growth only" ]
check "global channel: never 'forever'" sh -c "! grep -q 'forever' '$T/global/summary.txt'"
if [ "$proven" -gt 0 ]; then
	check "global channel: the profile proves none" [ "$(jval "$T/global/summary.json" proven_leaked)" = 0 ]
	check "global channel: says what can wake them" grep -q 'something can still wake them' "$T/global/summary.txt"
fi

run sleep '/leak/sleepchain?n=50'
check "a chain held by a sleeper: unknown" [ "$(jval "$T/sleep/summary.json" verdict)" = unknown ]
check "a chain held by a sleeper: 12 asleep" [ "$(jval "$T/sleep/summary.json" grown_sleeping)" = 12 ]
check "a chain held by a sleeper: may end when they wake" grep -q 'may end when they wake' "$T/sleep/summary.txt"
check "a chain held by a sleeper: how long they waited" grep -q 'less than a minute' "$T/sleep/summary.txt"

run drain '/drain?ms=300' --set 'rate=10/s for 3s, pause 4s'
check "CPU work that drains: no runnable leak (got $(jval "$T/drain/summary.json" verdict))" \
	[ "$(jval "$T/drain/summary.json" verdict)" != "runnable leak" ]
check "CPU work that drains: said to drain" [ "$(jval "$T/drain/summary.json" draining)" = true ]

