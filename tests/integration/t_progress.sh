# The course at a glance (leaklab progress) and the records it reads:
# every lab's state from a real run and crafted ones (met, not met,
# partial, unreadable, not run), the hunt's checks, the exercises' bar,
# the next step, 80 columns and fewer than 24 lines, exit codes;
# hunt-check.sh's record (right, wrong, missing, never the answer's
# words); exercises.sh's record and the exit status of one exercise.
. "$(dirname "$0")/lib.sh"
cd "$TOP"

# run_dir DIR VERDICT EXPECTED PARTIAL: a crafted run directory.
run_dir() {
	mkdir -p "$1"
	printf 'leaklab_version: 0.1.0\nstate: ended\npartial: %s\n--- lab as run ---\nname = x\n' "$4" >"$1/meta.txt"
	met=false
	[ "$2" = "$3" ] && met=true
	printf '{\n  "lab": "x",\n  "verdict": "%s",\n  "expected": "%s",\n  "expected_met": %s,\n  "partial": %s\n}\n' \
		"$2" "$3" "$met" "$4" >"$1/summary.json"
}
latest() { ln -s "$(basename "$2")" "$1/$(basename "$2" | sed 's/-[0-9]*$//')-latest"; }
progress() { # progress NAME ARGS...: stdout to $T/NAME, its exit code in $rc
	name=$1; shift
	set +e
	"$LEAKLAB" progress "$@" >"$T/$name" 2>"$T/$name.err"
	rc=$?
	set -e
}
row() { grep "^  $2 " "$T/$1" | sed 's/  */ /g'; }   # row OUTPUT LAB: its line, blanks squeezed
fits() { # fits FILE: every line at most 80 columns (a UTF-8 character one), fewer than 24 lines
	LC_ALL=C sed 's/[\x80-\xbf]//g' "$1" | awk '{ if (length($0) > 80) { print "too wide: " $0; bad = 1 } } END { if (NR >= 24) { print NR " lines"; bad = 1 } exit bad }'
}

# --- A course: one real run, the others crafted -------------------------
O=$T/out
mkdir -p "$O"
"$LEAKLAB" run lab/01-cpu-leak.lab -o "$O/01-cpu-leak-1" -q --no-plot \
	--set 'rate=5/s for 2s' --set schedtrace=200 --set probe= --set sample_every=500ms >/dev/null 2>"$T/run.err" ||
	fail "the real run failed: $(cat "$T/run.err")"
latest "$O" "$O/01-cpu-leak-1"
run_dir "$O/02-more-procs-1" "runnable leak" "runnable leak" false; latest "$O" "$O/02-more-procs-1"
run_dir "$O/03-blocked-leak-1" "no leak" "blocked leak" false; latest "$O" "$O/03-blocked-leak-1"
run_dir "$O/04-fixed-1" "no leak" "no leak" true; latest "$O" "$O/04-fixed-1"
run_dir "$O/05-latency-1" "runnable leak" "runnable leak" false; latest "$O" "$O/05-latency-1"
printf '{\n  "lab": "05-latency",\n  "verdict": "runn' >"$O/05-latency-1/summary.json"   # cut by a full disk
run_dir "$O/06-burst-1" "x" "x" false; latest "$O" "$O/06-burst-1"
printf '{\n  "lab": "06-burst",\n  "queued_max": 3\n}\n' >"$O/06-burst-1/summary.json"  # an older leaklab's
ln -s 08-leak-profile-gone "$O/08-leak-profile-latest"                             # its run was deleted
mkdir -p "$O/09-own-service-1"
printf 'leaklab_version: 0.1.0\nstate: running\n' >"$O/09-own-service-1/meta.txt"     # killed: no summary
latest "$O" "$O/09-own-service-1"
mkdir -p "$O/10-hunt-1"
printf 'leaklab_version: 0.1.0\nstate: ended\n--- lab as run ---\nname = 10-hunt\nenv = MYSTERY_VARIANT=3\n' \
	>"$O/10-hunt-1/meta.txt"
latest "$O" "$O/10-hunt-1"
printf 'time\tvariant\ttry\tkind\tendpoint\tfunction\tcondition\tall\n' >"$O/10-hunt-1/hunt-check.tsv"
printf '2026-12-03T10:00:00Z\t3\t1\tright\twrong\tmissing\tright\tno\n' >>"$O/10-hunt-1/hunt-check.tsv"
printf '2026-12-03T10:05:00Z\t3\t2\tright\tright\twrong\tright\tno\n' >>"$O/10-hunt-1/hunt-check.tsv"
printf 'time\tstudent\texercise\tstate\n' >"$O/exercises.tsv"
i=0
for ex in 01-timeout 02-range 03-first-error 04-generator 05-mutex 06-waitgroup 07-http-body 08-context 09-spinner; do
	i=$((i + 1)); st="not fixed"; [ $((i % 3)) -eq 2 ] && st=fixed
	printf '2026-12-03T10:00:00Z\tAna\t%s\t%s\n' "$ex" "$st" >>"$O/exercises.tsv"
done

start=$(date +%s%N)
progress course "$O"
took=$(( ($(date +%s%N) - start) / 1000000 ))
echo "leaklab progress took ${took} ms"
cat "$T/course"
check "progress: exit 0" [ "$rc" -eq 0 ]
check "progress: nothing on stderr" [ ! -s "$T/course.err" ]
real_met=$(jval "$O/01-cpu-leak-latest/summary.json" expected_met)
real_verdict=$(jval "$O/01-cpu-leak-latest/summary.json" verdict)
if [ "$real_met" = true ]; then
	check "real run: met ($real_verdict)" [ "$(row course 01-cpu-leak)" = " 01-cpu-leak met runnable leak" ]
else
	check "real run: not met ($real_verdict)" \
		[ "$(row course 01-cpu-leak)" = " 01-cpu-leak not met showed $real_verdict, expected runnable leak" ]
fi
check "met" [ "$(row course 02-more-procs)" = " 02-more-procs met runnable leak" ]
check "not met" [ "$(row course 03-blocked-leak)" = " 03-blocked-leak not met showed no leak, expected blocked leak" ]
check "partial (summary.json)" [ "$(row course 04-fixed)" = " 04-fixed partial interrupted (so far: no leak): run it again" ]
check "unreadable: a cut summary.json, where" sh -c "grep -q '^  05-latency  *unreadable: summary.json:3: ' '$T/course'"
check "unreadable: an old summary.json, why" sh -c "grep -q '^  06-burst  *unreadable: summary.json has no verdict' '$T/course'"
check "not run" [ "$(row course 07-mutex-leak)" = " 07-mutex-leak not run" ]
check "unreadable: a -latest that points nowhere" sh -c "grep -q '^  08-leak-profile  *unreadable: 08-leak-profile-latest points to no run' '$T/course'"
check "partial (meta.txt: still running, no summary)" sh -c "grep -q '^  09-own-service  *partial  *interrupted, or still running' '$T/course'"
check "the hunt: its variant, its checks, the last one's score" \
	[ "$(row course 10-hunt)" = " 10-hunt checked variant 3: 2 checks, 3 of 4 right in the last" ]
check "the exercises: 3 of 9 and the bar" [ "$(row course exercises)" = " exercises 3 of 9 fixed [.#..#..#.]" ]
check "title: labs met of 9, the worksheets in English" sh -c "tr -s ' \\n' '  ' <'$T/course' | grep -q '^Your course in $O/: [23] of 9 labs met; worksheets in worksheets/en/ '"
if [ "$real_met" = true ]; then want=03-blocked-leak; else want=01-cpu-leak; fi
check "next: the first lab not met ($want), its worksheet and make lab" \
	sh -c "grep -A1 '^Next: read worksheets/en/$want.md, then:' '$T/course' | grep -qx '  make lab LAB=lab/$want.lab'"
check "fits 80 columns, fewer than 24 lines" fits "$T/course"
COLUMNS=200 progress wide "$O"
check "COLUMNS=200 without a terminal: still 80 columns" fits "$T/wide"
check "no colour when stdout is no terminal" sh -c "! grep -q \"$(printf '\033')\" '$T/wide'"
LC_ALL= LANG=C.UTF-8 LANGUAGE=pt_BR progress pt "$O"
check "Portuguese: the next worksheet is worksheets/pt-BR/'s" grep -q "worksheets/pt-BR/$want.md" "$T/pt"
check "Portuguese: still 80 columns, fewer than 24 lines" fits "$T/pt"
check "Portuguese: the verdict in Portuguese words" grep -Eq '^  01-cpu-leak +atingido +vazamento runnable$' "$T/pt"

if command -v script >/dev/null; then
	TERM=xterm script -qec "stty cols 100 rows 30; '$LEAKLAB' progress '$O'" /dev/null >"$T/tty" 2>&1 </dev/null
	check "colour on a terminal" grep -q "$(printf '\033')\[1;32mmet" "$T/tty"
	TERM=xterm NO_COLOR=1 script -qec "'$LEAKLAB' progress '$O'" /dev/null >"$T/tty-no" 2>&1 </dev/null
	check "NO_COLOR: none on a terminal either" sh -c "! grep -q \"$(printf '\033')\" '$T/tty-no'"
else
	skip "script (util-linux) is not here: colour on a terminal not checked"
fi

# --- The next step along the course --------------------------------------
N=$T/next
mkdir -p "$N"
progress fresh "$N"
check "a fresh course: every lab not run" [ "$(grep -c ' not run$' "$T/fresh")" -eq 10 ]
check "a fresh course: exercises say run make exercises" grep -q '^  exercises  *no record yet: run make exercises' "$T/fresh"
check "a fresh course: next is lab 01" grep -qx '  make lab LAB=lab/01-cpu-leak.lab' "$T/fresh"
for l in lab/0*.lab; do
	n=$(basename "$l" .lab)
	run_dir "$N/$n-1" "$(sed -n 's/^expected = //p' "$l")" "$(sed -n 's/^expected = //p' "$l")" false
	latest "$N" "$N/$n-1"
done
progress labs "$N"
check "every lab met: 9 of 9" grep -q ': 9 of 9 labs met' "$T/labs"
check "every lab met: next is the hunt" grep -qx '  make hunt VARIANT=N' "$T/labs"
mkdir -p "$N/10-hunt-1"
printf 'leaklab_version: 0.1.0\nstate: ended\n--- lab as run ---\nname = 10-hunt\nenv = MYSTERY_VARIANT=5\n' >"$N/10-hunt-1/meta.txt"
latest "$N" "$N/10-hunt-1"
progress hunt "$N"
check "the hunt run, its variant from its lab as run: not checked yet" \
	[ "$(row hunt 10-hunt)" = " 10-hunt run variant 5, not checked yet" ]
check "the hunt run: next is make hunt-check with its variant" \
	grep -q '^  make hunt-check VARIANT=5 ANSWER=' "$T/hunt"

# --- hunt-check.sh's record ------------------------------------------------
hc() { # hc NAME VARIANT ANSWER: the checker's stdout, stderr, exit code
	set +e
	LEAKLAB_OUT=$N sh scripts/hunt-check.sh "$2" "$3" >"$T/$1.out" 2>"$T/$1.err"
	hrc=$?
	set -e
}
hc wrong 5 "kind=send endpoint=/x function=f condition=always"
check "hunt-check wrong: exit 1 as before" [ "$hrc" -eq 1 ]
check "hunt-check: the record is in the hunt's run" [ -f "$N/10-hunt-1/hunt-check.tsv" ]
check "hunt-check: its header" [ "$(head -n 1 "$N/10-hunt-1/hunt-check.tsv")" = "$(printf 'time\tvariant\ttry\tkind\tendpoint\tfunction\tcondition\tall')" ]
check "hunt-check: wrong, try 1" [ "$(tail -n 1 "$N/10-hunt-1/hunt-check.tsv" | cut -f2-)" = "$(printf '5\t1\twrong\twrong\twrong\twrong\tno')" ]
check "hunt-check: the time is ISO 8601 UTC" sh -c "tail -n 1 '$N/10-hunt-1/hunt-check.tsv' | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z	'"
hc missing 5 "kind=send endpoint=/orders"
check "hunt-check: missing fields, try 2" [ "$(tail -n 1 "$N/10-hunt-1/hunt-check.tsv" | cut -f2-)" = "$(printf '5\t2\twrong\twrong\tmissing\tmissing\tno')" ]
# Variant 3's answer (the instructor's key, worksheets/instructor/10-hunt.md).
hc right3 3 "kind=mutex endpoint=/inventory function=level condition=input"
check "hunt-check right: exit 0 as before" [ "$hrc" -eq 0 ]
check "hunt-check: another variant counts from try 1, all yes" \
	[ "$(tail -n 1 "$N/10-hunt-1/hunt-check.tsv" | cut -f2-)" = "$(printf '3\t1\tright\tright\tright\tright\tyes')" ]
check "hunt-check: no word of any answer in the record" \
	sh -c "! grep -Eiq 'send|/x|always|orders|mutex|inventory|level|input' '$N/10-hunt-1/hunt-check.tsv'"
check "hunt-check: rows of 8 fields" awk -F'\t' 'NF != 8 { exit 1 }' "$N/10-hunt-1/hunt-check.tsv"
progress hunt2 "$N"
check "progress: the hunt's own variant (5), not the last checked (3)" \
	[ "$(row hunt2 10-hunt)" = " 10-hunt checked variant 5: 2 checks, 0 of 4 right in the last" ]
rm -f "$N/10-hunt-latest"
hc nohunt 3 "kind=mutex endpoint=/inventory function=level condition=input"
check "hunt-check without a hunt run: the record in OUTDIR" [ -f "$N/hunt-check.tsv" ]
latest "$N" "$N/10-hunt-1"
LEAKLAB_OUT=/dev/null/nowhere sh scripts/hunt-check.sh 3 "kind=mutex endpoint=/inventory function=level condition=input" \
	>"$T/ro.out" 2>"$T/ro.err" && hrc=0 || hrc=$?
check "hunt-check, record not writable: still exit 0 when right" [ "$hrc" -eq 0 ]
check "hunt-check, record not writable: one warning line" [ "$(wc -l <"$T/ro.err")" -eq 1 ]
check "hunt-check, record not writable: the same verdict on stdout" cmp -s "$T/ro.out" "$T/nohunt.out"
set +e
LEAKLAB_OUT=$N sh scripts/hunt-check.sh 9 "kind=send" >/dev/null 2>&1
set -e
check "hunt-check, a bad variant: nothing recorded" sh -c "! cut -f2 '$N/10-hunt-1/hunt-check.tsv' | grep -qx 9"

# --- exercises.sh's record and exit status ---------------------------------
if ! command -v go >/dev/null; then
	skip "no Go toolchain: exercises.sh not run"
else
	K=$T/kit
	mkdir -p "$K"
	cp -R scripts go-example "$K/"
	cp worksheets/instructor/solutions/02-range/* "$K/go-example/exercises/02-range/"
	ex() { # ex NAME ARGS...: exercises.sh in the kit's copy
		set +e
		LEAKLAB_OUT=$N LEAKLAB_STUDENT="$(printf 'Ana\tSouza')" GO=go sh "$K/scripts/exercises.sh" "$@" \
			>"$T/$name.out" 2>"$T/$name.err"
		erc=$?
		set -e
	}
	name=all ex
	check "exercises, one fixed: exit 1 (not every one)" [ "$erc" -eq 1 ]
	check "exercises: says 1 of 9" grep -q '^exercises: 1 of 9 fixed \[\.#\.\.\.\.\.\.\.\]' "$T/all.out"
	R=$N/exercises.tsv
	check "exercises.tsv: its header" [ "$(head -n 1 "$R")" = "$(printf 'time\tstudent\texercise\tstate')" ]
	check "exercises.tsv: one row per exercise" [ "$(tail -n +2 "$R" | wc -l)" -eq 9 ]
	check "exercises.tsv: 02-range fixed, the student's tab a space" \
		grep -qE "^[0-9-]{10}T[0-9:]{8}Z	Ana Souza	02-range	fixed\$" "$R"
	check "exercises.tsv: the others not fixed" [ "$(grep -c '	not fixed$' "$R")" -eq 8 ]
	check "exercises.tsv: no temporary file left" sh -c "! ls -a '$N' | grep -q '^\.exercises'"
	progress ex "$N"
	check "progress reads it: 1 of 9 and the bar" [ "$(row ex exercises)" = " exercises 1 of 9 fixed [.#.......]" ]
	name=one ex -v 02
	check "exercises -v 02 (fixed): exit 0" [ "$erc" -eq 0 ]
	check "exercises -v 02: go test -v says PASS" grep -q '^PASS' "$T/one.out"
	name=other ex 03
	check "exercises 03 (not fixed): exit 1" [ "$erc" -eq 1 ]
	# In Portuguese: the hint from README.pt-BR.md, in its words.
	LC_ALL= LC_MESSAGES= LANG=C.UTF-8 LANGUAGE=pt_BR LEAKLAB_LOCALEDIR="$TOP/build/locale" LEAKLAB_OUT=$N GO=go \
		sh "$K/scripts/exercises.sh" 03 >"$T/pt.out" 2>&1 || true
	P=$K/go-example/exercises/03-first-error/README.pt-BR.md
	first=$(awk '$0 ~ "<summary>Dica 1[:<]" { on = 1; next } on && NF { print; exit }' "$P")
	check "exercises 03 in Portuguese: 'Dica 1:'" grep -q '^Dica 1:$' "$T/pt.out"
	check "exercises 03 in Portuguese: the hint's words from README.pt-BR.md" \
		sh -c '[ -n "$1" ] && grep -qF -- "$1" "$2"' _ "$first" "$T/pt.out"
	check "exercises 03 in Portuguese: the next hint, in README.pt-BR.md" \
		grep -q 'README.pt-BR.md. Próxima dica: sh scripts/exercises.sh -n 2 03' "$T/pt.out"
	check "exercises 03 in English under LC_ALL=C: 'Hint 1:'" grep -q '^Hint 1:$' "$T/other.out"
	rm -f "$R"
	name=help ex -h
	check "exercises -h: exit 0, no record written" sh -c "[ $erc -eq 0 ] && [ ! -e '$R' ]"
	check "exercises -h: the exit status is in the usage" grep -q 'with EXERCISE, 0 when that' "$T/help.out"
fi

# --- Usage -----------------------------------------------------------------
progress help --help
check "progress --help: exit 0, on stdout" sh -c "[ $rc -eq 0 ] && grep -q '^usage: leaklab progress \[OUTDIR\]' '$T/help'"
progress two "$O" "$N"
check "progress with two directories: exit 2" [ "$rc" -eq 2 ]
check "progress with two directories: says so" grep -q 'leaklab: progress: give at most one directory' "$T/two.err"
progress none "$T/nothing-here"
check "progress of no directory: exit 2, naming it" sh -c "[ $rc -eq 2 ] && grep -q \"'$T/nothing-here' is no directory\" '$T/none.err'"
progress bad --colour
check "progress --colour: exit 2" [ "$rc" -eq 2 ]
if [ -d /usr/local/share/leaklab/lab ]; then
	skip "leaklab is installed here: progress finds its labs anywhere"
else
	(cd "$T" && "$LEAKLAB" progress >/dev/null 2>"$T/nolab.err") && nrc=0 || nrc=$?
	check "progress without lab/ here: exit 2, says where to run it" \
		sh -c "[ $nrc -eq 2 ] && grep -q 'run it from the kit' '$T/nolab.err'"
fi
