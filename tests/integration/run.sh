#!/bin/sh
# run.sh - run every integration test (tests/integration/t_*.sh), each under
# a time-out, and print one closing line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
pass=0 fail=0 failed=""
for t in tests/integration/t_*.sh; do
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
