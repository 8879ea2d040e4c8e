# The server built with every Go toolchain here (Go 1.19, the local Go, Go
# 1.27): it builds, leaks, and leaklab reads each one's trace format and
# profiles. A toolchain that is missing is one line; LEAKLAB_ALL_GO=1 (CI)
# makes it a failure.
. "$(dirname "$0")/lib.sh"
cd "$TOP"

tab=$(printf '\t')
sh scripts/go-versions.sh >"$T/versions"
ran=0
while IFS=$tab read -r name go why; do
	if [ "$go" = - ]; then
		skip "$name: $why"
		[ "${LEAKLAB_ALL_GO:-0}" != 1 ] || fail "$name is required here (LEAKLAB_ALL_GO=1)"
		continue
	fi
	ran=$((ran + 1))
	srv=$T/$name/leakserver
	mkdir -p "$T/$name"
	# shellcheck disable=SC2046
	(cd go-example && env $(sh ../scripts/go-env.sh "$go") "$go" build -o "$srv" .) || fail "$name: build"
	LEAKLAB_SERVER=$srv "$LEAKLAB" run lab/01-cpu-leak.lab --set 'rate=5/s for 2s' -o "$T/$name/r1" -q \
		>/dev/null 2>"$T/err" || { cat "$T/err"; fail "$name: lab 01"; }
	check "$name: meta names $name" grep -q "^go_version: $name" "$T/$name/r1/meta.txt"
	check "$name: lab 01 is a runnable leak" grep -q '"verdict": "runnable leak"' "$T/$name/r1/summary.json"
	check "$name: lab 01: no malformed lines" grep -q '"malformed_lines": 0,' "$T/$name/r1/summary.json"
	case $name in
	go1.19*|go1.20*) check "$name: needspinning is '-' on every row" \
		[ "$(tsv_col "$T/$name/r1/trace.tsv" needspinning | sort -u)" = - ] ;;
	*) check "$name: needspinning is a number" \
		[ "$(tsv_col "$T/$name/r1/trace.tsv" needspinning | grep -vc '^[0-9][0-9]*$')" = 0 ] ;;
	esac
	LEAKLAB_SERVER=$srv "$LEAKLAB" run lab/03-blocked-leak.lab --set 'rate=10/s for 2s' -o "$T/$name/r3" -q \
		>/dev/null 2>"$T/err" || { cat "$T/err"; fail "$name: lab 03"; }
	check "$name: lab 03 is a blocked leak" grep -q '"verdict": "blocked leak"' "$T/$name/r3/summary.json"
	check "$name: lab 03: chan receive in waits.tsv" grep -q 'chan receive' "$T/$name/r3/waits.tsv"
	check "$name: lab 03: no malformed lines" grep -q '"malformed_lines": 0,' "$T/$name/r3/summary.json"
	# The 20 leaked goroutines wait to the end, proven leaked or not.
	last_waiting=$(tsv_col "$T/$name/r3/trace.tsv" g_waiting | tail -n 1)
	check "$name: lab 03: g_waiting at the end >= 20 (got $last_waiting)" [ "$last_waiting" -ge 20 ]
	if [ -s "$T/$name/r3/goroutineleak.txt" ]; then
		# Go >= 1.26: after the profile, the leaked ones are status 10.
		leaked=$(tsv_col "$T/$name/r3/trace.tsv" g_leaked | tail -n 1)
		check "$name: lab 03: g_leaked at the end is 20 (got $leaked)" [ "$leaked" -eq 20 ]
		check "$name: goroutineleak.txt names main.leakChan" grep -q 'main.leakChan' "$T/$name/r3/goroutineleak.txt"
	else
		check "$name: no goroutineleak profile before Go 1.26" sh -c "case $name in go1.19*|go1.2[0-5]*) true;; *) false;; esac"
	fi
done <"$T/versions"
check "at least one Go toolchain ran" [ $ran -gt 0 ]
