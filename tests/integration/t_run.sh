# leaklab run end to end: real server, real libcurl, real gnuplot.
# tags: portable
. "$(dirname "$0")/lib.sh"
cd "$TOP"

# start_bg DIR: lab 01 for 30 s in the background into DIR; once its server
# traces, L is leaklab's pid and S every process below it (the shepherd
# and the server, whose pid meta.txt names).
start_bg() {
	"$LEAKLAB" run lab/01-cpu-leak.lab --set 'rate=5/s for 30s' -o "$1" -q >/dev/null 2>&1 &
	L=$!
	PIDS="$PIDS $L"
	n=0
	until grep -q '^SCHED' "$1/raw-stderr.log" 2>/dev/null && grep -q '^program_pid: [0-9]' "$1/meta.txt" &&
		[ "$(descendants $L | wc -l)" -ge 2 ]; do
		n=$((n + 1)); [ $n -lt 200 ] || fail "the run never started"; sleep 0.05
	done
	S=$(descendants $L)
	PIDS="$PIDS $S"
	case " $(echo $S) " in *" $(sed -n 's/^program_pid: //p' "$1/meta.txt") "*) ;;
	*) fail "the server (meta.txt's program_pid) is not below leaklab: $S" ;; esac
}

# Lab 01, short: a runnable leak and its charts.
"$LEAKLAB" run lab/01-cpu-leak.lab --set 'rate=5/s for 3s, pause 1s' -o "$T/r1" >"$T/r1.out" 2>"$T/r1.err" ||
	{ cat "$T/r1.err"; fail "run lab 01"; }
check "lab 01: verdict runnable leak" grep -q '"verdict": "runnable leak"' "$T/r1/summary.json"
check "lab 01: 15 requests sent" grep -q '"requests_sent": 15,' "$T/r1/summary.json"
check "lab 01: not partial" grep -q '"partial": false' "$T/r1/summary.json"
check "plot --list names the charts" [ "$("$LEAKLAB" plot --list | wc -l)" -ge 6 ]
for f in raw-stderr.log trace.tsv requests.tsv goroutines.tsv probe.tsv stacks.txt meta.txt \
	summary.txt summary.json plot.gp $("$LEAKLAB" plot --list | cut -f1 | sed 's|.*|charts/&.png|'); do
	check "lab 01: $f is there" test -s "$T/r1/$f"
done
check "lab 01: queue.png is a 1920x1080 PNG" \
	[ "$(od -An -tu1 -j16 -N8 "$T/r1/charts/queue.png" | tr -s ' ')" = " 0 0 7 128 0 0 4 56" ]
check "lab 01: raw-stderr.log holds every SCHED line trace.tsv has" \
	[ "$(grep -c '^SCHED' "$T/r1/raw-stderr.log")" -eq "$(($(wc -l <"$T/r1/trace.tsv") - 1))" ]
check "lab 01: the summary is printed" grep -q '^verdict: runnable leak' "$T/r1.out"
check "lab 01: the text chart is printed" grep -q 'time since the program started' "$T/r1.out"
check "lab 01: top stack names main.leakCPU" grep -q 'main.leakCPU' "$T/r1/summary.txt"
check "lab 01: meta has the lab as run" grep -q '^rate = 5/s for 3s, pause 1s$' "$T/r1/meta.txt"
check "lab 01: its server is gone" all_gone "$(sed -n 's/^program_pid: //p' "$T/r1/meta.txt")"

# report and plot work on the directory again.
check "report again" sh -c "'$LEAKLAB' report '$T/r1' | grep -q '^verdict: runnable leak'"
rm -f "$T/r1/charts/queue.png"
check "plot again (svg, pdf too)" "$LEAKLAB" plot "$T/r1" --format png,svg,pdf
check "plot again: queue.png back" test -s "$T/r1/charts/queue.png"
check "plot again: pdf" test -s "$T/r1/charts/dashboard.pdf"

# The blocked lab: run queues flat, goroutines up, pprof names the function.
"$LEAKLAB" run lab/03-blocked-leak.lab --set 'rate=10/s for 3s' -o "$T/r3" -q >/dev/null 2>"$T/r3.err" ||
	{ cat "$T/r3.err"; fail "run lab 03"; }
check "lab 03: verdict blocked leak" grep -q '"verdict": "blocked leak"' "$T/r3/summary.json"
check "lab 03: top stack main.leakChan" grep -q '"top_stack": "main.leakChan' "$T/r3/summary.json"
if grep -q '^go_version: .*goroutineleakprofile' "$T/r3/meta.txt"; then
	check "lab 03: goroutineleak.txt names main.leakChan" grep -q 'main.leakChan.func1' "$T/r3/goroutineleak.txt"
else
	skip "the server was built without the goroutineleak profile (Go < 1.26)"
fi

# SIGINT mid-run: partial summary, charts, exit 130, no server.
start_bg "$T/int"
# A few requests first: the partial summary then has data.
n=0
until [ "$(tsv_col "$T/int/requests.tsv" seq 2>/dev/null | wc -l)" -ge 3 ]; do
	n=$((n + 1)); [ $n -lt 200 ] || fail "no request was sent"; sleep 0.05
done
kill -INT $L
set +e; wait $L; rc=$?; set -e
check "SIGINT: exit 130" [ "$rc" -eq 130 ]
check "SIGINT: partial summary" grep -q '"partial": true' "$T/int/summary.json"
check "SIGINT: charts drawn" test -s "$T/int/charts/queue.png"
check "SIGINT: the requests sent are in the partial summary" \
	[ "$(sed -n 's/^ *"requests_sent": \([0-9]*\),$/\1/p' "$T/int/summary.json")" -ge 3 ]
check "SIGINT: the server and its shepherd are gone" all_gone $S

# SIGTERM: the same clean stop, exit 143.
start_bg "$T/term"
kill -TERM $L
set +e; wait $L; rc=$?; set -e
check "SIGTERM: exit 143" [ "$rc" -eq 143 ]
check "SIGTERM: partial summary" grep -q '"partial": true' "$T/term/summary.json"
check "SIGTERM: the server and its shepherd are gone" all_gone $S

# A full disk: a file size limit (ulimit -f, 64 KiB) makes a write fail
# mid-run, as a full disk would. The error names the file, the exit code is
# 1, and the server is stopped.
set +e
(ulimit -f 128; exec "$LEAKLAB" run lab/03-blocked-leak.lab --set 'rate=20/s for 5s' --set schedtrace=50 \
	-o "$T/full" -q >/dev/null 2>"$T/full.err"); rc=$?
set -e
cat "$T/full.err"
check "full disk: exit 1" [ "$rc" -eq 1 ]
check "full disk: names raw-stderr.log" grep -q "raw-stderr.log': File too large" "$T/full.err"
check "full disk: the server is stopped" all_gone "$(sed -n 's/^program_pid: //p' "$T/full/meta.txt")"

# SIGKILL of leaklab: the server dies with it (PR_SET_PDEATHSIG, stdin EOF).
start_bg "$T/kill"
kill -KILL $L
n=0
check "SIGKILL: the server and its shepherd died with leaklab" all_gone $S

# Failures: clear words, the right exit codes, no server left.
printf 'x' >"$T/afile"
set +e
"$LEAKLAB" run lab/01-cpu-leak.lab -o "$T/afile/run" -q >/dev/null 2>"$T/e1"; r1=$?
printf 'name = x\nrat = 5/s for 1s\n' >"$T/bad.lab"
"$LEAKLAB" run "$T/bad.lab" -q >/dev/null 2>"$T/e2"; r2=$?
"$LEAKLAB" run "$T/missing.lab" -q >/dev/null 2>"$T/e3"; r3=$?
"$LEAKLAB" run lab/01-cpu-leak.lab --set gomaxprocs=0 -q >/dev/null 2>"$T/e4"; r4=$?
"$LEAKLAB" run lab/01-cpu-leak.lab --format gif -q >/dev/null 2>"$T/e5"; r5=$?
LEAKLAB_SERVER=/nonexistent "$LEAKLAB" run lab/01-cpu-leak.lab -o "$T/nos" -q >/dev/null 2>"$T/e6"; r6=$?
set -e
check "unusable -o: exit 2" [ $r1 -eq 2 ]
check "unusable -o: names the directory" grep -q "afile/run" "$T/e1"
check "bad lab: exit 2" [ $r2 -eq 2 ]
check "bad lab: file:line and the key" grep -q "bad.lab:2: unknown key 'rat'" "$T/e2"
check "missing lab: exit 2" [ $r3 -eq 2 ]
check "bad --set: exit 2" sh -c "[ $r4 -eq 2 ] && grep -q 'gomaxprocs' '$T/e4'"
check "bad --format: exit 2" [ $r5 -eq 2 ]
check "no server binary: exit 1, says make and the path tried" \
	sh -c "[ $r6 -eq 1 ] && grep -q \"run 'make'\" '$T/e6' && grep -q '/nonexistent' '$T/e6'"
check "--help exits 0" "$LEAKLAB" run --help
