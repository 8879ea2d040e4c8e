#!/bin/sh
# gotest.sh - the Go code's checks (gofmt, go vet, go test) with every Go
# toolchain scripts/go-versions.sh finds: Go 1.19, the local Go, Go 1.27.
#
# A toolchain that is not here is one line saying so; with LEAKLAB_ALL_GO=1
# (CI) it is a failure. The fix-it exercises fail their tests on purpose
# until a student fixes them: tests/exercises-check.sh checks them.
set -u
cd "$(dirname "$0")/../go-example"

if [ -n "$(gofmt -l .)" ]; then
	echo "gotest: not gofmt'd (run gofmt -w go-example):" >&2
	gofmt -l . >&2
	exit 1
fi

fail=0 ran=0
tab=$(printf '\t')
list=$(sh ../scripts/go-versions.sh) || exit 1
while IFS=$tab read -r name go why; do
	if [ "$go" = - ]; then
		echo "gotest: $name: skipped: $why"
		[ "${LEAKLAB_ALL_GO:-0}" = 1 ] && fail=1
		continue
	fi
	# shellcheck disable=SC2046 # go-env.sh prints words for env
	pkgs=$(env $(sh ../scripts/go-env.sh "$go") "$go" list ./... | grep -v '/exercises/') || { fail=1; continue; }
	start=$(date +%s)
	if env $(sh ../scripts/go-env.sh "$go") "$go" vet $pkgs &&
	   env $(sh ../scripts/go-env.sh "$go") "$go" test -count=1 $pkgs >"${TMPDIR:-/tmp}/gotest.$$" 2>&1; then
		echo "gotest: $name: vet and tests pass ($(echo $pkgs | wc -w) packages, $(( $(date +%s) - start ))s)"
		ran=$((ran + 1))
	else
		cat "${TMPDIR:-/tmp}/gotest.$$" 2>/dev/null
		echo "gotest: $name: FAILED"
		fail=1
	fi
	rm -f "${TMPDIR:-/tmp}/gotest.$$"
done <<LIST
$list
LIST
[ $ran -gt 0 ] || { echo "gotest: no Go toolchain ran the tests" >&2; exit 1; }
exit $fail
