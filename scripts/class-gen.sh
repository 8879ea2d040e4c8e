#!/bin/sh
# class-gen.sh - a synthetic class from real run directories, for the class
# view's bench: N students, each with a copy of every given run in
# OUT/student-NNN/out/, its student renamed in meta.txt and summary.json
# and its queued and goroutine counts scaled a little (0.9 to 1.1), so the
# class's curves differ as real ones do.
#
#   sh scripts/class-gen.sh OUT N RUN_DIR...
set -eu

prog=class-gen
[ $# -ge 3 ] || { echo "usage: $prog OUT N RUN_DIR..." >&2; exit 2; }
out=$1 n=$2
shift 2
case $n in ''|*[!0-9]*) echo "$prog: N must be a number, not '$n'" >&2; exit 2 ;; esac
for run; do
	[ -f "$run/summary.json" ] && [ -f "$run/meta.txt" ] ||
		{ echo "$prog: '$run' is not a run directory (no summary.json and meta.txt)" >&2; exit 2; }
done

i=1
while [ "$i" -le "$n" ]; do
	s=$(printf 'student-%03d' "$i")
	# A name with an accent, as a class has them.
	name="Aluna $i Conceição"
	# The scale of this student's counts: 0.90 .. 1.10.
	f=$(awk -v i="$i" 'BEGIN { srand(i); printf "%.3f", 0.9 + rand() * 0.2 }')
	for run; do
		base=$(basename "$(cd "$run" && pwd -P)")
		dst=$out/$s/out/$base
		mkdir -p "$dst"
		cp "$run/meta.txt" "$run/summary.json" "$dst/"
		[ -f "$run/probe.tsv" ] && cp "$run/probe.tsv" "$dst/"
		sed -i.bak "s/^student: .*/student: $name/" "$dst/meta.txt"
		grep -q '^student: ' "$dst/meta.txt" || printf 'student: %s\n' "$name" >>"$dst/meta.txt"
		sed -i.bak "s/\"student\": [^,]*,/\"student\": \"$name\",/" "$dst/summary.json"
		rm -f "$dst/meta.txt.bak" "$dst/summary.json.bak"
		for t in trace.tsv goroutines.tsv; do
			[ -f "$run/$t" ] || continue
			awk -F'\t' -v OFS='\t' -v f="$f" -v col="$([ $t = trace.tsv ] && echo queued || echo total)" '
				NR == 1 { for (k = 1; k <= NF; k++) if ($k == col) c = k; print; next }
				c && $c != "-" { $c = int($c * f + 0.5) } { print }' "$run/$t" >"$dst/$t"
		done
	done
	i=$((i + 1))
done
echo "$prog: $n students x $# runs in $out"
