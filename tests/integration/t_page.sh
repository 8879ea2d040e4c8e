# report.html: every run writes one self-contained page (and leaklab plot
# again): the verdict and its evidence, every chart inline, nothing
# remote; what a student typed is text; a long run stays small. In
# headless Chromium: no console error, no request refused by the page's
# policy, the charts rendered; a 1366x768 screenshot is kept in
# build/integration/screenshots/ for a person to look at.
. "$(dirname "$0")/lib.sh"
cd "$TOP"
SHOTS=$TOP/build/integration/screenshots
mkdir -p "$SHOTS"
NAME='<b>Zé</b> & "Ana" 学生'
LEAKLAB_STUDENT=$NAME "$LEAKLAB" run lab/03-blocked-leak.lab -o "$T/run" -q --set 'rate=4/s for 3s, pause 3s' \
	--set schedtrace=250 --set "title=Blocked <leak> & \"friends\" it's" >/dev/null 2>"$T/run.err" ||
	fail "run: $(cat "$T/run.err")"
P=$T/run/report.html
check "the run wrote report.html" test -s "$P"
check "it is one page" grep -q '^</html>$' "$P"
check "the verdict" grep -q '<div class="verdict v-blocked"><div class="word">blocked leak</div>' "$P"
check "its proof" grep -q '<b>Proof:</b> ' "$P"
check "every chart inline (5 SVGs, no dashboard)" [ "$(grep -c '<svg' "$P")" -eq 5 ]
check "the queue chart first, above the others" sh -c "grep -n 'id=\"chart-' '$P' | head -1 | grep -q chart-queue"
check "gnuplot's script once, the others emptied" [ "$(grep -c 'gnuplot_svg = function' "$P")" -eq 1 ]
check "the page's own svgs are gone from charts/" sh -c "! ls '$T/run/charts/' | grep -q page"
check "the PNGs are still there" test -s "$T/run/charts/queue.png"
check "requests by target and outcome" grep -q '<h2>Requests by target and outcome</h2>' "$P"
check "the grown goroutines' sites" grep -q 'main.leakChan.func1' "$P"
check "links to the run's files" grep -q '<a href="trace.tsv">trace.tsv</a>' "$P"
check "and to the worksheet" grep -q 'worksheets/en/03-blocked-leak.md' "$P"
# Nothing remote, nothing the page would fetch.
check "no remote reference" sh -c "! grep -Eiq '(src|href)=\"(https?:)?//|@import|url\\((https?:)?//|<link ' '$P'"
check "a policy that forbids every request" grep -q "default-src 'none'" "$P"
# What a student typed is text.
check "the name escaped" grep -q '&lt;b&gt;Zé&lt;/b&gt; &amp; &quot;Ana&quot; 学生' "$P"
check "never as markup" sh -c "! grep -q '<b>Zé</b>' '$P'"
check "the title escaped" grep -q '<h1>Blocked &lt;leak&gt; &amp; &quot;friends&quot; it&#39;s</h1>' "$P"
check "the charts' titles escaped in SVG text" sh -c "! grep -q 'Blocked <leak>' '$P'"
check "the charts' titles whole (quotes kept through gnuplot)" grep -q "Blocked &lt;leak> &amp; \"friends\" it's: goroutines waiting" "$P"
# plot writes it again.
rm "$P"
"$LEAKLAB" plot "$T/run" >/dev/null 2>&1 || fail "plot"
check "leaklab plot writes it again" test -s "$P"

# A hunt keeps its answer back on the page too.
"$LEAKLAB" run lab/04-fixed.lab -o "$T/hidden" -q --set 'rate=4/s for 2s' --set verdict=hidden >/dev/null 2>&1 ||
	fail "hidden run"
check "hidden: the verdict held back" grep -q '<div class="word">verdict hidden</div>' "$T/hidden/report.html"
check "hidden: no proof, no sites" sh -c "! grep -q 'Proof:\\|Where the grown goroutines are' '$T/hidden/report.html'"

# A 10-minute run sampled every 100 ms with 16 Ps and G states: the page
# draws every n-th row past 400 and stays under 1.5 MB; the tables keep all.
L=$T/long
mkdir -p "$L"
cp "$T/run/meta.txt" "$L/meta.txt"
sed -i 's/^samples: .*/samples: 6000/; s/^schedule_ms: .*/schedule_ms: 600000/' "$L/meta.txt"
awk 'BEGIN {
	OFS = "\t"; srand(7)
	printf "t_ms\tuptime_ms\tgomaxprocs\tidleprocs\tthreads\tspinningthreads\tneedspinning\tidlethreads\trunqueue\tlocal_sum\tqueued\tg_runnable\tg_running\tg_syscall\tg_waiting\tg_leaked"
	for (p = 0; p < 16; p++) printf "\tp%d", p
	for (p = 0; p < 16; p++) printf "\ttick%d", p
	print ""
	for (i = 0; i < 6000; i++) {
		q = int(i / 6) + int(rand() * 7)
		printf "%.3f\t%d\t16\t0\t20\t0\t0\t1\t%d\t%d\t%d\t%d\t16\t0\t%d\t0", i * 100 + 5, i * 100, int(q / 3), q - int(q / 3), q, q, int(i / 10)
		for (p = 0; p < 16; p++) printf "\t%d", int((q - int(q / 3)) / 16) + int(rand() * 3)
		for (p = 0; p < 16; p++) printf "\t%d", i * 5
		print ""
	}
}' >"$L/trace.tsv"
awk 'BEGIN { print "seq\tt_sched_ms\tt_start_ms\tt_end_ms\tlatency_ms\tservice_ms\tstatus\toutcome\ttarget\terror"
	for (i = 0; i < 12000; i++) printf "%d\t%.3f\t%.3f\t%.3f\t1.000\t1.000\t200\tok\tGET /leak/chan\t-\n", i, 1000 + i * 50, 1000 + i * 50, 1001 + i * 50 }' >"$L/requests.tsv"
awk 'BEGIN { print "t_ms\ttotal\tidle_conns"; for (i = 0; i < 600; i++) printf "%.3f\t%d\t1\n", i * 1000 + 5, 5 + i * 20 }' >"$L/goroutines.tsv"
awk 'BEGIN { srand(3); print "t_ms\tlatency_ms\tstatus"; for (i = 0; i < 1200; i++) printf "%.3f\t%.3f\t200\n", i * 500, rand() * 50 }' >"$L/probe.tsv"
"$LEAKLAB" plot "$L" >/dev/null 2>"$T/long.err" || fail "plot the long run: $(cat "$T/long.err")"
size=$(wc -c <"$L/report.html")
check "a 10-minute run's page under 1.5 MB (got $size bytes)" [ "$size" -lt 1572864 ]
check "its tables keep every row" [ "$(wc -l <"$L/trace.tsv")" -eq 6001 ]

# In a real browser.
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then
	skip "no Chromium here (make deps installs it): the pages are not checked in a browser"
	exit 0
fi
for page in run long; do
	browse "$T/$page/report.html" "$SHOTS/report-$page.png"
	check "$page: no console message (errors, refused requests)" sh -c "! grep -q 'CONSOLE' '$T/browser.log'"
	check "$page: the DOM has the verdict" grep -q 'class="verdict' "$T/dom.html"
	check "$page: and its five charts" [ "$(grep -o '<svg' "$T/dom.html" | wc -l)" -eq 5 ]
	check "$page: gnuplot's script ran (it takes the inline handlers off)" \
		[ "$(grep -o 'onmousemove="gnuplot_svg' "$T/dom.html" | wc -l)" -lt "$(grep -o 'onmousemove="gnuplot_svg' "$T/$page/report.html" | wc -l)" ]
	check "$page: a screenshot for a person ($SHOTS/report-$page.png)" test -s "$SHOTS/report-$page.png"
done
