#!/bin/sh
# go-versions.sh - the Go toolchains leaklab is tested with, and where they are.
#
# Prints one line per toolchain: "NAME<TAB>PATH-TO-GO" when it is here, or
# "NAME<TAB>-<TAB>why not" when it is not. NAME is the version it reports
# (go1.19.8, go1.26.8, go1.27.3). The three: Debian's Go 1.19 (the oldest
# supported), the local go, and Go 1.27.3 (the current release), which the
# go command fetches once through the Go module proxy.
#
#   --fetch   also try to fetch Go 1.27.3 when it is not here yet (network)
#
# LEAKLAB_GO_ONLY=local (or go1.19, or go1.27) lists that one toolchain
# only: a test of the scripts themselves needs one, not three.
set -u

fetch=0
[ "${1:-}" = "--fetch" ] && fetch=1
CURRENT=go1.27.3
only=${LEAKLAB_GO_ONLY:-}
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }

report() { # report LABEL GO: print the version line for one toolchain
	v=$(GOTOOLCHAIN=local "$2" env GOVERSION 2>/dev/null) || { printf '%s\t-\t%s does not run\n' "$1" "$2"; return; }
	printf '%s\t%s\n' "$v" "$2"
}

if ! want go1.19; then
	:
elif [ -x /usr/lib/go-1.19/bin/go ]; then
	report go1.19 /usr/lib/go-1.19/bin/go
else
	printf 'go1.19\t-\tnot installed (apt-get install golang-1.19-go)\n'
fi

if ! want local; then
	:
elif command -v go >/dev/null 2>&1; then
	report local "$(command -v go)"
else
	printf 'local\t-\tno go on PATH\n'
fi
want go1.27 || exit 0

# The current release lives in the module cache once fetched; asking for
# its GOROOT fetches it (GOTOOLCHAIN=goX.Y.Z), so only --fetch asks with
# the network on.
root=""
if command -v go >/dev/null 2>&1; then
	if [ $fetch = 1 ]; then
		root=$(GOTOOLCHAIN=$CURRENT go env GOROOT 2>/dev/null) || root=""
	else
		root=$(GOTOOLCHAIN=$CURRENT GOPROXY=off go env GOROOT 2>/dev/null) || root=""
	fi
fi
if [ -n "$root" ] && [ -x "$root/bin/go" ]; then
	report "$CURRENT" "$root/bin/go"
elif [ $fetch = 1 ]; then
	printf '%s\t-\tcannot be fetched (no network to the Go module proxy?)\n' "$CURRENT"
else
	printf '%s\t-\tnot fetched yet (GOTOOLCHAIN=%s go version fetches it, ~76 MB)\n' "$CURRENT" "$CURRENT"
fi
