#!/bin/sh
# go-env.sh GO - the environment to build leaklab's Go code with the toolchain GO.
#
# Prints NAME=VALUE words for env(1): never fetch a toolchain or a module,
# and turn on the goroutineleak profile where the toolchain has it as an
# experiment (Go 1.26). Decided by asking the toolchain, not by a version
# list: Go 1.27 built the profile in and refuses the experiment's name,
# Go <= 1.25 does not know it; both then get nothing added.
set -u
go=${1:-go}
base="GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod"
exp=goroutineleakprofile
[ -n "${GOEXPERIMENT:-}" ] && exp="$GOEXPERIMENT,$exp"
if GOTOOLCHAIN=local GOEXPERIMENT=$exp "$go" env GOEXPERIMENT >/dev/null 2>&1; then
	echo "$base GOEXPERIMENT=$exp"
else
	echo "$base"
fi
