#!/bin/sh
# lab-start.sh [LAB_FILE] - before make lab runs a lab: send the student to
# its worksheet's predictions first (they are the lesson, and the run gives
# the answers away). On a terminal it waits for Enter; elsewhere (CI, a
# pipe) it only says so. LEAKLAB_NO_WAIT=1 skips the wait.
set -u
. "$(dirname "$0")/i18n.sh"
lab=${1:-lab/01-cpu-leak.lab}
name=$(basename "$lab" .lab)
case "${LANGUAGE:-}${LC_ALL:-}${LC_MESSAGES:-}${LANG:-}" in
pt*) first=pt-BR other=en ;;
*) first=en other=pt-BR ;;
esac
sheet=worksheets/$first/$name.md
[ -f "$sheet" ] || { sheet=worksheets/$other/$name.md; other=$first; }
[ -f "$sheet" ] || exit 0
# Three lines, each within 80 columns.
echo "$(eval_gettext 'leaklab: $name. Before it runs, read $sheet')"
echo "         $(eval_gettext 'and write down your predictions (also in worksheets/$other/):')"
echo "         $(gettext 'the run gives the answers.')"
if [ -t 0 ] && [ -t 1 ] && [ "${LEAKLAB_NO_WAIT:-}" != 1 ]; then
	printf '         %s ' "$(gettext "Press Enter to start (Ctrl-C to read first)")"
	read -r _ || exit 1
fi
exit 0
