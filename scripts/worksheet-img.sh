#!/bin/sh
# worksheet-img.sh - refresh worksheets/img/ (the PNG charts README.md and
# the worksheets show) from the runs of the last `make lecture`: each chart
# redrawn as PNG from the run's files by this leaklab (plot.gp written
# afresh), and the lecture's comparison of a leak and its fix.
# Usage: sh scripts/worksheet-img.sh (after make lecture).
set -eu
cd "$(dirname "$0")/.."
LEAKLAB=${LEAKLAB:-build/leaklab}
R=out/lecture/runs
IMG=worksheets/img
[ -d "$R" ] || { echo "worksheet-img: no $R; run 'make lecture' first" >&2; exit 2; }

# lab: the charts of it the worksheets show
charts() {
	case $1 in
	01-cpu-leak) echo "queue leak dashboard" ;;
	02-more-procs) echo "queue" ;;
	03-blocked-leak) echo "queue leak goroutines" ;;
	04-fixed) echo "queue" ;;
	05-latency) echo "queue latency" ;;
	06-burst) echo "queue threads" ;;
	07-mutex-leak) echo "goroutines" ;;
	08-leak-profile) echo "queue leak goroutines" ;;
	*) echo "" ;;
	esac
}

mkdir -p "$IMG"
n=0
for run in "$R"/*/; do
	name=$(basename "$run")
	list=$(charts "$name")
	[ -n "$list" ] || continue
	"$LEAKLAB" plot "$run" --format png --fresh >/dev/null
	for c in $list; do
		cp "$run/charts/$c.png" "$IMG/$name-$c.png"
		n=$((n + 1))
	done
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$LEAKLAB" compare "$R/01-cpu-leak" "$R/04-fixed" -o "$tmp/c" --format png \
	--title "A leak and its fix: /leak vs /fixed at the same rate" >/dev/null
cp "$tmp/c/compare.png" "$IMG/compare-01-vs-04.png"
n=$((n + 1))
echo "worksheet-img: $n charts in $IMG/" >&2
