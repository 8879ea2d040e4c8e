#!/bin/sh
# run.sh - run every integration test (tests/integration/t_*.sh), each under
# a time-out, and print one closing line: "N passed, N failed".
#   sh tests/integration/run.sh [NAME...]   only these (t_run, run, ...)
set -u
cd "$(dirname "$0")/../.."
pass=0 fail=0 failed=""
tests=""
for n in "$@"; do
	n=${n%.sh}; n=t_${n#t_}
	[ -f "tests/integration/$n.sh" ] || { echo "run.sh: no test tests/integration/$n.sh" >&2; exit 2; }
	tests="$tests tests/integration/$n.sh"
done
[ -n "$tests" ] || tests=$(ls tests/integration/t_*.sh)
for t in $tests; do
	name=$(basename "$t" .sh)
	log=build/integration/$name.log
	mkdir -p build/integration
	start=$(date +%s)
	if timeout -k 5 180 sh "$t" >"$log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $name ($(( $(date +%s) - start ))s)"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL $name ($(( $(date +%s) - start ))s); last lines of $log:"
		tail -n 15 "$log" | sed 's/^/     /'
	fi
done
echo "integration: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
