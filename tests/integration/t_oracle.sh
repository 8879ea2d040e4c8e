# Every real capture in tests/fixtures (the bundled server's and small
# programs' of Go 1.19, 1.26 and 1.27: fragments, single bytes, crashes,
# stop-the-world, leaked goroutines) read by leaklab collect and by an
# independent reader written from the runtime's source
# (tests/fixtures/oracle): the same rows, value for value.
. "$(dirname "$0")/lib.sh"
cd "$TOP/tests/fixtures"

env GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod go build -o "$T/oracle" ./oracle || fail "build the oracle"
cols="uptime_ms gomaxprocs idleprocs threads spinningthreads needspinning idlethreads runqueue local_sum queued g_runnable g_running g_syscall g_waiting g_leaked"
pick() { # pick FILE: the named columns, '-' where a table lacks one
	awk -F'\t' -v cols="$cols" 'BEGIN { n = split(cols, c, " ") }
		NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
		{ line = ""; for (j = 1; j <= n; j++) line = line (j > 1 ? "\t" : "") ((c[j] in h) ? $h[c[j]] : "-"); print line }' "$1"
}
n=0
for f in go1.*.log; do
	"$T/oracle" <"$f" >"$T/want.tsv" 2>/dev/null || fail "oracle on $f"
	"$LEAKLAB" collect "$f" -o "$T/got.tsv" 2>"$T/collect.err" || fail "collect $f: $(cat "$T/collect.err")"
	pick "$T/want.tsv" >"$T/want"
	pick "$T/got.tsv" >"$T/got"
	if ! cmp -s "$T/want" "$T/got"; then
		diff "$T/want" "$T/got" | head -n 10
		fail "$f: collect and the oracle disagree"
	fi
	n=$((n + 1))
done
check "every capture read right ($n files)" [ "$n" -ge 60 ]
