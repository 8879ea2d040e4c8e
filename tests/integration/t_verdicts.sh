# The verdict is right under loads that are hard on it: healthy endpoints
# under a burst, a ramp and slow answers the client gives up on are no
# leak (the load's own idle connections are not the student's leak), and
# real leaks under the same loads are the right kind of leak, with a top
# stack in the server's code, never main.main or main.run.
. "$(dirname "$0")/lib.sh"
cd "$TOP"

# verdict NAME WANT SET...: a short run of lab 04 with these --set values.
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

verdict fixed-burst "no leak" --set endpoint=/fixed --set 'rate=burst 400, pause 6s'
verdict fixed-ramp "no leak" --set endpoint=/fixed --set 'rate=ramp 1/s..60/s for 5s, pause 4s'
verdict fixed-chan-burst "no leak" --set endpoint=/fixed/chan --set 'rate=burst 200, pause 5s'
verdict slow-gives-up "no leak" --set 'endpoint=/slow?ms=400' --set timeout=100 \
	--set 'rate=20/s for 4s, pause 4s'
verdict chan-burst "blocked leak" --set endpoint=/leak/chan --set 'rate=burst 400, pause 6s'
verdict mutex-steady "blocked leak" --set endpoint=/leak/mutex --set 'rate=10/s for 3s, pause 4s'
verdict spin-ramp "runnable leak" --set endpoint=/leak --set gomaxprocs=2 \
	--set 'rate=ramp 1/s..8/s for 4s, pause 4s'
# Lab 06's shape: the queues jump, then settle a little lower and stay.
verdict spin-burst "runnable leak" --set endpoint=/leak --set gomaxprocs=4 --set schedtrace=200 \
	--set 'rate=pause 1s, burst 50, pause 6s'
