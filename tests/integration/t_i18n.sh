# leaklab in Brazilian Portuguese: the catalogue compiles and covers every
# message of the sources; a run in Portuguese says everything in Portuguese
# (summary, report.html, charts, help, errors) while what programs read
# (summary.json, the TSVs, exit codes) stays byte for byte the same; C
# gives English; the point stays the decimal sign everywhere.
. "$(dirname "$0")/lib.sh"
cd "$TOP"
command -v msgfmt >/dev/null || skip_all "gettext is not installed (make deps installs it)"
pt() { LC_ALL= LC_MESSAGES= LANG=C.UTF-8 LANGUAGE=pt_BR "$@"; }

# --- The catalogue ---------------------------------------------------------
for po in po/*.po; do
	check "$po: msgfmt --check" msgfmt --check -o /dev/null "$po"
	msgfmt --statistics -o /dev/null "$po" 2>"$T/stats"
	check "$po: nothing fuzzy or untranslated ($(cat "$T/stats"))" sh -c "! grep -Eq 'fuzzy|untranslated' '$T/stats'"
done
check "every message of the sources is translated (make pot-check)" make -s pot-check
check "the compiled catalogue is where build/leaklab looks" test -s build/locale/pt_BR/LC_MESSAGES/leaklab.mo

# --- A run in Portuguese ---------------------------------------------------
set +e
pt env LEAKLAB_STUDENT="Zé <b>" "$LEAKLAB" run lab/03-blocked-leak.lab -o "$T/run" -q \
	--set 'rate=4/s for 3s, pause 3s' --set schedtrace=200 --set sample_every=500ms >"$T/run.out" 2>"$T/run.err"
rc=$?
set -e
check "a run in Portuguese exits 0 (got $rc)" [ "$rc" -eq 0 ]
S=$T/run/summary.txt
check "summary.txt: the verdict in Portuguese, the English name beside it" \
	grep -q '^veredito: vazamento bloqueado (blocked leak)$' "$S"
check "summary.txt: no English label left" sh -c "! grep -Eq '^(requests|rate|time slice|top stack|waiting on|expected|run) ' '$S'"
check "summary.txt: no English sentence left" sh -c "! grep -Eq ' sent of | per request|grew by|samples, |stayed up to the end' '$S'"
check "summary.txt: numbers keep the point" grep -Eq '[0-9]\.[0-9][0-9]/s' "$S"
check "summary.txt: no decimal comma" sh -c "! grep -Eq '[0-9],[0-9]' '$S'"
check "the terminal summary is summary.txt" sh -c "grep -qF \"\$(sed -n 4p '$S')\" '$T/run.out'"

# What programs read: the same in both languages.
pt "$LEAKLAB" report --json "$T/run" >"$T/pt.json"
"$LEAKLAB" report --json "$T/run" >"$T/en.json"
check "summary.json: byte-identical in Portuguese and English" cmp "$T/pt.json" "$T/en.json"
check "summary.json: the verdict as programs read it" grep -q '"verdict": "blocked leak"' "$T/en.json"
check "summary.json on disk is the English one" cmp "$T/run/summary.json" "$T/en.json"
check "trace.tsv's header stays English" sh -c "head -1 '$T/run/trace.tsv' | grep -q '^t_ms	'"

# English again from the same run: LC_ALL=C, whatever LANGUAGE says.
LC_ALL=C LANGUAGE=pt_BR "$LEAKLAB" report "$T/run" >"$T/en.txt"
check "LC_ALL=C: English even with LANGUAGE=pt_BR" grep -q '^verdict: blocked leak$' "$T/en.txt"
check "LC_ALL=C: the English labels" grep -q '^requests    ' "$T/en.txt"

# How a run ended and why a profile did not come: meta.txt keeps English,
# the summary says it in the reader's words.
cp -r "$T/run" "$T/cut"
sed -i -e 's/^ended: .*/ended: interrupted by Interrupt at 2.0 s/' -e 's/^partial: .*/partial: true/' \
	-e 's/^profile_final: .*/profile_final: not asked: the run was stopped/' "$T/cut/meta.txt"
pt "$LEAKLAB" report "$T/cut" >"$T/cut.txt"
check "a cut run in Portuguese: how it ended" grep -q 'interrompida por Interrupção aos 2.0 s' "$T/cut.txt"
check "a cut run in Portuguese: the profile not asked" grep -q 'não pedido: a execução foi interrompida' "$T/cut.txt"
"$LEAKLAB" report "$T/cut" >"$T/cut-en.txt"
check "a cut run in English: as meta.txt says" grep -q 'interrupted by Interrupt at 2.0 s' "$T/cut-en.txt"
pt "$LEAKLAB" report --json "$T/cut" >"$T/cut.json"
check "a cut run's summary.json: English" grep -q '"ended": "interrupted by Interrupt at 2.0 s"' "$T/cut.json"

# report.html in Portuguese.
pt "$LEAKLAB" plot "$T/run" >/dev/null 2>&1
P=$T/run/report.html
check "report.html: lang pt-BR" grep -q '<html lang="pt-BR">' "$P"
check "report.html: the verdict's word in Portuguese" grep -q '<div class="word">vazamento bloqueado' "$P"
check "report.html: the Portuguese worksheet first" sh -c "grep -o 'worksheets/[a-zA-Z-]*/03-blocked-leak.md' '$P' | head -1 | grep -q pt-BR"
check "report.html: the student's name escaped" grep -q 'Zé &lt;b&gt;' "$P"
# English sentences report.html once kept in Portuguese (the words of
# the page's own prose, never a file's name or a TSV value).
for w in 'Written by' 'The other charts' 'Hover for values' 'Expected:' 'goroutine profiles' 'growth since' 'Files of this run' \
	'<th>error</th>' '<th>aborted</th>'; do
	check "report.html: no '$w' left in Portuguese" sh -c '! grep -qF -- "$1" "$2"' _ "$w" "$P"
done
check "report.html: no remote reference" sh -c "! grep -Eiq '(src|href)=\"(https?:)?//|@import|url\\((https?:)?//|<link ' '$P'"

# --- Errors and help -------------------------------------------------------
set +e
pt "$LEAKLAB" run --set gomaxproc=2 >"$T/key.out" 2>"$T/key.err"
rc=$?
set -e
check "an error in Portuguese still exits 2 (got $rc)" [ "$rc" -eq 2 ]
check "an error in Portuguese keeps the key and the fix" grep -q "'gomaxprocs'" "$T/key.err"
check "an error in Portuguese is not the English one" sh -c "! grep -q 'unknown key' '$T/key.err'"

# --- Charts in Portuguese --------------------------------------------------
# The run above drew its charts in Portuguese (png); svg shows the words.
pt "$LEAKLAB" plot "$T/run" --format svg >/dev/null 2>&1
check "the queue chart's title in Portuguese (svg)" grep -q 'ninguém envia: goroutines na fila<' "$T/run/charts/queue.svg"
check "the x axis in Portuguese, its accent whole (svg)" grep -q 'tempo desde o início do programa (s)' "$T/run/charts/queue.svg"
check "plot.gp: no English key left" sh -c "! grep -q \"title 'global run queue'\" '$T/run/plot.gp'"
LC_ALL=C "$LEAKLAB" plot "$T/run" --format svg --fresh >/dev/null 2>&1
check "LC_ALL=C: the chart's title in English (svg)" grep -q 'goroutines waiting to run' "$T/run/charts/queue.svg"

# --- The status line under a terminal, in Portuguese ------------------------
if command -v script >/dev/null; then
	script -qec "stty cols 80 rows 24; LC_ALL= LC_MESSAGES= LANG=C.UTF-8 LANGUAGE=pt_BR '$LEAKLAB' run lab/04-fixed.lab -o '$T/tty' --no-plot --set 'rate=4/s for 1s' --set schedtrace=200 --set sample_every=500ms" /dev/null >"$T/tty.out" 2>&1 </dev/null || true
	check "the status line in Portuguese" grep -q 'enviadas [0-9]*  queued' "$T/tty.out"
	check "the status line: no English words" sh -c "! grep -q ' sent [0-9]*  queued' '$T/tty.out'"
else
	echo "skip: no script(1) for a pseudo-terminal: the status line is not checked"
fi

# --- The scripts a person runs ---------------------------------------------
set +e
LEAKLAB_OUT=$T/hunt pt sh scripts/hunt-check.sh 3 "kind=send endpoint=/x" >"$T/hunt.pt" 2>&1
LEAKLAB_OUT=$T/hunt LC_ALL=C sh scripts/hunt-check.sh 3 "kind=send endpoint=/x" >"$T/hunt.en" 2>&1
pt sh scripts/exercises.sh -h >"$T/ex.pt" 2>&1
LC_ALL=C LANGUAGE=pt_BR sh scripts/exercises.sh -h >"$T/ex.en" 2>&1
set -e
check "hunt-check in Portuguese: its words" grep -q 'de 4 certos\.$' "$T/hunt.pt"
check "hunt-check in Portuguese: a missing field said so" grep -q 'faltando: escreva condition=' "$T/hunt.pt"
check "hunt-check in English under LC_ALL=C" grep -q 'of 4 right\.$' "$T/hunt.en"
check "exercises' help in Portuguese" grep -q '^uso: sh scripts/exercises.sh' "$T/ex.pt"
check "exercises' help in English under LC_ALL=C" grep -q '^usage: sh scripts/exercises.sh' "$T/ex.en"

# --- make passes the language on -------------------------------------------
mkdir -p "$T/none"
env -u LC_ALL -u LC_MESSAGES -u LANG make -s --no-print-directory progress LANGUAGE=pt_BR OUT="$T/none" >"$T/make.pt" 2>&1 || true
LC_ALL=C make -s --no-print-directory progress LANGUAGE=pt_BR OUT="$T/none" >"$T/make.en" 2>&1 || true
check "make progress LANGUAGE=pt_BR (no LANG): Portuguese" grep -q '^O seu curso em' "$T/make.pt"
check "make progress under LC_ALL=C: English whatever LANGUAGE says" grep -q '^Your course in' "$T/make.en"

# --- A title gnuplot must print as it is -------------------------------------
# Quotes, a backslash, enhanced-text signs, $( ) and backquotes: literal in
# the chart (nothing run, nothing styled), the accent whole.
odd='Vaza '"'"'b'"'"' "x" \ @a&b^c_d{e} $(echo oi) `echo oi` ção'
pt "$LEAKLAB" run lab/03-blocked-leak.lab -o "$T/odd" -q --format svg --set 'rate=4/s for 1s' --set schedtrace=200 \
	--set sample_every=500ms --set "title.pt_BR=$odd" >/dev/null 2>&1 || true
check "an odd title prints literally in the chart (svg)" \
	grep -qF "<text>Vaza 'b' \"x\" \\ @a&amp;b^c_d{e} \$(echo oi) \`echo oi\` ção: goroutines na fila</text>" "$T/odd/charts/queue.svg"
