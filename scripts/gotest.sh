#!/bin/sh
# gotest.sh - the Go code's checks (gofmt, go vet, go test) with every Go
# toolchain scripts/go-versions.sh finds: Go 1.19, the local Go, Go 1.27.
#
# A toolchain that is not here is one line saying so; with LEAKLAB_ALL_GO=1
# (CI) it is a failure. The fix-it exercises and lab 09's shop fail their
# tests on purpose until a student fixes them: tests/exercises-check.sh
# checks them (red as shipped, green with the solution).
set -u
cd "$(dirname "$0")/../go-example"

# What a student edits (the exercises, the shop) is checked as shipped by
# tests/exercises-check.sh, whatever their copy holds.
unformatted=$(gofmt -l . | grep -v -e '^exercises/' -e '^shop/')
if [ -n "$unformatted" ]; then
	echo "gotest: not gofmt'd (run gofmt -w go-example):" >&2
	echo "$unformatted" >&2
	exit 1
fi

fail=0 ran=0 skipped=0
tab=$(printf '\t')
list=$(sh ../scripts/go-versions.sh) || exit 1
while IFS=$tab read -r name go why; do
	if [ "$go" = - ]; then
		echo "skip: gotest: $name: $why"
		skipped=$((skipped + 1))
		[ "${LEAKLAB_ALL_GO:-0}" = 1 ] && fail=1
		continue
	fi
	# shellcheck disable=SC2046 # go-env.sh prints words for env
	pkgs=$(env $(sh ../scripts/go-env.sh "$go") "$go" list ./... | grep -v -e '/exercises/' -e '/shop$') || { fail=1; continue; }
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
echo "gotest: $ran toolchains passed, $skipped skipped"
exit $fail
