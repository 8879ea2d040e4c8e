# Every failure says what happened and exits right: bad -o, a reused -o, a
# program killed mid-run, a SIGKILLed run reported again, charts cut
# short, Ctrl-C while drawing, a title that is not UTF-8, messages for bad
# input. (The duration cap over a stopped program: t_cap.)
# tags: portable
. "$(dirname "$0")/lib.sh"
cd "$TOP"
short="rate=5/s for 2s"

# An empty -o is no directory: exit 2, nothing written where it runs.
mkdir "$T/cwd"
set +e
(cd "$T/cwd" && LEAKLAB_SERVER=$TOP/build/leakserver exec "$LEAKLAB" run "$TOP/lab/01-cpu-leak.lab" --set "$short" -o '' -q >/dev/null 2>"$T/e"); rc=$?
set -e
check "-o '': exit 2" [ $rc -eq 2 ]
check "-o '': says so" grep -q "an empty name is no directory" "$T/e"
check "-o '': nothing written where it ran" [ -z "$(ls -A "$T/cwd")" ]

# A directory of other files is refused; a previous run's files go.
mkdir -p "$T/mine"
echo "my notes" >"$T/mine/notes.txt"
set +e
"$LEAKLAB" run --set "$short" -o "$T/mine" -q >/dev/null 2>"$T/e"; rc=$?
set -e
check "-o a directory of other files: exit 2" [ $rc -eq 2 ]
check "-o a directory of other files: left as it was" [ "$(ls "$T/mine")" = notes.txt ]
"$LEAKLAB" run lab/03-blocked-leak.lab --set "$short" -o "$T/again" -q >/dev/null 2>&1 || fail "first run"
check "first run (scheddetail) has waits rows" [ "$(wc -l <"$T/again/waits.tsv")" -gt 1 ]
touch "$T/again/charts/old-chart.png"
"$LEAKLAB" run lab/01-cpu-leak.lab --set "$short" -o "$T/again" -q --no-plot >/dev/null 2>&1 || fail "second run"
check "reused -o: the previous run's charts are gone" test ! -e "$T/again/charts/old-chart.png"
check "reused -o: waits.tsv is this run's (no detail rows)" [ "$(wc -l <"$T/again/waits.tsv")" -le 1 ]
check "reused -o: it is lab 01 now" grep -q '"lab": "01-cpu-leak"' "$T/again/summary.json"

# Bad input: clear words, exit 2.
printf '' >"$T/empty.lab"
set +e
"$LEAKLAB" run -o 2>"$T/e1"; r1=$?
"$LEAKLAB" run "$T/empty.lab" -q 2>"$T/e2"; r2=$?
"$LEAKLAB" run --set 'rate=0/s for 1s' -q 2>"$T/e3"; r3=$?
"$LEAKLAB" run --set 'rate=1e9/s for 1s' -q 2>"$T/e4"; r4=$?
"$LEAKLAB" run --bogus 2>"$T/e5"; r5=$?
set -e
check "-o without its argument: exit 2, says so" sh -c "[ $r1 -eq 2 ] && grep -q \"'-o' needs an argument\" '$T/e1'"
check "an empty lab file: exit 2, says so" sh -c "[ $r2 -eq 2 ] && grep -q 'the lab sets no key' '$T/e2'"
check "rate 0/s: exit 2, says so" sh -c "[ $r3 -eq 2 ] && grep -q 'a rate of 0 sends nothing' '$T/e3'"
check "rate 1e9/s: exit 2, says why" sh -c "[ $r4 -eq 2 ] && grep -q 'without an exponent' '$T/e4'"
check "unknown option: exit 2" sh -c "[ $r5 -eq 2 ] && grep -q \"unknown option '--bogus'\" '$T/e5'"

# The program killed mid-run: partial, exit 1, and why, in summary and meta.
"$LEAKLAB" run lab/01-cpu-leak.lab --set 'rate=5/s for 20s' -o "$T/killed" -q >/dev/null 2>"$T/killed.err" &
L=$!
PIDS="$PIDS $L"
n=0
until grep -q '^program_pid: [0-9]' "$T/killed/meta.txt" 2>/dev/null && grep -q '^SCHED' "$T/killed/raw-stderr.log"; do
	n=$((n + 1)); [ $n -lt 200 ] || fail "the run never started"; sleep 0.05
done
kill -9 "$(sed -n 's/^program_pid: //p' "$T/killed/meta.txt")"
set +e; wait $L; rc=$?; set -e
check "program killed: exit 1" [ $rc -eq 1 ]
check "program killed: summary partial" grep -q '"partial": true' "$T/killed/summary.json"
check "program killed: summary says how" grep -q '"ended": "the program was killed by signal 9' "$T/killed/summary.json"
check "program killed: meta says how" grep -q '^ended: the program was killed by signal 9' "$T/killed/meta.txt"
check "program killed: the message says why" grep -q 'the run is partial: the program was killed' "$T/killed.err"

# A SIGKILLed run can still be reported and plotted: meta.txt is written
# at the start.
"$LEAKLAB" run lab/01-cpu-leak.lab --set 'rate=5/s for 20s' -o "$T/sigkill" -q >/dev/null 2>&1 &
L=$!
PIDS="$PIDS $L"
n=0
until [ "$(tsv_col "$T/sigkill/trace.tsv" t_ms 2>/dev/null | wc -l)" -ge 3 ]; do
	n=$((n + 1)); [ $n -lt 200 ] || fail "no rows"; sleep 0.05
done
kill -9 $L
wait $L 2>/dev/null || true
check "SIGKILLed run: report works" sh -c "\"$LEAKLAB\" report \"$T/sigkill\" >/dev/null"
check "SIGKILLed run: marked partial, killed" grep -q '"ended": "killed before it ended' "$T/sigkill/summary.json"
check "SIGKILLed run: plot works" "$LEAKLAB" plot "$T/sigkill"
check "SIGKILLed run: a chart" test -s "$T/sigkill/charts/queue.png"

# A chart cut short (a file size limit, as a full disk would) is an error
# naming the chart, exit 1.
set +e
(ulimit -f 24; exec "$LEAKLAB" plot "$T/sigkill" --fresh 2>"$T/e6"); rc=$?
set -e
check "chart cut short: exit 1" [ $rc -eq 1 ]
check "chart cut short: names it" grep -q "charts/.*\.png' is cut short" "$T/e6"

# A title that is not UTF-8: summary.json stays valid UTF-8 JSON.
printf 'title = caf\351 \342\200\224 ok\n' >"$T/latin1.lab"
cat lab/01-cpu-leak.lab | grep -v '^title' >>"$T/latin1.lab"
"$LEAKLAB" run "$T/latin1.lab" --set "$short" --no-plot -o "$T/latin1" -q >/dev/null 2>&1 || fail "latin1 run"
check "non-UTF-8 title: replaced in summary.json" grep -q "caf$(printf '\357\277\275') $(printf '\342\200\224') ok" "$T/latin1/summary.json"
if command -v python3 >/dev/null; then
	check "non-UTF-8 title: summary.json parses as JSON" python3 -c "import json,sys; json.load(open(sys.argv[1], encoding='utf-8'))" "$T/latin1/summary.json"
else
	skip "no python3 to parse summary.json as JSON"
fi

# Ctrl-C while gnuplot draws: the drawing ends cleanly, the summary says
# partial and why, exit 130.
"$LEAKLAB" run lab/01-cpu-leak.lab --set 'rate=5/s for 1s' --format png,svg,pdf -o "$T/draw" -q \
	>/dev/null 2>"$T/draw.err" &
L=$!
PIDS="$PIDS $L"
n=0
while :; do
	g=""
	for c in $(cat /proc/$L/task/*/children 2>/dev/null); do
		[ "$(cat /proc/$c/comm 2>/dev/null)" = gnuplot ] && g=$c
	done
	[ -z "$g" ] || break
	n=$((n + 1)); [ $n -lt 600 ] || fail "gnuplot never ran"; sleep 0.02
done
kill -INT $L
set +e; wait $L; rc=$?; set -e
check "Ctrl-C while drawing: exit 130" [ $rc -eq 130 ]
check "Ctrl-C while drawing: says what happened" grep -q 'while drawing the charts: they are incomplete' "$T/draw.err"
check "Ctrl-C while drawing: summary partial" grep -q '"partial": true' "$T/draw/summary.json"
check "Ctrl-C while drawing: gnuplot is gone" no_process "$g"
