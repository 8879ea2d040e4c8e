# The first screen fits the terminal a student has: a short lab under a
# pseudo-terminal (script, from util-linux) at 80x24 and 132x40: no line of
# the output (the text chart, the summary, the messages, the status line)
# is wider than the terminal. Colour only on a colour terminal, never with
# NO_COLOR or off a terminal; below 60x20 the chart is skipped, with where
# the PNG is.
. "$(dirname "$0")/lib.sh"
cd "$TOP"
command -v script >/dev/null || fail "script (util-linux) is needed"

# in_pty COLS ROWS OUT CMD: run CMD under a terminal of that size.
in_pty() {
	script -qec "stty cols $1 rows $2; $4" /dev/null >"$3" 2>&1 </dev/null
}
# widest FILE: the widest line, escape sequences and carriage returns split out.
widest() {
	sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1" | tr '\r' '\n' |
		awk '{ n = length($0); if (n > w) w = n } END { print w + 0 }'
}

for size in "80 24" "132 40"; do
	set -- $size
	rm -rf "$T/run$1"
	TERM=xterm in_pty "$1" "$2" "$T/out$1" \
		"'$LEAKLAB' run lab/01-cpu-leak.lab --set 'rate=5/s for 2s' -o '$T/run$1'"
	w=$(widest "$T/out$1")
	check "$1x$2: the run's output fits ($w <= $1 columns)" [ "$w" -le "$1" ]
	check "$1x$2: the text chart is there" grep -q 'time since the program started' "$T/out$1"
	check "$1x$2: the summary is there" grep -q '^verdict: runnable leak' "$T/out$1"
	check "$1x$2: summary.txt keeps one line per item" \
		[ "$(grep -c '^  ' "$T/run$1/summary.txt")" -le 2 ]
	TERM=xterm in_pty "$1" "$2" "$T/plot$1" "'$LEAKLAB' plot '$T/run$1' --format dumb"
	w=$(widest "$T/plot$1")
	check "$1x$2: leaklab plot --format dumb fits ($w <= $1)" [ "$w" -le "$1" ]
	rows=$(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$T/plot$1" | tr -d '\r' | grep -c .)
	check "$1x$2: ... and is no taller than the terminal ($rows rows)" [ "$rows" -le "$2" ]
done
check "a colour terminal gets colour" grep -q "$(printf '\033')\[[0-9;]*m" "$T/plot80"

TERM=xterm NO_COLOR=1 in_pty 80 24 "$T/nocolor" "'$LEAKLAB' plot '$T/run80' --format dumb"
check "NO_COLOR: no colour" sh -c "! grep -q \"$(printf '\033')\\[[0-9;]*m\" '$T/nocolor'"
"$LEAKLAB" plot "$T/run80" --format dumb >"$T/piped" 2>&1
check "off a terminal: no colour" sh -c "! grep -q \"$(printf '\033')\" '$T/piped'"

TERM=xterm in_pty 50 15 "$T/tiny" "'$LEAKLAB' plot '$T/run80' --format dumb"
check "50x15: the chart is skipped, with where the PNG is" \
	sh -c "tr -d '\r' <'$T/tiny' | tr '\n' ' ' | grep -q 'smaller *than 60x20.*charts/queue.png'"
w=$(widest "$T/tiny")
check "50x15: the message fits ($w <= 50)" [ "$w" -le 50 ]
