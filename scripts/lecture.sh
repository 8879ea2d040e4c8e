#!/bin/sh
# lecture.sh - run every lab and write slide-ready charts to out/lecture/:
# PDF and SVG charts (16:9, large type), comparisons, one multi-page PDF in
# lab order (lecture.pdf) and an index (index.md) with each chart's caption.
set -eu
cd "$(dirname "$0")/.."
. scripts/i18n.sh
LEAKLAB=${LEAKLAB:-build/leaklab}
L=${LECTURE_OUT:-out/lecture}   # where everything goes
SET=${LECTURE_SET:-}        # e.g. LECTURE_SET="rate=2/s for 3s" for a quick dry run (one --set a line)
mkdir -p "$L/runs"
L=$(cd "$L" && pwd)
# The charts, and what each draws: leaklab's own list.
charts=$("$LEAKLAB" plot --list | cut -f1)

# A hunt's answer is not for the slides (its summary holds it back anyway).
labs=$(grep -L '^verdict *= *hidden' lab/[0-9][0-9]-*.lab)
n=$(echo "$labs" | wc -l)
i=0
for lab in $labs; do
	i=$((i + 1))
	name=$(basename "$lab" .lab)
	echo "$(eval_gettext 'lecture: [$i/$n] $name')" >&2
	rm -rf "$L/runs/$name"
	# Each line of SET is one --set.
	printf '%s\n' "$SET" | { set --; while IFS= read -r kv; do [ -z "$kv" ] || set -- "$@" --set "$kv"; done
		"$LEAKLAB" run "$lab" -o "$L/runs/$name" --format pdf,svg --quiet "$@" >/dev/null; }
	for chart in $charts; do
		cp "$L/runs/$name/charts/$chart.pdf" "$L/$name-$chart.pdf"
		cp "$L/runs/$name/charts/$chart.svg" "$L/$name-$chart.svg"
	done
done

# Side by side: a leak and its fix, a runnable and a blocked leak, 1 P and 4.
compare() { # compare A B TITLE
	[ -d "$L/runs/$1" ] && [ -d "$L/runs/$2" ] || return 0
	"$LEAKLAB" compare "$L/runs/$1" "$L/runs/$2" -o "$L/compare-$1-vs-$2" --format pdf,svg --title "$3" 2>/dev/null
	cp "$L/compare-$1-vs-$2/compare.pdf" "$L/compare-$1-vs-$2.pdf"
	cp "$L/compare-$1-vs-$2/compare.svg" "$L/compare-$1-vs-$2.svg"
}
compare 01-cpu-leak 04-fixed "$(gettext "A leak and its fix: /leak vs /fixed at the same rate")"
compare 01-cpu-leak 03-blocked-leak "$(gettext "Runnable vs blocked: only one of them shows in the run queues")"
compare 01-cpu-leak 02-more-procs "$(gettext "One P or four: the same leak, about leaked - P in the queues")"

# One PDF, lab order: each lab's queue and leak charts and its dashboard, then the comparisons.
deck=$L/deck.gp
{
	echo "# deck.gp - every lab's queue and leak charts and dashboard in one PDF (made by lecture.sh)"
	echo "set terminal pdfcairo size 13.333in,7.5in noenhanced font 'DejaVu Sans,14' fontscale 1 linewidth 2"
	# Absolute: pdfcairo opens the file at the first plot, after the cd below.
	echo "set output '$L/lecture.pdf'"
	echo "fmt = 'deck'"
	for lab in $labs; do
		name=$(basename "$lab" .lab)
		echo "cd 'runs/$name'; load 'plot.gp'; cd '../..'"
	done
	for c in "$L"/compare-*-vs-*/; do
		[ -d "$c" ] || continue
		echo "cd '$(basename "$c")'; fmt = 'deck'; load 'compare.gp'; cd '..'"
	done
	echo "set output"
} >"$deck"
(cd "$L" && gnuplot deck.gp)
[ -s "$L/lecture.pdf" ] || { echo "$(gettext "lecture: gnuplot wrote no lecture.pdf")" >&2; exit 1; }

# json FILE KEY: a string or number of summary.json (one key a line, as
# leaklab writes it), without needing jq.
json() {
	sed -n "s/^  \"$2\": \"\{0,1\}\(.*[^\",]\)\"\{0,1\},\{0,1\}\$/\1/p" "$1" | sed 's/\\"/"/g'
}

# The index: each chart with its caption, from the lab and its summary.
{
	echo "# $(gettext "leaklab lecture charts")"
	echo
	when=$(date '+%Y-%m-%d %H:%M') version=$("$LEAKLAB" --version)
	gover=$(sed -n 's/^go_version: //p' "$L/runs/$(basename "$(echo "$labs" | head -n 1)" .lab)/meta.txt")
	echo "$(eval_gettext 'Made by `make lecture` on $when with $version, $gover.')"
	echo "$(gettext "\`lecture.pdf\` has every lab's queue and leak charts and its dashboard, in lab order, then the comparisons.")"
	echo "$(gettext "Each chart is here as PDF and SVG (16:9).")"
	echo
	for lab in $labs; do
		name=$(basename "$lab" .lab)
		s=$L/runs/$name/summary.json
		title=$(json "$s" title)
		verdict=$(json "$s" verdict)
		why=$(json "$s" why)
		echo "## $name: $title"
		echo
		echo "$(eval_gettext 'Verdict: **$verdict**. $why')"
		echo
		"$LEAKLAB" plot --list | while IFS=$(printf '\t') read -r chart what; do
			echo "- \`$name-$chart.pdf\`: $what."
		done
		echo
	done
	echo "## $(gettext "Comparisons")"
	echo
	for c in "$L"/compare-*-vs-*.pdf; do
		[ -f "$c" ] || continue
		echo "- \`$(basename "$c")\`: $(sed -n "s/^set title '\(.*\)'/\1/p" "${c%.pdf}/compare.gp")"
	done
} >"$L/index.md"
echo "$(eval_gettext 'lecture: charts, lecture.pdf and index.md in $L/')" >&2
