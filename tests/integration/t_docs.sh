# The README says what the program does: its chart table names every chart
# leaklab draws, its lab keys are the keys leaklab reads, 'make help' lists
# every make target.
. "$(dirname "$0")/lib.sh"
cd "$TOP"

# The rows of a markdown table after the line HEADING, first cell unquoted.
table_names() {
	awk -v h="$1" 'index($0, h) == 1 { on = 1; next } on && /^\|[-|]+$/ { next }
		on && /^\|/ { split($0, c, "|"); gsub(/[ `]/, "", c[2]); print c[2]; next } on { exit }' README.md
}
want=$("$LEAKLAB" plot --list | cut -f1 | sort)
got=$(table_names "| chart | what it shows |" | sort)
check "README's chart table names the charts of 'leaklab plot --list' ($(echo $want))" [ "$want" = "$got" ]

keys=$("$LEAKLAB" run --help | sed -n '/^Lab keys/,/^$/p' | sed -n 's/^  \([a-z_][a-z_.]*\) .*/\1/p' | sort)
readme=$(sed -n '/^\*\*Lab files\*\*/,/^$/p' README.md | grep -o '`[a-z_][a-z_]*`' | tr -d '`' | sort -u)
for k in $keys; do
	check "README's lab files paragraph names the key '$k'" sh -c "echo '$readme' | grep -qx '$k'"
done

phony=$(sed -n '/^\.PHONY:/,/^$/p' Makefile | tr ' \\\t' '\n\n\n' | grep -v -e '^\.PHONY:' -e '^$')
hidden=$(sed -n 's/^HELP_HIDDEN *:= *//p' Makefile)
help=$(make -s help)
for t in $phony; do
	case " $hidden " in *" $t "*) continue ;; esac
	check "make help lists '$t'" sh -c "printf '%s\n' \"\$1\" | grep -q \"make $t\\b\"" - "$help"
done
