#!/bin/sh
# bootstrap.sh - install what leaklab needs and is missing, and say so.
#
# Quiet when everything is there. Uses apt-get, dnf or brew (sudo when not
# root). Where it cannot install, it prints the exact command and exits 1.
# Nothing is downloaded outside the system's package manager.
#
#   --test    also what some tests need and skip without: valgrind and
#             chromium (pages are tested in a real browser); 'make deps'
#   --check   install nothing: say what is missing and exit 1 ('make test')
#   --bench   also wrk (make bench measures the driver against it)
#   --fuzz    also clang (make fuzz builds libFuzzer harnesses)
#   --all-go  also the other Go toolchains the tests run with: Debian's Go
#             1.19 (golang-1.19-go) and Go 1.27.3, which the go command
#             fetches once through the Go module proxy (CI uses this)
set -u
. "$(dirname "$0")/i18n.sh"

test=0 bench=0 fuzz=0 allgo=0 check=0
for arg in "$@"; do
	case $arg in
	--test) test=1 ;;
	--bench) bench=1 ;;
	--fuzz) fuzz=1 ;;
	--all-go) allgo=1 ;;
	--check) check=1 ;;
	*) printf 'bootstrap: %s\n' "$(eval_gettext 'unknown option $arg (--test, --bench, --fuzz, --all-go, --check)')" >&2; exit 2 ;;
	esac
done

say() { printf 'bootstrap: %s\n' "$*" >&2; }

missing_apt=""
missing_dnf=""
missing_brew=""
need() { # need APT DNF BREW: queue one package for each manager
	missing_apt="$missing_apt $1"
	missing_dnf="$missing_dnf $2"
	missing_brew="$missing_brew $3"
}

have() { command -v "$1" >/dev/null 2>&1; }

# Go from 1.19 on; GOTOOLCHAIN=local so it never fetches a toolchain.
go_ok() {
	have go || return 1
	v=$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null) || return 1
	minor=$(printf '%s\n' "$v" | sed -n 's/^go1\.\([0-9][0-9]*\).*/\1/p')
	[ -n "$minor" ] && [ "$minor" -ge 19 ]
}

gnuplot_ok() {
	have gnuplot || return 1
	t=$(gnuplot -e 'set terminal' 2>&1) || return 1
	for term in pngcairo svg pdfcairo dumb; do
		printf '%s\n' "$t" | grep -q "^ *$term " || return 1
	done
}

have cc || have gcc || need gcc gcc ""
have make || need make make make
have pkg-config || need pkg-config pkgconf-pkg-config pkg-config
pkg-config --exists libcurl 2>/dev/null || need libcurl4-openssl-dev libcurl-devel curl
pkg-config --exists cmocka 2>/dev/null || need libcmocka-dev libcmocka-devel cmocka
gnuplot_ok || need gnuplot-nox gnuplot gnuplot
go_ok || need golang-go golang go
# msgfmt compiles the translations at build time (po/).
have msgfmt || need gettext gettext gettext
if [ $test = 1 ]; then
	have valgrind || need valgrind valgrind ""
	have chromium || have chromium-browser || have google-chrome || need chromium chromium ""
fi
[ $bench = 0 ] || have wrk || need wrk wrk wrk
[ $fuzz = 0 ] || have clang || need clang clang llvm
# Only Debian and Ubuntu package an old Go side by side with the new one.
[ $allgo = 0 ] || [ -x /usr/lib/go-1.19/bin/go ] || ! have apt-get || need golang-1.19-go "" ""

# The current Go release, through the go command itself: once per machine.
fetch_go() {
	[ $allgo = 1 ] || return 0
	if ! sh "$(dirname "$0")/go-versions.sh" | grep -q '^go1\.27\.[0-9]*	/'; then
		say "$(gettext "fetching Go 1.27.3 through the Go module proxy (GOTOOLCHAIN=go1.27.3 go version, ~76 MB, once)")"
		GOTOOLCHAIN=go1.27.3 go version >/dev/null 2>&1 || { say "$(gettext "could not fetch Go 1.27.3 (no network to proxy.golang.org?)")"; return 1; }
	fi
	if [ ! -x /usr/lib/go-1.19/bin/go ]; then
		say "$(gettext "no Go 1.19 here: on Debian or Ubuntu, apt-get install golang-1.19-go")"
		return 1
	fi
}

# Portuguese asked by a locale's name (LANG=pt_BR.UTF-8) that this machine
# lacks: the C library falls back to English. Say how to get it, and the
# way that needs none; never run it (it is the administrator's call).
case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in
pt*)
	if have locale && ! locale -a 2>/dev/null | grep -qi '^pt_BR\.utf-\{0,1\}8$'; then
		asked=${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}
		say "$(eval_gettext 'no $asked locale here, so the messages stay English. Either use LANG=C.UTF-8 LANGUAGE=pt_BR (no locale needed), or generate it as root:')"
		printf '  %s\n' "localedef -i pt_BR -c -f UTF-8 pt_BR.UTF-8" >&2
	fi ;;
esac

if [ -z "$missing_apt" ]; then
	[ $check = 1 ] && exit 0
	fetch_go
	exit
fi


sudo=""
if [ "$(id -u)" != 0 ]; then
	if have sudo; then sudo="sudo"; else sudo="NOSUDO"; fi
fi

if have apt-get; then
	pkgs=$missing_apt
	# Refresh the package lists when they are empty or older than a day.
	lists=/var/lib/apt/lists
	update="${sudo:+$sudo }apt-get update -qq"
	if [ -z "$(find "$lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n 1)" ]; then
		cmd="$update && ${sudo:+$sudo }env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$pkgs"
	else
		cmd="${sudo:+$sudo }env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$pkgs"
	fi
elif have dnf; then
	pkgs=$missing_dnf
	cmd="${sudo:+$sudo }dnf install -y$pkgs"
elif have brew; then
	pkgs=$missing_brew
	sudo=""
	cmd="brew install$pkgs"
else
	say "$(eval_gettext 'missing:$missing_apt')"
	say "$(gettext "no apt-get, dnf or brew here: install those packages with your system's package manager")"
	exit 1
fi

if [ $check = 1 ]; then
	printf '%s\n' "$(eval_gettext "leaklab: missing for the tests:\$pkgs; run 'make deps' to install them")" >&2
	exit 1
fi

if [ "$sudo" = NOSUDO ]; then
	say "$(eval_gettext 'missing:$pkgs')"
	say "$(gettext "not root and no sudo: run as root:")"
	printf '  %s\n' "$(printf '%s' "$cmd" | sed 's/NOSUDO //g')" >&2
	exit 1
fi

say "$(eval_gettext 'installing:$pkgs')"
say "+ $cmd"
log=$(mktemp "${TMPDIR:-/tmp}/leaklab-bootstrap.XXXXXX")
if ! sh -c "$cmd" >"$log" 2>&1; then
	tail -n 20 "$log" >&2
	rm -f "$log"
	say "$(gettext "the install failed (last lines above); run it yourself and retry:")"
	printf '  %s\n' "$cmd" >&2
	exit 1
fi
rm -f "$log"
say "$(eval_gettext 'installed:$pkgs')"

# Check again: a package can install and still not give what is needed
# (for example a Go older than 1.19 from an old distribution).
fail=0
pkg-config --exists libcurl || { say "$(gettext "libcurl headers still missing")"; fail=1; }
pkg-config --exists cmocka || { say "$(gettext "cmocka still missing")"; fail=1; }
gnuplot_ok || { say "$(gettext "gnuplot lacks one of pngcairo, svg, pdfcairo, dumb")"; fail=1; }
found=$(go version 2>/dev/null || echo none)
go_ok || { say "$(eval_gettext 'need Go >= 1.19 (found: $found)')"; fail=1; }
fetch_go || fail=1
exit $fail
