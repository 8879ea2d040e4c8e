# A real server at GOMAXPROCS=1 leaks 30 spinners; leaklab collect reads its
# schedtrace live through a pipe and the queued column grows as the notes say.
# tags: portable
. "$(dirname "$0")/lib.sh"

mkfifo "$T/stderr"
"$LEAKLAB" collect --tee -o "$T/trace.tsv" <"$T/stderr" 2>"$T/collect.err" &
COLLECT=$!
PIDS="$PIDS $COLLECT"
SERVER_STDERR=$T/stderr start_server GOMAXPROCS=1 GODEBUG=schedtrace=50
i=0
while [ $i -lt 30 ]; do
	curl -sS -o /dev/null --max-time 10 "$URL/leak" || fail "GET /leak"
	i=$((i + 1))
done
curl -sS --max-time 10 "$URL/stats" >"$T/stats"
grep -q '^leaks_cpu 30$' "$T/stats" || fail "stats: $(cat "$T/stats")"
# Wait for a trace row that shows the leak (poll the file, bounded).
n=0
until [ "$(tsv_col "$T/trace.tsv" queued | sort -n | tail -n 1)" -ge 25 ] 2>/dev/null; do
	n=$((n + 1)); [ $n -lt 100 ] || fail "queued never reached 25"
	sleep 0.1
done
kill "$SERVER_PID"
wait "$COLLECT" || fail "collect exited non-zero"
cat "$T/collect.err"
# Go >= 1.25 prints schedticks too: a tick0 column after p0.
check "header names the columns" grep -qx "t_ms	uptime_ms	gomaxprocs	idleprocs	threads	spinningthreads	needspinning	idlethreads	runqueue	local_sum	queued	p0\(	tick0\)\{0,1\}" "$T/trace.tsv"
check "queued = runqueue + local_sum on every row" tsv_every "$T/trace.tsv" 'v("queued") == v("runqueue") + v("local_sum")'
check "queued ends near leaked - P (29)" [ "$(tsv_col "$T/trace.tsv" queued | tail -n 1)" -ge 25 ]
check "no malformed lines" grep -q ", 0 malformed lines" "$T/collect.err"
check "first uptime is 0" [ "$(tsv_col "$T/trace.tsv" uptime_ms | head -n 1)" = 0 ]

# Rows reach trace.tsv while the program runs (tail -f works), and Ctrl-C
# on the pipeline keeps them: SIGINT to collect flushes, prints the counts
# and exits 130.
mkfifo "$T/stderr2"
"$LEAKLAB" collect --tee -o "$T/live.tsv" <"$T/stderr2" 2>"$T/live.err" &
COLLECT=$!
PIDS="$PIDS $COLLECT"
SERVER_STDERR=$T/stderr2 start_server GOMAXPROCS=1 GODEBUG=schedtrace=50
n=0
until [ "$( { wc -l <"$T/live.tsv"; } 2>/dev/null || echo 0)" -ge 4 ]; do
	n=$((n + 1)); [ $n -lt 100 ] || fail "no rows in trace.tsv while the program runs"
	sleep 0.1
done
check "rows are in trace.tsv while the program runs" [ "$(tsv_col "$T/live.tsv" uptime_ms | wc -l)" -ge 3 ]
kill -INT "$COLLECT"
set +e; wait "$COLLECT"; rc=$?; set -e
check "SIGINT: collect exits 130 (got $rc)" [ "$rc" -eq 130 ]
check "SIGINT: the counts are printed" grep -q "samples.*stopped by a signal" "$T/live.err"
check "SIGINT: trace.tsv keeps its rows" [ "$(wc -l <"$T/live.tsv")" -ge 4 ]
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true

# The program's last words without a newline: the counts start on a line
# of their own.
printf 'SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 idlethreads=0 runqueue=0 [0]\nlast words' |
	"$LEAKLAB" collect --tee -o "$T/short.tsv" 2>"$T/short.err"
check "tee: the last words pass through" grep -q '^last words$' "$T/short.err"
check "the counts start on their own line" grep -q '^leaklab: collect: 1 samples' "$T/short.err"
