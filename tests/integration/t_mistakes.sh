# A student's usual mistakes are answered with the fix, and exit 2: a key
# mistyped, a lab file that is not there, a --set value the shell split,
# a unit in another language, a command mistyped.
. "$(dirname "$0")/lib.sh"
cd "$TOP"
said() { # said NAME WANT LEAKLAB-ARGS...: exit 2 and WANT on stderr
	name=$1 want=$2
	shift 2
	set +e
	"$LEAKLAB" "$@" >"$T/$name.out" 2>"$T/$name.err"
	rc=$?
	set -e
	check "$name: exit 2 (got $rc)" [ "$rc" -eq 2 ]
	check "$name: says '$want'" grep -qF -- "$want" "$T/$name.err"
	check "$name: nothing on stdout" [ ! -s "$T/$name.out" ]
}
said key "unknown key 'gomaxproc'; did you mean 'gomaxprocs'?" run --set gomaxproc=2
printf 'name = x\nrat = 1/s for 1s\n' >"$T/x.lab"
said key-file "x.lab:2: unknown key 'rat'; did you mean 'rate'?" run "$T/x.lab"
said no-lab "did you mean lab/03-blocked-leak.lab?" run lab/03-blocked.lab
check "no lab: the labs are listed with their titles" grep -q '^  lab/01-cpu-leak.lab *Runnable leak' "$T/no-lab.err"
check "no lab: all ten" [ "$(grep -c '^  lab/[0-9][0-9]-.*\.lab ' "$T/no-lab.err")" -eq "$(ls lab/*.lab | wc -l)" ]
said split "quote it: --set 'rate=10/s for 5s'" run lab/01-cpu-leak.lab --set rate=10/s for 5s
said split-first "quote it: --set 'rate=10/s for 5s'" run --set rate=10/s for 5s lab/01-cpu-leak.lab
said unit "unknown unit 'segundo' in '10/segundo': use /s or /min" run --set 'rate=10/segundo for 5s'
said unit-dur "unknown unit 'segundos' in '5segundos'" run --set 'rate=10/s for 5segundos'
said command "did you mean 'run'?" rnu lab/01-cpu-leak.lab
