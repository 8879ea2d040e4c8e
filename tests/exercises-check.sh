#!/bin/sh
# exercises-check.sh - prove every fix-it exercise, and lab 09's shop, red
# as shipped and green with its solution, with every Go toolchain found: Go
# 1.19 (the oldest the kit supports), the local Go, and Go 1.27 from the
# module cache.
#
# For each toolchain it copies go-example to a scratch directory, checks
# gofmt and go vet, runs the tests as shipped (each must fail, and fail
# because goroutines were left behind), copies the solutions from
# worksheets/instructor/solutions/ over them, and runs them again (each
# must pass). One line per exercise and toolchain, then a total. Exit 0
# only when every result is the expected one.
#
# What we ship, not what a student did: a student fixes the exercises and
# the shop in place. When git is here and an exercise's (or the shop's)
# directory differs from the commit SHIPPED (default HEAD), the scratch
# copy takes that commit's version instead, and a line says so: a
# student's uncommitted fixes never turn this red. (A developer's change to
# an exercise is checked once committed.)
#
# GO119, GO and GO127 name the toolchains (a go binary each). A toolchain
# that is missing is one 'skip:' line; STRICT=1 makes that a failure.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/leaklab-ex.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM HUP
trap 'exit 141' PIPE
START=$(date +%s)

EX_DIR=$TOP/go-example/exercises
SOL_DIR=$TOP/worksheets/instructor/solutions
MOD=leaklab/leakserver
SHIPPED=${SHIPPED:-HEAD}

# The items: each exercise, and the shop (lab 09), by their directory in
# go-example; a solution is worksheets/instructor/solutions/<its name>.
exercises=$(cd "$EX_DIR" && ls -d [0-9][0-9]-* 2>/dev/null)
n_ex=$(echo "$exercises" | grep -c .)
items="$exercises shop"
dir_of() { [ "$1" = shop ] && echo shop || echo "exercises/$1"; }
bad=0 good=0 missing=0 ran=""

problem() { echo "FAIL $*"; bad=$((bad + 1)); }

# Every item has a test and a solution (an exercise a README too); every
# solution an item.
for ex in $items; do
	d=$TOP/go-example/$(dir_of "$ex")
	[ "$ex" = shop ] || [ -f "$d/README.md" ] || problem "$ex: no README.md"
	ls "$d/"*_test.go >/dev/null 2>&1 || problem "$ex: no test"
	[ -d "$SOL_DIR/$ex" ] || problem "$ex: no solution in $SOL_DIR"
done
for sol in "$SOL_DIR"/*/; do
	ex=$(basename "$sol")
	d=$TOP/go-example/$(dir_of "$ex")
	[ -d "$d" ] || problem "solution $ex: no exercise of that name"
	for f in "$sol"*; do
		[ -f "$d/$(basename "$f")" ] || problem "solution $ex: $(basename "$f") replaces no file of it"
	done
done

# The shipped version of each item: as in git's SHIPPED when the working
# copy differs (a student's fix, or a change not committed yet).
shipped=$T/shipped
mkdir -p "$shipped"
cp -R "$TOP/go-example/." "$shipped/"
if git -C "$TOP" rev-parse --verify -q "$SHIPPED^{commit}" >/dev/null 2>&1; then
	for ex in $items; do
		rel=go-example/$(dir_of "$ex")
		if ! git -C "$TOP" diff --quiet "$SHIPPED" -- "$rel" ||
		   [ -n "$(git -C "$TOP" ls-files --others --exclude-standard -- "$rel")" ]; then
			echo "note: $rel differs from $SHIPPED (a student's fix, or a change not committed yet): checked as in $SHIPPED"
			rm -rf "${shipped:?}/$(dir_of "$ex")"
			git -C "$TOP" archive "$SHIPPED" "$rel" | tar -x -C "$T" || problem "$ex: cannot read $rel from $SHIPPED"
			mv "$T/$rel" "$shipped/$(dir_of "$ex")"
		fi
	done
else
	echo "note: no git here: the exercises and the shop are checked as they are in go-example/"
fi
for sol in "$SOL_DIR"/*/; do
	ex=$(basename "$sol")
	for f in "$sol"*; do
		! cmp -s "$f" "$shipped/$(dir_of "$ex")/$(basename "$f")" || problem "solution $ex: $(basename "$f") is the shipped file"
	done
done

# go_test DIR OUT: go test every exercise package in DIR, output to OUT, then
# print one "package status seconds left profile" line per package: status
# is ok, FAIL or BUILD, left the goroutines the leak check found (or -),
# profile what the goroutineleak profile proved of them: all, some, none
# (or - without the profile).
go_test() {
	# Every package at once (-p): the red tests spend their time waiting.
	(cd "$1" && env $GOENV "$GOBIN" test -count=1 -timeout 120s -p $((n_ex + 2)) ./exercises/... ./shop >"$2" 2>&1)
	awk -v mod="$MOD/" '
		BEGIN { left = prof = "-" }
		/goroutines? left behind/ && left == "-" { left = $2 }
		/goroutineleak profile proves (it|both|all)/ { prof = "all" }
		/goroutineleak profile proves [0-9]/ { prof = "some" }
		/goroutineleak profile names none/ { prof = "none" }
		/^(ok|FAIL)/ && index($2, mod) == 1 {
			pkg = substr($2, length(mod) + 1); t = $3; sub(/s$/, "", t)
			st = ($1 == "ok") ? "ok" : ($0 ~ /build failed|setup failed/ ? "BUILD" : "FAIL")
			print pkg, st, (t ~ /^[0-9.]+$/ ? t : "-"), left, prof; left = prof = "-"; next
		}' "$2"
}

# show OUT EX: the lines go test printed for exercise EX, for a diagnosis.
show() {
	awk -v p="$MOD/$2" '
		index($0, p) && /^(ok|FAIL)/ { for (i = 0; i < n; i++) print buf[i]; print; exit }
		/^(ok|FAIL)[ \t]/ { n = 0; next }
		n < 15 { buf[n++] = $0 }' "$1" | sed 's/^/     /'
}

# fmt_vet DIR WHAT: gofmt and go vet the exercises in DIR.
fmt_vet() {
	unformatted=$(cd "$1" && "$GOFMT" -l exercises shop)
	[ -z "$unformatted" ] || problem "$ver: gofmt ($2): $unformatted"
	(cd "$1" && env $GOENV "$GOBIN" vet ./exercises/... ./shop >"$T/vet.out" 2>&1) ||
		{ problem "$ver: go vet ($2):"; sed 's/^/     /' "$T/vet.out"; }
}

# check_toolchain GO: the whole proof with one toolchain.
check_toolchain() {
	GOBIN=$1
	GOFMT=$(dirname "$GOBIN")/gofmt
	[ -x "$GOFMT" ] || GOFMT=gofmt
	GOENV="GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod"
	ver=$(env $GOENV "$GOBIN" env GOVERSION 2>/dev/null) || { echo "skip: $GOBIN does not run"; missing=$((missing + 1)); return; }
	case " $ran " in *" $ver "*) echo "skip: $GOBIN is $ver again, checked above"; return ;; esac
	ran="$ran $ver"
	# Go 1.26 has the goroutineleak profile behind an experiment; 1.27 has
	# it built in and rejects the experiment's name; older ones reject it.
	if GOEXPERIMENT=goroutineleakprofile GOTOOLCHAIN=local "$GOBIN" env GOEXPERIMENT >/dev/null 2>&1; then
		GOENV="$GOENV GOEXPERIMENT=goroutineleakprofile"
		prof="goroutineleak profile (experiment)"
	elif [ "$(echo "$ver" | sed -n 's/^go1\.\([0-9]*\).*/\1/p')" -ge 27 ] 2>/dev/null; then
		prof="goroutineleak profile (built in)"
	else
		prof="no goroutineleak profile"
	fi
	echo "== $ver ($GOBIN), $prof"
	d=$T/$ver
	mkdir -p "$d"
	cp -R "$shipped/." "$d/"

	fmt_vet "$d" "as shipped"
	go_test "$d" "$T/red.out" >"$T/red"
	for sol in "$SOL_DIR"/*/; do cp "$sol"* "$d/$(dir_of "$(basename "$sol")")/"; done
	fmt_vet "$d" "with the solutions"
	go_test "$d" "$T/green.out" >"$T/green"

	if grep -q '^exercises/internal/leakcheck ok ' "$T/red"; then
		echo "ok   $(printf '%-9s %-15s' "$ver" leakcheck) its own test passes"
		good=$((good + 1))
	else
		problem "$ver: the leakcheck self-test does not pass:"
		grep -v '^ok' "$T/red.out" | head -n 20 | sed 's/^/     /'
	fi
	for ex in $items; do
		pkg=$(dir_of "$ex")
		set -- $(grep "^$pkg " "$T/red" || echo "$pkg none - - -")
		red=$2 red_t=$3 left=$4 proved=$5
		set -- $(grep "^$pkg " "$T/green" || echo "$pkg none - - -")
		green=$2 green_t=$3
		line=$(printf '%-9s %-15s red %4s %5ss, %2s left, leak profile %-4s  green %4s %5ss' \
			"$ver" "$ex" "$red" "$red_t" "$left" "$proved" "$green" "$green_t")
		if [ "$red" = FAIL ] && [ "$left" != - ] && [ "$green" = ok ]; then
			echo "ok   $line"
			good=$((good + 1))
		else
			problem "$line (want: red with goroutines left, then green)"
			[ "$red" = FAIL ] && [ "$left" != - ] || show "$T/red.out" "$pkg"
			[ "$red" != ok ] || echo "     $ex passes as in $SHIPPED: is it fixed there? (if you committed your fixes, name the commit you started from: make test SHIPPED=<commit>)"
			[ "$green" = ok ] || show "$T/green.out" "$pkg"
		fi
	done
}

# The toolchains: Go 1.19, the local Go, Go 1.27.
GO119=${GO119:-/usr/lib/go-1.19/bin/go}
LOCAL=${GO:-go}
if [ -z "${GO127:-}" ]; then
	cache=$(GOTOOLCHAIN=local "$LOCAL" env GOMODCACHE 2>/dev/null)
	for g in "$cache"/golang.org/toolchain@v0.0.1-go1.27.*/bin/go; do
		[ -x "$g" ] && GO127=$g
	done
fi
for want in "Go 1.19:$GO119" "local Go:$LOCAL" "Go 1.27:${GO127:-}"; do
	name=${want%%:*} g=${want#*:}
	if [ -n "$g" ] && command -v "$g" >/dev/null 2>&1; then
		check_toolchain "$(command -v "$g")"
	else
		echo "skip: $name not found (${g:-set GO127 or fetch it once: GOTOOLCHAIN=go1.27.3 go version}); not checked with it"
		missing=$((missing + 1))
	fi
done

took=$(( $(date +%s) - START ))
echo "exercises-check: $good as expected, $bad unexpected; $n_ex exercises and the shop; toolchains:$ran; $missing skipped; ${took}s"
[ "$bad" -eq 0 ] || exit 1
[ -z "$ran" ] && { echo "exercises-check: no Go toolchain found"; exit 1; }
[ "${STRICT:-0}" = 1 ] && [ "$missing" -gt 0 ] && exit 1
exit 0
