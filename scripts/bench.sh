#!/bin/sh
# bench.sh - leaklab's speed goals, each measured against a reference run
# side by side on this machine (ratios, never absolute timings in tests).
set -eu
cd "$(dirname "$0")/.."
LEAKLAB=build/leaklab
B=build/bench
mkdir -p "$B"
only=${1:-all}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
maxrss() { # maxrss CMD...: peak resident set in KiB (GNU time)
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
}

# ------------------------------------------------------------ collector
bench_collect() {
	echo "== collector: parse rate against awk (1M summary lines, GOMAXPROCS=8)"
	in=$B/sched-1m.log
	if [ ! -s "$in" ]; then
		awk 'BEGIN { srand(7); for (i = 0; i < 1000000; i++) {
			printf "SCHED %dms: gomaxprocs=8 idleprocs=%d threads=%d spinningthreads=0 needspinning=%d idlethreads=%d runqueue=%d [ %d %d %d %d %d %d %d %d ] schedticks=[ %d %d %d %d %d %d %d %d ]\n",
				i * 1000, i % 3, 12 + i % 5, i % 2, i % 4, int(rand() * 300),
				int(rand()*40), int(rand()*40), int(rand()*40), int(rand()*40),
				int(rand()*40), int(rand()*40), int(rand()*40), int(rand()*40),
				i*50, i*51, i*52, i*49, i*50, i*48, i*47, i*53 } }' >"$in"
	fi
	printf '   input: %s lines, %s bytes\n' "$(wc -l <"$in")" "$(wc -c <"$in")"
	# The reference: awk splitting the same fields by key.
	awkprog='{ for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		s = 0; for (i = 12; i <= 19; i++) s += $i
		print v["gomaxprocs"] "\t" v["idleprocs"] "\t" v["threads"] "\t" v["runqueue"] "\t" s }'
	# A faster but brittle reference: fixed column positions of this one format.
	colprog='{ s = 0; for (i = 18; i <= 25; i++) s += $i; print $4 "\t" $6 "\t" $8 "\t" $16 "\t" s }'
	t0=$(now); awk "$awkprog" "$in" >"$B/awk.out"; t1=$(now)
	awk -F'[ =]' "$colprog" "$in" >"$B/awkcol.out"; t2=$(now)
	"$LEAKLAB" collect "$in" -o "$B/trace.tsv" 2>/dev/null; t3=$(now)
	a=$(elapsed "$t0" "$t1"); k=$(elapsed "$t1" "$t2"); c=$(elapsed "$t2" "$t3")
	echo "   awk by key ($(awk -W version 2>&1 | head -n 1 | cut -d' ' -f1-2)): ${a}s"
	echo "   awk by fixed column (one format only): ${k}s"
	echo "   leaklab collect (every format, by key, full trace.tsv): ${c}s"
	echo "   -> $(awk -v a="$a" -v c="$c" 'BEGIN { printf "%.1fx", a / c }') awk by key (goal >= 10x)," \
		"$(awk -v a="$k" -v c="$c" 'BEGIN { printf "%.1fx", a / c }') awk by column"
	rows=$(($(wc -l <"$B/trace.tsv") - 1))
	echo "   rows: $rows"
	small=$B/sched-100k.log
	head -n 100000 "$in" >"$small"
	echo "   peak RSS: $(maxrss "$LEAKLAB" collect "$small" -o /dev/null) KiB at 100k lines," \
		"$(maxrss "$LEAKLAB" collect "$in" -o /dev/null) KiB at 1M lines (goal: constant)"
}

# Live: scheddetail=1 with 10k goroutines every 100 ms is about 0.5 MB a
# dump. If the collector fell behind, the pipe would fill and the runtime's
# sysmon would block in write(): the lag between the runtime's uptime and
# the collector's receive time would grow, and dumps would be missed.
bench_live() {
	echo "== collector live: scheddetail=1, 10k blocked goroutines, schedtrace=100, 10 s"
	fifo=$B/live.fifo; rm -f "$fifo" "$B/live.ready"; mkfifo "$fifo" "$B/live.ready"
	"$LEAKLAB" collect "$fifo" -o "$B/live.tsv" 2>"$B/live.err" &
	cpid=$!
	GOMAXPROCS=2 GODEBUG=schedtrace=100,scheddetail=1 build/leakserver -lifetime 60s \
		>"$B/live.ready" 2>"$fifo" &
	spid=$!
	read -r line <"$B/live.ready"; url=${line#listening on }
	i=0; while [ $i -lt 10 ]; do curl -sS -o /dev/null "$url/leak/chan?n=1000"; i=$((i + 1)); done
	sleep 10
	kill "$spid"; wait "$spid" 2>/dev/null || true; wait "$cpid" || true
	rm -f "$fifo" "$B/live.ready"
	sed 's/^/   /' "$B/live.err"
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["g_waiting"] >= 10000 { n++; lag = $c["t_ms"] - $c["uptime_ms"]; if (n == 1) first = lag; last = lag;
			if (lag - first > max) max = lag - first; bytes++ }
		END { printf "   dumps with >= 10000 waiting: %d; receive lag vs runtime uptime drifted by %.1f ms (max %.1f ms) over them\n", n, last - first, max }' "$B/live.tsv"
}

# start_server: a leakserver on a free loopback port; sets URL and SPID.
start_server() {
	rm -f "$B/ready"; mkfifo "$B/ready"
	GOMAXPROCS=${1:-2} build/leakserver -lifetime 10m >"$B/ready" 2>/dev/null &
	SPID=$!
	read -r line <"$B/ready"; URL=${line#listening on }; rm -f "$B/ready"
}
stop_server() { kill "$SPID" 2>/dev/null || true; wait "$SPID" 2>/dev/null || true; }

# p99 of column 3 - column 2 (send lag) of a requests.tsv, in ms.
lag_p99() {
	awk -F'\t' 'NR > 1 && $3 != "-" { print $3 - $2 }' "$1" | sort -n |
		awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.3f", v[i] }'
}

bench_drive() {
	echo "== driver: open-loop send lag, highest rate held, CPU per request (against leakserver /healthz)"
	start_server 2
	# Stopped early (Ctrl-C, a closed pipe): the server goes too.
	trap stop_server EXIT
	trap 'exit 1' INT TERM HUP PIPE
	"$LEAKLAB" drive "$URL/healthz" --rate "1000/s for 5s" -o "$B/lag.tsv" -q
	echo "   1000 req/s for 5 s: $(($(wc -l <"$B/lag.tsv") - 1)) requests (5000 scheduled)," \
		"send lag p99 $(lag_p99 "$B/lag.tsv") ms (goal <= 0.1 ms; Linux build, timerfd)"
	# The portable twin (macOS, the BSDs): poll's whole milliseconds, then a nap.
	if [ -x build/portable/leaklab ] || make -s PORTABLE=1 build/portable/leaklab >/dev/null 2>&1; then
		build/portable/leaklab drive "$URL/healthz" --rate "1000/s for 5s" -o "$B/lag-portable.tsv" -q
		echo "   the same with the portable build: send lag p99 $(lag_p99 "$B/lag-portable.tsv") ms" \
			"(no timer fd: wakes a millisecond early and naps the rest)"
	fi
	best=0
	for rate in 10000 20000 30000 40000 50000; do
		/usr/bin/time -f "%U %S" -o "$B/cpu" "$LEAKLAB" drive "$URL/healthz" --rate "$rate/s for 3s" \
			-o "$B/rate.tsv" -q
		n=$((rate * 3))
		ok=$(awk -F'\t' 'NR > 1 && $7 == 200 { n++ } END { print n + 0 }' "$B/rate.tsv")
		span=$(awk -F'\t' 'NR > 1 && $3 != "-" { if (min == "" || $3 < min) min = $3; if ($3 > max) max = $3 } END { print (max - min) / 1000 }' "$B/rate.tsv")
		short=$(awk -v ok="$ok" -v n="$n" 'BEGIN { printf "%.2f", (1 - ok / n) * 100 }')
		cpu=$(awk -v n="$n" '{ printf "%.1f", ($1 + $2) / n * 1e6 }' "$B/cpu")
		echo "   $rate req/s for 3 s: $ok/$n ok (shortfall $short%), sends over ${span}s," \
			"lag p99 $(lag_p99 "$B/rate.tsv") ms, CPU $cpu us/request"
		awk -v s="$short" 'BEGIN { exit !(s < 1) }' && best=$rate
	done
	echo "   highest open-loop rate held with < 1% shortfall: $best req/s (goal >= 20000)"
	if command -v wrk >/dev/null; then
		w=$(wrk -t2 -c64 -d3s "$URL/healthz" 2>/dev/null | awk '/Requests\/sec/ { print $2 }')
		echo "   wrk closed loop, 2 threads, 64 connections, same endpoint: $w req/s (the ceiling)"
	else
		echo "   wrk not installed (apt-get install wrk) - no ceiling measured"
	fi
	stop_server
	trap - EXIT INT TERM HUP PIPE
}

# make lab's wall time after the first build, and how long the charts take.
bench_run() {
	echo "== run: lab 01 end to end, and the charts after it"
	t0=$(now)
	"$LEAKLAB" run lab/01-cpu-leak.lab -o "$B/lab01" -q >/dev/null
	t1=$(now)
	echo "   leaklab run lab/01-cpu-leak.lab: $(elapsed "$t0" "$t1") s wall (goal <= 45 s)"
	t0=$(now)
	"$LEAKLAB" plot "$B/lab01" --format png,dumb >/dev/null 2>&1
	t1=$(now)
	echo "   leaklab plot (png + text chart): $(elapsed "$t0" "$t1") s (goal <= 1 s)"
}

# The class view: a synthetic class (scripts/class-gen.sh) from one short
# real run of each lab, 10 and 100 students (100 and 1000 run directories):
# leaklab class's time (goal: 1000 runs <= 10 s, about linear) and the
# page's size (goal <= 5 MB).
bench_class() {
	echo "== class: leaklab class on 100 and 1000 run directories"
	mkdir -p "$B/class-runs"
	for lab in lab/[0-9][0-9]-*.lab; do
		name=$(basename "$lab" .lab)
		[ -f "$B/class-runs/$name/summary.json" ] && continue
		"$LEAKLAB" run "$lab" --set 'rate=10/s for 2s' --set schedtrace=200 --no-plot -q \
			-o "$B/class-runs/$name" >/dev/null 2>&1 || { echo "   $name did not run - skipped"; rm -rf "$B/class-runs/$name"; }
	done
	for n in 10 100; do
		rm -rf "$B/class-$n" "$B/class-$n-out"
		sh scripts/class-gen.sh "$B/class-$n" "$n" "$B"/class-runs/* >/dev/null
		t0=$(now)
		"$LEAKLAB" class -q "$B/class-$n" -o "$B/class-$n-out"
		t1=$(now)
		runs=$(awk 'END { print NR - 1 }' "$B/class-$n-out/class.tsv")
		echo "   $runs runs: $(elapsed "$t0" "$t1") s (goal for 1000: <= 10 s), index.html" \
			"$(wc -c <"$B/class-$n-out/index.html") bytes (goal <= 5242880)"
	done
}

# leaklab's own CPU during lab 01 beside the program's (meta.txt), with the
# live view drawn on an 80x24 pseudo-terminal and without: the view must
# not change the measurement.
bench_view() {
	echo "== live view: leaklab's CPU during lab 01 against the program's (meta.txt)"
	command -v script >/dev/null || { echo "   script (util-linux) not installed - skipped"; return; }
	"$LEAKLAB" run lab/01-cpu-leak.lab -o "$B/view-quiet" -q --no-plot >/dev/null
	TERM=xterm LANG=C.UTF-8 script -qec "stty cols 80 rows 24; '$LEAKLAB' run lab/01-cpu-leak.lab --live --no-plot -o '$B/view-live'" \
		/dev/null >"$B/view.out" 2>&1 </dev/null
	for v in quiet live; do
		awk -F': ' -v v="$v" '$1 == "cpu_leaklab_ms" { l = $2 } $1 == "cpu_program_ms" { p = $2 }
			END { printf "   %-5s leaklab %.0f ms, the program %.0f ms: leaklab is %.2f%% of it (goal < 2%%)\n",
				v, l, p, (p > 0 ? l / p * 100 : 0) }' "$B/view-$v/meta.txt"
	done
	echo "   frames drawn: $(grep -o "$(printf '\033')\[H" "$B/view.out" | wc -l) ($(wc -c <"$B/view.out") bytes to the terminal)"
}

# make test's wall time, each part's, from this built tree and from a
# fresh clone (which builds everything first). Goal: 5 minutes each.
bench_test() {
	echo "== make test: the whole suite, from this built tree and from a fresh clone (goal <= 300 s each)"
	t0=$(now)
	make -s test >"$B/test-built.log" 2>&1; rc=$?
	t1=$(now)
	echo "   built tree: $(elapsed "$t0" "$t1") s, exit $rc"
	sed -n 's/^== test parts:/   parts:/p' "$B/test-built.log"
	if git rev-parse --verify -q HEAD >/dev/null 2>&1; then
		rm -rf "$B/clone"
		git clone -q . "$B/clone"
		t0=$(now)
		(cd "$B/clone" && make -s test) >"$B/test-clone.log" 2>&1; rc=$?
		t1=$(now)
		echo "   fresh clone of HEAD (builds first): $(elapsed "$t0" "$t1") s, exit $rc"
		sed -n 's/^== test parts:/   parts:/p' "$B/test-clone.log"
		rm -rf "$B/clone"
	else
		echo "   skip: not a git checkout: no fresh clone to time"
	fi
}

case $only in
all) bench_collect; bench_live; bench_drive; bench_run; bench_view; bench_class; bench_test ;;
test) bench_test ;;
collect) bench_collect ;;
live) bench_live ;;
drive) bench_drive ;;
run) bench_run ;;
view) bench_view ;;
class) bench_class ;;
*) echo "bench.sh: unknown part '$only' (all, collect, live, drive, run, view, class, test)" >&2; exit 2 ;;
esac
