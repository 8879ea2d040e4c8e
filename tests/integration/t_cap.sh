# The duration caps the run even when the program stops answering
# (SIGSTOP): the stop included. It measures the time the run took, with a
# margin, so it runs alone.
# tags: portable timing
. "$(dirname "$0")/lib.sh"
cd "$TOP"

"$LEAKLAB" run lab/01-cpu-leak.lab --set 'rate=5/s for 20s' --set duration=4s --no-plot -o "$T/stopped" -q \
	>/dev/null 2>&1 &
L=$!
PIDS="$PIDS $L"
n=0
until grep -q '^program_pid: [0-9]' "$T/stopped/meta.txt" 2>/dev/null; do
	n=$((n + 1)); [ $n -lt 200 ] || fail "the run never started"; sleep 0.05
done
start=$(date +%s)
kill -STOP "$(sed -n 's/^program_pid: //p' "$T/stopped/meta.txt")"
set +e; wait $L; rc=$?; set -e
took=$(( $(date +%s) - start ))
check "stopped program: the 4 s cap held (took ${took}s, margin 3 s)" [ "$took" -le 7 ]
check "stopped program: exit 1, the cap came first" sh -c "[ $rc -eq 1 ] && grep -q 'duration cap' '$T/stopped/meta.txt'"
check "stopped program: it is gone" all_gone "$(sed -n 's/^program_pid: //p' "$T/stopped/meta.txt")"

