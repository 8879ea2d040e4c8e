# make install gives a leaklab that runs from anywhere: the bundled server,
# the shop and the mystery from libexec, the labs and the hunt's request
# bodies from share, with no source tree in sight.
. "$(dirname "$0")/lib.sh"
cd "$TOP"
# The install is of the default build; the portable pass has nothing new here.
[ "$LEAKLAB" = "$TOP/build/leaklab" ] || skip_all "make install installs the default build, not $LEAKLAB"

P=$T/prefix
make -s BUILD="$T/build" PREFIX="$P" install >"$T/install.log" 2>&1 || fail "make install: $(tail -n 5 "$T/install.log")"
for f in bin/leaklab libexec/leaklab/leakserver libexec/leaklab/shop libexec/leaklab/mystery \
	share/leaklab/lab/01-cpu-leak.lab share/leaklab/lab/hunt/cart-1.json; do
	check "installed: $f" test -s "$P/$f"
done

mkdir "$T/elsewhere"
cd "$T/elsewhere"
"$P/bin/leaklab" run --set 'rate=5/s for 2s' -q --no-plot -o "$T/r1" >/dev/null 2>"$T/r1.err" ||
	fail "installed, lab 01 by default: $(cat "$T/r1.err")"
check "installed: the default lab runs the installed server" \
	grep -q "^program: $P/libexec/leaklab/leakserver" "$T/r1/meta.txt"
"$P/bin/leaklab" run "$P/share/leaklab/lab/09-own-service.lab" --set 'rate=5/s for 2s' -q --no-plot \
	-o "$T/r9" >/dev/null 2>"$T/r9.err" || fail "installed, lab 09: $(cat "$T/r9.err")"
check "installed: lab 09 runs the installed shop" grep -q "^program: $P/libexec/leaklab/shop" "$T/r9/meta.txt"
MYSTERY_VARIANT=1 "$P/bin/leaklab" run "$P/share/leaklab/lab/10-hunt.lab" --set 'rate=10/s for 2s' -q \
	--no-plot -o "$T/r10" >/dev/null 2>"$T/r10.err" || fail "installed, lab 10: $(cat "$T/r10.err")"
check "installed: lab 10 sends the hunt's bodies" sh -c "grep -q 'POST /checkout' '$T/r10/requests.tsv'"
cd "$TOP"
make -s BUILD="$T/build" PREFIX="$P" uninstall >/dev/null 2>&1
check "uninstalled: nothing left" test ! -e "$P/bin/leaklab" -a ! -e "$P/libexec/leaklab" -a ! -e "$P/share/leaklab"
