# The first screen fits the terminal a student has: a short lab under a
# pseudo-terminal (script, from util-linux) at 80x24 and 132x40: no line of
# the output (the text chart, the summary, the messages, the status line)
# is wider than the terminal. Colour only on a colour terminal, never with
# NO_COLOR or off a terminal; below 60x20 the chart is skipped, with where
# the PNG is.
# tags: portable
. "$(dirname "$0")/lib.sh"
cd "$TOP"
command -v script >/dev/null || fail "script (util-linux) is needed"

# in_pty COLS ROWS OUT CMD: run CMD under a terminal of that size.
in_pty() {
	script -qec "stty cols $1 rows $2; $4" /dev/null >"$3" 2>&1 </dev/null
}
# widest FILE: the widest line in columns: lines split at carriage returns,
# cursor-home (a frame of --live starts there) and leaving the alternate
# screen (the terminal puts the cursor back), other escape sequences
# out, a UTF-8 character counted once (its continuation bytes out).
widest() {
	LC_ALL=C sed 's/\x1b\[H/\r/g; s/\x1b\[?1049l/\r/g; s/\x1b\[[0-9;?]*[A-Za-z]//g; s/[\x80-\xbf]//g' "$1" | tr '\r' '\n' |
		LC_ALL=C awk '{ n = length($0); if (n > w) w = n } END { print w + 0 }'
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

# A narrow terminal: no text chart fits, but the status line, the messages,
# the summary and the run directory's line are cut or wrapped to it.
TERM=xterm in_pty 50 20 "$T/out50" "'$LEAKLAB' run lab/01-cpu-leak.lab --set 'rate=5/s for 2s' -o '$T/run50'"
w=$(widest "$T/out50")
check "50x20: the run's output fits, its status line too ($w <= 50)" [ "$w" -le 50 ]
check "50x20: the status line was drawn" grep -q 'queued' "$T/out50"
check "50x20: the summary is there" sh -c "tr -d '\r' <'$T/out50' | grep -q '^verdict: runnable leak'"

TERM=xterm in_pty 50 15 "$T/tiny" "'$LEAKLAB' plot '$T/run80' --format dumb"
check "50x15: the chart is skipped, with where the PNG is" \
	sh -c "tr -d '\r' <'$T/tiny' | tr '\n' ' ' | grep -q 'smaller *than 60x20.*charts/queue.png'"
w=$(widest "$T/tiny")
check "50x15: the message fits ($w <= 50)" [ "$w" -le 50 ]

# --live: the full-screen view on the alternate screen, redrawn in place,
# left cleanly at the end, at Ctrl-C, and refused where it cannot be drawn.
ESC=$(printf '\033')
TERM=xterm LC_ALL=C.UTF-8 in_pty 80 24 "$T/live" \
	"'$LEAKLAB' run lab/01-cpu-leak.lab --set 'rate=5/s for 3s' --live -o '$T/live-run'" ||
	fail "--live: the run failed: $(tail -n 5 "$T/live")"
check "--live: enters the alternate screen" grep -q "$ESC\[?1049h" "$T/live"
check "--live: leaves it" grep -q "$ESC\[?1049l" "$T/live"
frames=$(grep -o "$ESC\[H" "$T/live" | wc -l)
clears=$(grep -o "$ESC\[2J" "$T/live" | wc -l)
check "--live: redrawn in place, frame after frame ($frames frames)" [ "$frames" -ge 8 ]
check "--live: the screen is cleared once, never between frames ($clears clears)" [ "$clears" -eq 1 ]
check "--live: the view has its queue chart" grep -q 'queued: goroutines waiting in the run queues' "$T/live"
w=$(widest "$T/live")
check "--live: nothing wider than 80 columns ($w)" [ "$w" -le 80 ]
check "--live: the summary comes after the view, on the terminal's own screen" \
	sh -c "sed 's/.*$ESC\[?1049l//' '$T/live' | tr -d '\r' | grep -q '^verdict: runnable leak'"
check "--live: the charts are drawn" test -s "$T/live-run/charts/queue.png"

set +e
TERM=xterm in_pty 80 24 "$T/live-int" \
	"timeout --preserve-status -s INT 4 '$LEAKLAB' run lab/01-cpu-leak.lab --live -o '$T/live-int-run'"
rc=$?
set -e
check "--live, Ctrl-C: exit 130 (got $rc)" [ "$rc" -eq 130 ]
check "--live, Ctrl-C: the alternate screen is left" \
	sh -c "tail -c 4000 '$T/live-int' | grep -q 'interrupted by' && grep -q '$ESC\[?1049l' '$T/live-int'"

set +e
"$LEAKLAB" run lab/01-cpu-leak.lab --live >"$T/live-pipe" 2>&1
rc=$?
set -e
check "--live off a terminal: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "--live off a terminal: says it needs one" grep -q 'live draws on a terminal' "$T/live-pipe"
set +e
TERM=xterm in_pty 70 20 "$T/live-small" "'$LEAKLAB' run lab/01-cpu-leak.lab --live"
rc=$?
set -e
check "--live on 70x20: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "--live on 70x20: asks for 80x24" sh -c "tr -d '\r\n' <'$T/live-small' | grep -q 'at least 80x24'"
