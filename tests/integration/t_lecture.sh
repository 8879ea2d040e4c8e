# make lecture's script, every lab shortened: the charts, the comparisons,
# one multi-page lecture.pdf and the index.
. "$(dirname "$0")/lib.sh"
cd "$TOP"

# Short runs, sampled four times a second: the end of a run waits two
# intervals for its last samples.
LECTURE_OUT=$T/lecture LECTURE_SET='rate=4/s for 2s
schedtrace=250' sh scripts/lecture.sh 2>"$T/lecture.err" ||
	{ cat "$T/lecture.err"; fail "lecture.sh"; }
# Hunts (verdict = hidden) are not for the slides.
for lab in $(grep -L '^verdict *= *hidden' lab/[0-9][0-9]-*.lab); do
	name=$(basename "$lab" .lab)
	for chart in $("$LEAKLAB" plot --list | cut -f1); do
		check "$name-$chart.pdf and .svg" sh -c "test -s '$T/lecture/$name-$chart.pdf' && test -s '$T/lecture/$name-$chart.svg'"
	done
	check "index.md has $name" grep -q "^## $name: " "$T/lecture/index.md"
done
check "the comparisons" test -s "$T/lecture/compare-01-cpu-leak-vs-04-fixed.pdf"
check "lecture.pdf is a PDF" sh -c "head -c 5 '$T/lecture/lecture.pdf' | grep -q '%PDF-'"
# Three pages per lab (queue, leak, dashboard) and one per comparison.
pages=$(grep -ac '/Type /Page$\|/Type /Page[^s]' "$T/lecture/lecture.pdf" || true)
labs=$(grep -L '^verdict *= *hidden' lab/[0-9][0-9]-*.lab | wc -l)
check "lecture.pdf has $((labs * 3 + 3)) pages (found $pages)" [ "$pages" -eq $((labs * 3 + 3)) ]
