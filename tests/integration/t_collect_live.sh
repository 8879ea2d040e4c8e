# A real server at GOMAXPROCS=1 leaks 30 spinners; leaklab collect reads its
# schedtrace live through a pipe and the queued column grows as the notes say.
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
check "header names the columns" grep -qx "t_ms	uptime_ms	gomaxprocs	idleprocs	threads	spinningthreads	needspinning	idlethreads	runqueue	local_sum	queued	p0" "$T/trace.tsv"
check "queued = runqueue + local_sum on every row" awk -F'\t' 'NR > 1 && $11 != $9 + $10 { exit 1 }' "$T/trace.tsv"
check "queued ends near leaked - P (29)" [ "$(tsv_col "$T/trace.tsv" queued | tail -n 1)" -ge 25 ]
check "no malformed lines" grep -q ", 0 malformed lines" "$T/collect.err"
check "first uptime is 0" [ "$(tsv_col "$T/trace.tsv" uptime_ms | head -n 1)" = 0 ]
