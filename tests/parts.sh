#!/bin/sh
# parts.sh - run the parts of 'make test' (each a make target), several at
# once, each one's output shown whole when it ends, and say what each took.
#
#   sh tests/parts.sh [-j N] GROUP [GROUP...]
#
# A GROUP is make targets joined by '+' ("unit+gotest+valgrind"): the
# targets of a group run at once (-j N at most, default 3), and a group
# starts when the one before it has ended. Exit 0 only when every part
# passed. The closing lines list each part's time, for 'make test-time'.
set -u
cd "$(dirname "$0")/.."
jobs=${LEAKLAB_JOBS:-3}
[ "${1:-}" = -j ] && { jobs=$2; shift 2; }
MAKE=${MAKE:-make}
S=$(mktemp -d "${TMPDIR:-/tmp}/leaklab-parts.XXXXXX")
trap 'rm -rf "$S"' EXIT
trap 'exit 130' INT TERM
mkfifo "$S/done"
exec 3<>"$S/done"
mkdir -p build/test-logs
start_all=$(date +%s)
failed="" times="" running=0

# A shell starts background jobs with SIGINT ignored, and a program keeps
# that across exec (a Go server then never dies of SIGINT): timeout, which
# handles SIGINT itself, gives its command the default back. It also
# bounds each part.
launch() { # launch TARGET
	(
		start=$(date +%s)
		set +e
		timeout -k 10 1800 $MAKE --no-print-directory -s "$1" >"build/test-logs/$1.log" 2>&1 </dev/null
		echo "$1 $? $(( $(date +%s) - start ))" >&3
	) &
	running=$((running + 1))
}

collect() {
	read -r done_part done_rc done_secs <&3
	running=$((running - 1))
	echo "== $done_part (${done_secs}s)$([ "$done_rc" -eq 0 ] || echo ": FAILED")"
	cat "build/test-logs/$done_part.log"
	times="$times $done_part:${done_secs}s"
	[ "$done_rc" -eq 0 ] || failed="$failed $done_part"
}

for group in "$@"; do
	for part in $(echo "$group" | tr '+' ' '); do
		[ $running -lt "$jobs" ] || collect
		launch "$part"
	done
	while [ $running -gt 0 ]; do collect; done
done
echo "== test parts:$times; all ${failed:+but$failed }in $(( $(date +%s) - start_all ))s"
[ -z "$failed" ] || { echo "FAILED:$failed (logs in build/test-logs/)"; exit 1; }
