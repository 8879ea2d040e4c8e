# Every command a worksheet tells a student to type exists and works: the
# shell blocks of worksheets/en and worksheets/pt-BR are run (each distinct
# command once) from a scratch directory, runs shortened with --set.
. "$(dirname "$0")/lib.sh"

cmds=$T/cmds
for f in "$TOP"/worksheets/en/*.md "$TOP"/worksheets/pt-BR/*.md; do
	# A command may set a variable first: MYSTERY_VARIANT=3 build/leaklab run ...
	awk '/^```sh$/ { on = 1; next } /^```$/ { on = 0 } on && /^([A-Z_][A-Z0-9_]*=[^ ]* )*build\/leaklab / { print }' "$f"
done | awk '!seen[$0]++' >"$cmds"
check "the worksheets give commands" [ "$(wc -l <"$cmds")" -ge 8 ]

# Every lab has a worksheet in both languages and a command that runs it.
for lab in "$TOP"/lab/[0-9][0-9]-*.lab; do
	name=$(basename "$lab" .lab)
	check "$name: English worksheet" test -f "$TOP/worksheets/en/$name.md"
	check "$name: Portuguese worksheet" test -f "$TOP/worksheets/pt-BR/$name.md"
	check "$name: instructor key" test -f "$TOP/worksheets/instructor/$name.md"
	check "$name: a worksheet runs it" grep -Eq "^([A-Z_][A-Z0-9_]*=[^ ]* )*build/leaklab run lab/$name.lab" "$cmds"
done

mkdir -p "$T/work"
ln -s "$TOP/build" "$T/work/build"
ln -s "$TOP/lab" "$T/work/lab"
cd "$T/work"
# Runs first (compare needs them), shortened; then everything else as written.
grep -E '^([A-Z_][A-Z0-9_]*=[^ ]* )*build/leaklab run ' "$cmds" >"$T/runs"
grep -Ev '^([A-Z_][A-Z0-9_]*=[^ ]* )*build/leaklab run ' "$cmds" >"$T/others" || true
while read -r cmd; do
	check "runs: $cmd" sh -c "$cmd --quiet --set 'rate=4/s for 2s' --set schedtrace=250 >/dev/null"
done <"$T/runs"
while read -r cmd; do
	check "runs: $cmd" sh -c "$cmd >/dev/null 2>&1"
done <"$T/others"
check "compare drew its chart" test -s out/compare-01-cpu-leak-vs-04-fixed/compare.png
for lab in "$TOP"/lab/[0-9][0-9]-*.lab; do
	name=$(basename "$lab" .lab)
	check "$name: out/$name-latest has a summary" test -s "out/$name-latest/summary.txt"
done
