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

# ---------------------------------------------------------------------------
# What the worksheets say matches what the student sees.

# One line of text per file, spaces squeezed: a quote may wrap.
flat() { tr '\n' ' ' <"$1" | tr -s ' '; }

# Run times: a lab's run is its schedule plus about 5 s (start, final
# profiles, charts), to the nearest 5 s (33.9 s measured for lab 09's
# 30 s, 44.5 s for the hunt's 40 s). The English worksheet, the Portuguese
# one and worksheets/README.md's table all say that number.
for lab in "$TOP"/lab/[0-9][0-9]-*.lab; do
	name=$(basename "$lab" .lab)
	nn=${name%%-*}
	sched=$(sed -n 's/^rate *= *//p' "$lab" | grep -oE '(for|pause) [0-9]+s' | grep -oE '[0-9]+' |
		awk '{ s += $1 } END { print s + 0 }')
	want=$(( (sched + 5 + 2) / 5 * 5 ))
	en=$(grep -oE 'About [0-9]+ seconds' "$TOP/worksheets/en/$name.md" | head -n 1 | grep -oE '[0-9]+' || true)
	pt=$(grep -oE 'Uns [0-9]+ segundos' "$TOP/worksheets/pt-BR/$name.md" | head -n 1 | grep -oE '[0-9]+' || true)
	tab=$(grep -E "^\| $nn .*\| ~[0-9]+ s" "$TOP/worksheets/README.md" | grep -oE '~[0-9]+ s' | head -n 1 | grep -oE '[0-9]+' || true)
	check "$name: run time ~$want s (schedule $sched s + 5), en says ${en:-nothing}" [ "${en:-}" = "$want" ]
	check "$name: run time ~$want s, pt-BR says ${pt:-nothing}" [ "${pt:-}" = "$want" ]
	check "$name: run time ~$want s, worksheets/README.md says ${tab:-nothing}" [ "${tab:-}" = "$want" ]
done

# make help lists make deps (the exercises worksheet and make test send
# the student to it).
check "make help lists deps" sh -c "make -s -C '$TOP' help | grep -q '^  make deps '"

# A run with a pause, in English and (leaklab report on a copy) in
# Portuguese: the summary's own words for the rule and the rate.
"$LEAKLAB" run "$TOP/lab/04-fixed.lab" --quiet --no-plot -o "$T/fixed" \
	--set 'rate=4/s for 2s, pause 1s' --set schedtrace=250 >/dev/null 2>&1 || true
check "a short run of lab 04 wrote its summary" test -s "$T/fixed/summary.txt"
cp -R "$T/fixed" "$T/fixed-pt"
LC_ALL= LANG=C.UTF-8 LANGUAGE=pt_BR "$LEAKLAB" report "$T/fixed-pt" >/dev/null 2>&1 || true
check "its summary in Portuguese" grep -q '^resumo do leaklab' "$T/fixed-pt/summary.txt"

# A sentence of the summary as an extended regex: its first number any
# number (the worksheet's run had other counts), everything else literal.
as_pattern() { sed 's/[][\.*^$()+?{}|/]/\\&/g; s/[0-9][0-9]*/[0-9N]+/'; }

# The rule a no-leak summary states ("... here 3 or more (2% of the
# requests sent, and never fewer than 3)"): worksheet 09 and its key quote
# it word for word, in the summary's language.
for lang in en pt-BR; do
	case $lang in en) sum=$T/fixed/summary.txt ;; *) sum=$T/fixed-pt/summary.txt ;; esac
	rule=$(grep -oE '[A-Z][^.]*\(2% [^)]*\)' "$sum" | head -n 1 || true)
	check "$lang: the no-leak summary states the rule in words" [ -n "$rule" ]
	pat=$(printf '%s' "$rule" | as_pattern)
	check "$lang: worksheet 09 quotes the rule as the summary words it ($rule)" \
		sh -c 'tr "\n" " " <"$1" | tr -s " " | grep -qE "$2"' _ "$TOP/worksheets/$lang/09-own-service.md" "$pat"
	check "$lang: the 09 key quotes the rule as the summary words it" \
		sh -c 'tr "\n" " " <"$1" | tr -s " " | tr -d "*" | grep -qE "$2"' _ "$TOP/worksheets/instructor/09-own-service.md" "$pat"
done

# The rate: the hunt quotes the summary's rate line (while sending, and over
# the whole schedule) as it is printed.
for lang in en pt-BR; do
	case $lang in en) sum=$T/fixed/summary.txt ;; *) sum=$T/fixed-pt/summary.txt ;; esac
	line=$(sed -n '/^ta[a-z]* *[0-9]/p; /^rate *[0-9]/p' "$sum" | head -n 1 | sed 's/^[a-z]* *//')
	check "$lang: the summary's rate line says while sending and over the schedule" [ -n "$line" ]
	# The worksheet's quote: from its first number to the closing backtick.
	quote=$(flat "$TOP/worksheets/$lang/10-hunt.md" | grep -oE '`20\.00/s [^`]*`' | head -n 1 | tr -d '`')
	norm_q=$(printf '%s' "$quote" | sed 's/[0-9][0-9.]*/N/g')
	norm_l=$(printf '%s' "$line" | sed 's/[0-9][0-9.]*/N/g')
	check "$lang: worksheet 10 quotes the rate line ($quote)" \
		sh -c 'test -n "$1" && case "$2" in "$1"*) true ;; *) false ;; esac' _ "$norm_q" "$norm_l"
done

# Portuguese: one word per idea, as po/GLOSSARY.pt_BR.md says.
check "pt-BR worksheets write timeout, never time-out" sh -c "! grep -rn 'time-out' '$TOP/worksheets/pt-BR/'"
for en_term in 'global run queue' 'local run queue'; do
	pt_term=$(grep -E "^\| $en_term \|" "$TOP/po/GLOSSARY.pt_BR.md" | cut -d'|' -f3 | sed 's/^ *//; s/ *$//')
	check "po/GLOSSARY.pt_BR.md has '$en_term'" [ -n "$pt_term" ]
	plural=$(printf '%s' "$pt_term" | sed 's/^fila \(.*\)l /filas \1is /')
	check "the pt-BR glossary says '$pt_term' for $en_term" \
		sh -c 'grep -qiF -- "$1" "$3" || grep -qiF -- "$2" "$3"' _ "$pt_term" "$plural" "$TOP/worksheets/pt-BR/glossary.md"
done
check "pt-BR worksheets: no 'Fila de Execução' in English capitals" \
	sh -c "! grep -rn 'Filas\\{0,1\\} de Execução' '$TOP/worksheets/pt-BR/'"
# The summary's lines by the labels the Portuguese summary prints: never
# 'resumo: `proof`' where it prints 'prova'.
awk '/^msgctxt "summary"/ { getline a; getline b; sub(/^msgid "/, "", a); sub(/"$/, "", a);
	sub(/^msgstr "/, "", b); sub(/"$/, "", b); if (a != b) print a }' "$TOP/po/pt_BR.po" >"$T/labels"
check "the Portuguese summary's labels are known" [ -s "$T/labels" ]
while read -r l; do
	check "pt-BR worksheets name the summary's '$l' line by its Portuguese label" \
		sh -c '! grep -rnF -- "resumo: \`$1\`" "$2"' _ "$l" "$TOP/worksheets/pt-BR/"
done <"$T/labels"

# make lab's first screen sends the student to the worksheet's predictions
# before the run, and the README says so.
check "make lab's first screen names worksheet 01 and its predictions" \
	sh -c "cd '$TOP' && LEAKLAB_NO_WAIT=1 sh scripts/lab-start.sh lab/01-cpu-leak.lab </dev/null | tr '\n' ' ' | tr -s ' ' | grep -q 'read worksheets/en/01-cpu-leak.md and write down your predictions'"
check "README sends make lab's student to worksheet 01's predictions first" \
	sh -c "flat() { tr '\n' ' ' <\"\$1\" | tr -s ' '; }; flat '$TOP/README.md' | grep -q 'worksheets/en/01-cpu-leak.md.*to write down your predictions first'"
check "worksheet 01 opens with the predictions first, in both languages" \
	sh -c "grep -q '^Predictions first' '$TOP/worksheets/en/01-cpu-leak.md' && grep -qi '^Previsões primeiro\\|^Primeiro as previsões' '$TOP/worksheets/pt-BR/01-cpu-leak.md'"
