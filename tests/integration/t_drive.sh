# leaklab drive against the real server: exact counts, open loop on a slow
# endpoint, time-outs recorded, the loopback guard, bad schedules.
# tags: portable timing
. "$(dirname "$0")/lib.sh"

start_server GOMAXPROCS=2

# Exact request counts at a few rates, each checked by the server's counter.
total=0
for spec in "50/s for 1s" "200/s for 1s" "ramp 10/s..90/s for 2s" "burst 40, pause 200ms, burst 10"; do
	case $spec in
	"50/s for 1s") want=50 ;; "200/s for 1s") want=200 ;;
	"ramp 10/s..90/s for 2s") want=100 ;; *) want=50 ;;
	esac
	"$LEAKLAB" drive "$URL/leak/chan" --rate "$spec" -o "$T/req.tsv" 2>"$T/drive.err" || fail "drive '$spec'"
	total=$((total + want))
	check "'$spec' sends $want rows" [ "$(($(wc -l <"$T/req.tsv") - 1))" -eq "$want" ]
	check "'$spec' all 200" [ "$(tsv_col "$T/req.tsv" status | grep -c '^200$')" -eq "$want" ]
	got=$(curl -sS "$URL/stats" | awk '$1 == "leaks_chan" { print $2 }')
	check "server counted $total leaks after '$spec'" [ "$got" -eq "$total" ]
done
check "requests.tsv header" grep -qx "seq	t_sched_ms	t_start_ms	t_end_ms	latency_ms	service_ms	status	outcome	target	error" "$T/req.tsv"

# Open loop: a 300 ms endpoint at 50/s for 2 s still gets every request on
# time (~15 in flight), not one after another.
"$LEAKLAB" drive "$URL/slow?ms=300" --rate "50/s for 2s" -o "$T/slow.tsv" 2>"$T/slow.err" || fail "drive slow"
cat "$T/slow.err"
check "slow: 100 requests" [ "$(($(wc -l <"$T/slow.tsv") - 1))" -eq 100 ]
# Open loop, not a timing: request k+1 leaves before request k's answer
# comes back (a closed loop would wait for it). Send lag is a make bench figure.
check "slow: sends never wait for answers" \
	awk -F'\t' 'NR > 2 && $3 < end { over++ } NR > 1 { end = $4 } END { exit !(over >= 95) }' "$T/slow.tsv"
check "slow: many in flight at once" grep -Eq "most in flight (1[0-9]|[2-9][0-9])" "$T/slow.err"

# Time-outs are recorded per request and the run goes on.
"$LEAKLAB" drive "$URL/slow?ms=2000" --rate "10/s for 500ms" --timeout 100 -o "$T/to.tsv" 2>"$T/to.err" || fail "drive time-outs"
check "time-outs: 5 rows" [ "$(($(wc -l <"$T/to.tsv") - 1))" -eq 5 ]
check "time-outs: libcurl's words in the error column" [ "$(grep -c 'timed out' "$T/to.tsv")" -eq 5 ]
check "time-outs: status 0" [ "$(tsv_col "$T/to.tsv" status | grep -c '^0$')" -eq 5 ]
check "time-outs: outcome timeout" [ "$(tsv_col "$T/to.tsv" outcome | grep -c '^timeout$')" -eq 5 ]

# Concurrency cap: drops are counted with their scheduled time.
"$LEAKLAB" drive "$URL/slow?ms=1000" --rate "burst 10" --concurrency 4 -o "$T/cap.tsv" 2>"$T/cap.err" || fail "drive cap"
check "cap: 6 dropped" [ "$(tsv_col "$T/cap.tsv" outcome | grep -c '^dropped$')" -eq 6 ]
check "cap: summary says dropped 6" grep -q "dropped 6" "$T/cap.err"

# Refused connections are data too.
"$LEAKLAB" drive "http://127.0.0.1:1/" --rate "5/s for 1s" -o "$T/refused.tsv" 2>/dev/null || fail "drive refused"
check "refused: errors recorded" [ "$(grep -ci 'connect' "$T/refused.tsv")" -eq 5 ]

# Guard and usage errors: exit 2 before anything is sent.
set +e
"$LEAKLAB" drive "http://127.0.0.1@example.com/" --rate "1/s for 1s" 2>"$T/e1"; r1=$?
"$LEAKLAB" drive "$URL/leak" --rate "ramp 1/s.." 2>"$T/e2"; r2=$?
"$LEAKLAB" drive "$URL/leak" --timeout abc 2>"$T/e3"; r3=$?
"$LEAKLAB" drive 2>"$T/e4"; r4=$?
set -e
check "remote target: exit 2" [ $r1 -eq 2 ]
check "remote target: names --allow-remote" grep -q -- "--allow-remote" "$T/e1"
check "bad schedule: exit 2 and the text" sh -c "[ $r2 -eq 2 ] && grep -q \"'ramp 1/s..': expected a rate\" '$T/e2'"
check "bad timeout: exit 2" [ $r3 -eq 2 ]
check "no URL: exit 2" [ $r4 -eq 2 ]
check "--help exits 0" "$LEAKLAB" drive --help
