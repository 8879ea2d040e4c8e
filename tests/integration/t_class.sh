#!/bin/sh
# t_class.sh - leaklab class on a folder of several students' real runs
# (names with accents, CJK and markup), a damaged one, an older one and a
# partial copy: index.html (escaped, nothing remote, each lab, the reasons),
# class.tsv, class.pdf a page a lab, the errors; in a real browser, with a
# 1366x768 screenshot kept in build/integration/screenshots/ for a person.
. "$(dirname "$0")/lib.sh"
SHOTS=$TOP/build/integration/screenshots
mkdir -p "$SHOTS"

H=$T/handed-in
# student NAME DIR LAB: a short real run by NAME into H/DIR/out/.
student() {
	mkdir -p "$H/$2/out"
	LEAKLAB_STUDENT=$1 "$LEAKLAB" run "lab/$3.lab" --set 'rate=10/s for 1s' --set schedtrace=200 \
		--set probe_every=200ms --no-plot --quiet -o "$H/$2/out/$3-20261204-1200$4" >"$T/run.out" 2>&1 ||
		fail "the run of $1 failed: $(tail -3 "$T/run.out")"
}
cd "$TOP"
student 'Zé Conceição' ze 01-cpu-leak 00
student '李小龙' li 01-cpu-leak 00
student '<b>Zé</b>' markup 01-cpu-leak 00
student 'Zé Conceição' ze 03-blocked-leak 00

# An older run of Zé's (it must not count), a damaged copy, a run of an
# older leaklab (summary.json without today's keys), a partial copy.
cp -r "$H/ze/out/01-cpu-leak-20261204-120000" "$H/ze/out/01-cpu-leak-20261204-110000"
sed -i 's/^start_time: .*/start_time: 2026-12-01T09:00:00+0000/' "$H/ze/out/01-cpu-leak-20261204-110000/meta.txt"
mkdir -p "$H/damaged/out" "$H/old/out" "$H/partial/out"
cp -r "$H/li/out/01-cpu-leak-20261204-120000" "$H/damaged/out/01-cpu-leak-20261204-130000"
sed -i 's/^student: .*/student: Dana Damaged/' "$H/damaged/out/01-cpu-leak-20261204-130000/meta.txt"
head -c 300 "$H/li/out/01-cpu-leak-20261204-120000/summary.json" >"$H/damaged/out/01-cpu-leak-20261204-130000/summary.json"
cp -r "$H/li/out/01-cpu-leak-20261204-120000" "$H/old/out/01-cpu-leak-20261204-130000"
sed -i 's/^student: .*/student: Olga Old/; s/^leaklab_version: .*/leaklab_version: 0.0.9/' "$H/old/out/01-cpu-leak-20261204-130000/meta.txt"
grep -v '"expected\|"student\|"probe_p99_ms\|"ended' "$H/li/out/01-cpu-leak-20261204-120000/summary.json" \
	>"$H/old/out/01-cpu-leak-20261204-130000/summary.json"
mkdir -p "$H/partial/out/01-cpu-leak-20261204-140000"
cp "$H/li/out/01-cpu-leak-20261204-120000/meta.txt" "$H/partial/out/01-cpu-leak-20261204-140000/"
# A loop of links must not be followed forever.
ln -s .. "$H/ze/out/loop"
printf 'time\tstudent\texercise\tstate\n2026-12-04T12:00:00Z\tZé Conceição\t01-x\tfixed\n2026-12-04T12:00:00Z\tZé Conceição\t02-y\tnot fixed\n' \
	>"$H/ze/out/exercises.tsv"

O=$T/class
"$LEAKLAB" class "$H" -o "$O" >"$T/class.out" 2>&1 || fail "leaklab class failed: $(cat "$T/class.out")"
check "it says what it found" grep -q 'runs 8, students 5, labs 2, unreadable 2' "$T/class.out"
check "index.html, class.tsv, class.pdf and class.gp" test -s "$O/index.html" -a -s "$O/class.tsv" -a -s "$O/class.pdf" -a -s "$O/class.gp"
check "no chart left behind (inlined)" test ! -e "$O/.charts"

I=$O/index.html
check "the markup name is text" grep -q '&lt;b&gt;Zé&lt;/b&gt;' "$I"
check "and never markup" sh -c "! grep -q '<b>Zé</b>' '$I'"
check "the CJK name is there" grep -q '李小龙' "$I"
check "nothing remote: no URL" sh -c "! grep -Eq '(src|href)=\"[a-z]+:' '$I'"
check "a Content-Security-Policy that forbids every request" grep -q "default-src 'none'" "$I"
check "a table of each lab" [ "$(grep -c '<table class="runs">' "$I")" -eq 2 ]
check "a chart of each lab" [ "$(grep -c '<svg' "$I")" -eq 2 ]
check "the damaged run's reason" grep -q 'summary.json is damaged: line' "$I"
check "the older leaklab's reason" grep -q "an older leaklab (0.0.9): summary.json lacks 4 of today&#39;s keys" "$I"
check "the partial copy's reason" grep -q 'no summary.json (a run that never ended, or a partial copy)' "$I"
check "the class's min, median and max" grep -q 'class median</td>' "$I"
check "the exercises handed in" grep -q '1 of 2' "$I"

V=$O/class.tsv
check "class.tsv's header from the class_cols table" \
	sh -c "head -1 '$V' | grep -q '^student	folder	lab	dir	latest	verdict	expected	met	go_version	gomaxprocs	leaklab_version	state	leaks_per_request	slope_per_s	r2	time_slice_ms	probe_p99_ms	samples	reasons\$'"
check "a row a run" [ "$(wc -l <"$V")" -eq 9 ]
check "the same number of fields in every row" [ "$(awk -F'\t' '{ print NF }' "$V" | sort -u | wc -l)" -eq 1 ]
check "Zé's latest run of lab 01 counts, the older one is listed" \
	[ "$(awk -F'\t' '$1 == "Zé Conceição" && $3 == "01-cpu-leak" { print $5 }' "$V" | tr '\n' ' ')" = "yes no " ]
check "the markup name as it is, in TSV" grep -q '^<b>Zé</b>	' "$V"
check "numbers with a point" awk -F'\t' '$1 == "李小龙" && $5 == "yes" { exit !($13 ~ /^[0-9]+\.[0-9][0-9]$/) }' "$V"
check "the damaged one unreadable" awk -F'\t' '$1 == "Dana Damaged" { found = $12 == "unreadable" } END { exit !found }' "$V"

if command -v pdfinfo >/dev/null; then
	check "class.pdf: a page a lab" [ "$(pdfinfo "$O/class.pdf" | awk '/^Pages:/ { print $2 }')" -eq 2 ]
else
	check "class.pdf: a page a lab" [ "$(grep -ac '/Type /Page$\|/Type /Page[^s]' "$O/class.pdf")" -eq 2 ]
fi

# The same in Portuguese: the page's words translated, class.tsv the same.
LC_ALL= LANG=C.UTF-8 LANGUAGE=pt_BR "$LEAKLAB" class -q "$H" -o "$T/pt" 2>"$T/pt.err" || fail "in Portuguese: $(cat "$T/pt.err")"
check "pt-BR: the page in Portuguese" grep -q 'lang="pt-BR"' "$T/pt/index.html"
check "pt-BR: class.tsv stays English, byte for byte" cmp -s "$V" "$T/pt/class.tsv"

# Errors: exit 2 and a sentence.
set +e
"$LEAKLAB" class "$T/nowhere" -o "$T/x" 2>"$T/err"; rc=$?
set -e
check "a path that is not there: exit 2" [ "$rc" -eq 2 ]
check "naming it" grep -q "leaklab: class: cannot read '$T/nowhere'" "$T/err"
mkdir -p "$T/empty"
set +e
"$LEAKLAB" class "$T/empty" -o "$T/x" 2>"$T/err"; rc=$?
"$LEAKLAB" class 2>"$T/err2"; rc2=$?
set -e
check "no run found: exit 2" [ "$rc" -eq 2 ]
check "said so" grep -q 'no run directory below' "$T/err"
check "no path: exit 2 with an example" sh -c "[ $rc2 -eq 2 ] && grep -q 'leaklab class handed-in/' '$T/err2'"
check "--help on stdout, exit 0" sh -c "'$LEAKLAB' class --help | grep -q 'usage: leaklab class PATH'"
check "leaklab --help lists it" sh -c "'$LEAKLAB' --help | grep -q '^  class '"

# Ctrl-C while gnuplot draws: exit 130, said, the page still written (no
# charts), gnuplot gone. The class's gnuplot takes about 0.1 s here, too
# short to catch, so this gnuplot is a slow machine's: it says its pid,
# then takes its time (any other call goes to the real one).
W=$T/slow
mkdir -p "$W"
{
	echo '#!/bin/sh'
	echo "[ \"\$1\" = -e ] || exec '$(command -v gnuplot)' \"\$@\""
	echo "echo \$\$ >'$T/drawing.tmp' && mv '$T/drawing.tmp' '$T/drawing'"
	echo 'exec sleep 60'
} >"$W/gnuplot"
chmod +x "$W/gnuplot"
PATH="$W:$PATH" "$LEAKLAB" class "$H" -o "$T/cut" -q >/dev/null 2>"$T/cut.err" &
L=$!
PIDS="$PIDS $L"
n=0
until [ -s "$T/drawing" ]; do
	n=$((n + 1)); [ $n -lt 1500 ] || fail "gnuplot never ran: $(cat "$T/cut.err")"; sleep 0.02
done
g=$(cat "$T/drawing")
PIDS="$PIDS $g"
kill -INT $L
set +e; wait $L; rc=$?; set -e
check "Ctrl-C while the class's charts are drawn: exit 130 (got $rc)" [ "$rc" -eq 130 ]
check "Ctrl-C while drawn: says so" grep -q 'interrupted by .* while drawing' "$T/cut.err"
check "Ctrl-C while drawn: the page is still written" grep -q 'Zé Conceição' "$T/cut/index.html"
check "Ctrl-C while drawn: gnuplot is gone" no_process "$g"

# In a real browser.
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then
	skip "no Chromium here (make deps installs it): the class page is not checked in a browser"
	exit 0
fi
browse "$I" "$SHOTS/class.png"
check "no console message (errors, refused requests)" sh -c "! grep -q 'CONSOLE' '$T/browser.log'"
check "the DOM has both charts" [ "$(grep -o '<svg' "$T/dom.html" | wc -l)" -eq 2 ]
check "the markup name is text in the DOM too" grep -q '&lt;b&gt;Zé&lt;/b&gt;' "$T/dom.html"
check "a screenshot for a person ($SHOTS/class.png)" test -s "$SHOTS/class.png"
