#!/bin/sh
# run.sh - run the integration tests (tests/integration/t_*.sh), each under
# a time-out, several at once, and print one closing line: "N passed, N
# failed, N skipped".
#
#   sh tests/integration/run.sh [-j N] [--portable] [--also LEAKLAB] [NAME...]
#     -j N           run N tests at once (default: LEAKLAB_JOBS, else 3); the
#                    tests mostly wait on schedules, so more than the cores
#     --portable     only the tests whose code differs in the portable build
#                    (tagged 'portable': the program's tree, timers, children,
#                    signals, the terminal); everything else is the same code
#     --also LEAKLAB in the same pool, the 'portable' tests again with this
#                    leaklab (the portable build's)
#     NAME...        only these (t_run, run, ...)
#
# The tests run $LEAKLAB (default build/leaklab).
#
# A test says what it is in a line '# tags: ...' near its top:
#   portable   run on the portable build too (see above)
#   timing     it measures time with a margin: run it alone, after the rest
# A test that skips prints 'skip: why' and exits 77; it is counted as such.
set -u
cd "$(dirname "$0")/../.."
jobs=${LEAKLAB_JOBS:-3} portable=0 names="" also=""
while [ $# -gt 0 ]; do
	case $1 in
	-j) [ $# -ge 2 ] || { echo "run.sh: -j needs a number" >&2; exit 2; }; jobs=$2; shift ;;
	-j*) jobs=${1#-j} ;;
	--portable) portable=1 ;;
	--also) [ $# -ge 2 ] || { echo "run.sh: --also needs a leaklab" >&2; exit 2; }; also=$2; shift ;;
	-*) echo "run.sh: unknown option '$1' (-j N, --portable, NAME...)" >&2; exit 2 ;;
	*) names="$names $1" ;;
	esac
	shift
done
case $jobs in '' | *[!0-9]* | 0) echo "run.sh: -j wants a number of tests at once, not '$jobs'" >&2; exit 2 ;; esac

tests=""
for n in $names; do
	n=${n%.sh}; n=t_${n#t_}
	[ -f "tests/integration/$n.sh" ] || { echo "run.sh: no test tests/integration/$n.sh" >&2; exit 2; }
	tests="$tests tests/integration/$n.sh"
done
[ -n "$tests" ] || tests=$(ls tests/integration/t_*.sh)

tags() { sed -n 's/^# tags: *//p' "$1" | head -n 1; }
has_tag() { case " $(tags "$1") " in *" $2 "*) return 0 ;; esac; return 1; }

# Entries are TEST:LEAKLAB:SUFFIX (the suffix names the log and the line).
main=${LEAKLAB:-$PWD/build/leaklab}
pool="" alone=""
add() { # add TEST LEAKLAB SUFFIX
	if has_tag "$1" timing; then alone="$alone $1:$2:$3"; else pool="$pool $1:$2:$3"; fi
}
for t in $tests; do
	if [ $portable = 0 ] || has_tag "$t" portable; then
		add "$t" "$main" "$([ $portable = 1 ] && echo .portable)"
	fi
done
if [ -n "$also" ]; then
	for t in $tests; do has_tag "$t" portable && add "$t" "$also" .portable; done
fi

mkdir -p build/integration
S=$(mktemp -d "${TMPDIR:-/tmp}/leaklab-run.XXXXXX")
trap 'rm -rf "$S"' EXIT
trap 'exit 130' INT TERM
# Each test writes "NAME RC SECONDS" here when it ends: the runner reads
# the fifo, so it waits for the next test to end without polling.
mkfifo "$S/done"
exec 3<>"$S/done"

pass=0 fail=0 skip=0 failed="" running=0 checks=0 skipped=0 start_all=$(date +%s)

launch() { # launch TEST:LEAKLAB:SUFFIX: run it in the background; it reports on fd 3
	entry_t=${1%%:*} rest=${1#*:}
	bin=${rest%:*} sfx=${rest##*:}
	name=$(basename "$entry_t" .sh)$sfx
	(
		start=$(date +%s)
		set +e
		# timeout also gives the test SIGINT back (a background job ignores it).
		LEAKLAB=$bin timeout -k 5 240 sh "$entry_t" >"build/integration/$name.log" 2>&1 </dev/null
		rc=$?
		echo "$name $rc $(( $(date +%s) - start ))" >&3
	) &
	running=$((running + 1))
}

collect() { # collect: wait for one test to end and say how it went
	read -r name rc secs <&3
	running=$((running - 1))
	log=build/integration/$name.log
	set -- $(sed -n 's/^checks: \([0-9]*\) passed, \([0-9]*\) skipped$/\1 \2/p' "$log" | tail -n 1) 0 0
	checks=$((checks + $1)) skipped=$((skipped + $2))
	if [ "$rc" -eq 0 ] && [ "$1" -eq 0 ]; then
		# A test that passes and checked nothing proves nothing.
		rc=1
		echo "     ($name checked nothing)" >>"$log"
	fi
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
		echo "ok   $name (${secs}s, $1 checks$([ "$2" -eq 0 ] || echo ", $2 skipped"))"
	elif [ "$rc" -eq 77 ]; then
		skip=$((skip + 1))
		echo "skip $name (${secs}s): $(sed -n 's/^skip: //p' "$log" | tail -n 1)"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		[ "$rc" -eq 124 ] && why="timed out after 240 s" || why="exit $rc"
		echo "FAIL $name (${secs}s, $why); last lines of $log:"
		tail -n 15 "$log" | sed 's/^/     /'
	fi
}

for t in $pool; do
	[ $running -lt "$jobs" ] || collect
	launch "$t"
done
while [ $running -gt 0 ]; do collect; done
# What measures time, alone.
for t in $alone; do
	launch "$t"
	collect
done
echo "integration: $pass passed, $fail failed, $skip skipped; $checks checks, $skipped skipped ($(( $(date +%s) - start_all ))s, $jobs at once)"
[ "$fail" -eq 0 ]
