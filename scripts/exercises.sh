#!/bin/sh
# exercises.sh - the fix-it exercises' progress, rustlings style: runs every
# exercise's test with the local Go, says how many are fixed, and shows the
# next one to fix with its first hint and what its test saw.
# Exit 0 only when every exercise passes; with EXERCISE, when that one
# passes. 'make exercises' runs it.
#
# Every run that tests them rewrites out/exercises.tsv (LEAKLAB_OUT names
# another directory): "time student exercise state", one row per exercise,
# state "fixed" or "not fixed", the student from $LEAKLAB_STUDENT.
# 'leaklab progress' reads it.
set -u
. "$(dirname "$0")/i18n.sh"
OUT=${LEAKLAB_OUT:-}
case $OUT in '' | /*) ;; *) OUT=$PWD/$OUT ;; esac
cd "$(dirname "$0")/.."
OUT=${OUT:-out}

usage() {
	gettext "usage: sh scripts/exercises.sh [-v] [-l] [-n N] [EXERCISE]
  (nothing)   run every exercise; show the next one to fix and its first hint
  -l          list every exercise with its state
  -n N        show hint N (1, 2 or 3) instead of hint 1
  -v          show the full 'go test -v' output of the exercise shown
  EXERCISE    show this one (04 or 04-generator) instead of the next
  -h          this help
Exercises: go-example/exercises/NN-name/ (read its README.md first).
Exit status: 0 when every exercise passes; with EXERCISE, 0 when that
exercise passes (make exercises ARGS=\"-v 04\"); 1 otherwise; 2 bad usage.
Each run records every exercise's state in out/exercises.tsv
(LEAKLAB_OUT=DIR for another directory, LEAKLAB_STUDENT for who ran it)."
	echo
}

verbose=0 list=0 hint=1 want=""
while [ $# -gt 0 ]; do
	case $1 in
	-v) verbose=1 ;;
	-l) list=1 ;;
	-n) [ $# -ge 2 ] || { usage >&2; exit 2; }; hint=$2; shift ;;
	-h | --help) usage; exit 0 ;;
	-*) opt=$1; echo "$(eval_gettext 'exercises: unknown option $opt')" >&2; usage >&2; exit 2 ;;
	*) want=$1 ;;
	esac
	shift
done
case $hint in [1-9]) ;; *) echo "$(eval_gettext 'exercises: -n wants a hint number, 1 to 3, not $hint')" >&2; exit 2 ;; esac

GO=${GO:-go}
MOD=leaklab/leakserver/exercises
EX_DIR=go-example/exercises
if ! command -v "$GO" >/dev/null 2>&1; then
	echo "$(eval_gettext 'exercises: no Go toolchain ($GO): install Go 1.19 or later (make deps)')" >&2
	exit 1
fi
GOENV="GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod"
# Go 1.26 has the goroutineleak profile behind an experiment (1.27 has it
# built in and rejects the name): the leak check uses it when it is there.
if GOEXPERIMENT=goroutineleakprofile GOTOOLCHAIN=local "$GO" env GOEXPERIMENT >/dev/null 2>&1; then
	GOENV="$GOENV GOEXPERIMENT=goroutineleakprofile"
fi

exercises=$(cd "$EX_DIR" && ls -d [0-9][0-9]-*)
total=$(echo "$exercises" | grep -c .)
if [ -n "$want" ]; then
	pick=$(echo "$exercises" | grep -e "^$want\$" -e "^$want-" | head -n 1)
	[ -n "$pick" ] || { echo "$(eval_gettext 'exercises: no exercise $want; there are:')" $exercises >&2; exit 2; }
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/leaklab-ex.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM HUP
trap 'exit 141' PIPE

gover=$(env $GOENV "$GO" env GOVERSION)
[ -t 1 ] && printf '%s\r' "$(eval_gettext 'testing $total exercises with $gover...')"
# All at once (-p): the tests mostly wait, for leftovers that may end.
(cd go-example && env $GOENV "$GO" test -count=1 -timeout 30s -p "$total" $(echo "$exercises" | sed 's|^|./exercises/|')) >"$T/out" 2>&1
[ -t 1 ] && printf '%60s\r' ''

# One "exercise status" line per exercise: ok, FAIL or BUILD.
awk -v mod="$MOD/" '/^(ok|FAIL)/ && index($2, mod) == 1 {
	st = ($1 == "ok") ? "ok" : ($0 ~ /build failed|setup failed/ ? "BUILD" : "FAIL")
	print substr($2, length(mod) + 1), st }' "$T/out" >"$T/status"
status() { awk -v e="$1" '$1 == e { print $2; f = 1 } END { if (!f) print "BUILD" }' "$T/status"; }

fixed=0 next="" bar=""
for ex in $exercises; do
	if [ "$(status "$ex")" = ok ]; then
		fixed=$((fixed + 1)) bar="$bar#"
	else
		bar="$bar."
		[ -n "$next" ] || next=$ex
	fi
done

# The record (out/exercises.tsv), whole or not at all: a temporary file
# renamed over the old one. A record that cannot be written is a warning,
# never a changed result.
record() {
	now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	who=$(printf '%s' "${LEAKLAB_STUDENT:-}" | tr '\t\n\r' '   ')
	mkdir -p "$OUT" 2>/dev/null || return 1
	tmp=$OUT/.exercises.tsv.$$
	{
		printf 'time\tstudent\texercise\tstate\n'
		for ex in $exercises; do
			[ "$(status "$ex")" = ok ] && st=fixed || st="not fixed"
			printf '%s\t%s\t%s\t%s\n' "$now" "$who" "$ex" "$st"
		done
	} >"$tmp" 2>/dev/null && mv -f "$tmp" "$OUT/exercises.tsv" 2>/dev/null && return 0
	rm -f "$tmp" 2>/dev/null
	return 1
}
record || echo "exercises: warning: cannot write the record $OUT/exercises.tsv" >&2

if [ "$list" = 1 ]; then
	for ex in $exercises; do
		case $(status "$ex") in
		ok) s=$(gettext "fixed") ;;
		BUILD) s=$(gettext "does not build") ;;
		*) s=$(gettext "to fix") ;;
		esac
		[ "$ex" = "$next" ] && s="$s  $(gettext "<- next")"
		printf '  %-16s %s\n' "$ex" "$s"
	done
fi

echo "$(eval_gettext 'exercises: $fixed of $total fixed [$bar]')"
show=${pick:-$next}
if [ -z "$show" ]; then
	case "${LANGUAGE:-}${LC_ALL:-}${LC_MESSAGES:-}${LANG:-}" in pt*) sheet=worksheets/pt-BR/exercises.md ;; *) sheet=worksheets/en/exercises.md ;; esac
	echo "$(gettext "Every goroutine ends. Well done! Each README ends with a bonus question;")"
	echo "$(eval_gettext '$sheet has the self-check.')"
	exit 0
fi

if [ -n "${pick:-}" ]; then
	echo "$(eval_gettext 'exercise: $show   (go-example/exercises/$show/)')"
else
	echo "$(eval_gettext 'next: $show   (go-example/exercises/$show/)')"
fi
echo
# What the test saw: the failure lines of its package, without go test's
# framing, or the compiler's errors, or a time-out.
awk -v p="$MOD/$show" '
	/^(ok|FAIL)[ \t]/ { if (index($0, p)) { for (i = 0; i < n; i++) print buf[i]; exit } n = 0; next }
	{ buf[n++] = $0 }' "$T/out" >"$T/one"
if grep -q '^panic: test timed out' "$T/one"; then
	echo "  $(gettext "The test did not finish in 30s: a call waits forever. Did the fix make")"
	echo "  $(gettext "the caller wait for a goroutine that never ends? (-v shows every stack)")"
elif [ "$(status "$show")" = BUILD ]; then
	echo "  $(gettext "It does not build:")"
	# go test prints build errors first, under "# PACKAGE [PACKAGE.test]".
	awk -v p="$MOD/$show" '/^# / { on = ($2 == p); next } /^(ok|FAIL|---|===)/ { on = 0 } on' "$T/out" |
		head -n 10 | sed 's/^/    /'
elif [ "$(status "$show")" = ok ]; then
	echo "  $(gettext "This one passes: nothing is left behind.")"
else
	grep -v -e '^--- FAIL' -e '^FAIL' -e '^=== ' -e '^PASS' "$T/one" | sed 's/^    //' | head -n 12 | sed 's/^/  /'
fi

if [ "$verbose" = 1 ]; then
	echo
	echo "---- go test -v ./exercises/$show"
	(cd go-example && env $GOENV "$GO" test -count=1 -timeout 30s -v "./exercises/$show")
fi

# The exit status: with EXERCISE, that exercise's own result; without,
# 0 only when every exercise passes (then nothing is shown: see above).
[ "$(status "$show")" = ok ] && exit 0
# The hints in the reader's language: README.pt-BR.md ("Dica N") beside
# README.md ("Hint N") when the messages are Portuguese.
readme=$EX_DIR/$show/README.md word=Hint
lang=$(i18n_lang)
if [ "$lang" != en ] && [ -f "$EX_DIR/$show/README.$lang.md" ]; then
	# TRANSLATORS: the word before a hint's number in README.<tag>.md's
	# "<summary>Hint 1: ...</summary>" (pt-BR: Dica).
	readme=$EX_DIR/$show/README.$lang.md word=$(gettext "Hint")
fi
echo
if awk -v n="$hint" -v w="$word" '
	$0 ~ "<summary>" w " " n "[:<]" { on = 1; next }
	on && /<\/details>/ { exit }
	on && NF { print "  " $0 }' "$readme" >"$T/hint" && [ -s "$T/hint" ]; then
	echo "$(eval_gettext 'Hint $hint:')"
	cat "$T/hint"
else
	echo "$(eval_gettext 'There is no hint $hint for $show.')"
fi
echo
if grep -q "<summary>$word $((hint + 1))[:<]" "$readme"; then
	nexthint=$((hint + 1)) short=${show%%-*}
	echo "$(eval_gettext 'More in $readme. Next hint: sh scripts/exercises.sh -n $nexthint $short')"
else
	echo "$(eval_gettext 'More in $readme (that was the last hint).')"
fi
short=${show%%-*}
[ "$verbose" = 1 ] || echo "$(eval_gettext 'Every line of the test: sh scripts/exercises.sh -v $short')"
exit 1
