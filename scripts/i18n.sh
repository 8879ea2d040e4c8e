# i18n.sh - sourced by the scripts a person runs: their messages in the
# reader's language through GNU gettext (gettext.sh: gettext, eval_gettext,
# the catalogue leaklab's build made, build/locale next to scripts/, or
# the installed one), English where gettext.sh is missing. Source it as
# . "$(dirname "$0")/i18n.sh".
TEXTDOMAIN=leaklab
if [ -n "${LEAKLAB_LOCALEDIR:-}" ]; then
	TEXTDOMAINDIR=$LEAKLAB_LOCALEDIR
elif [ -f "$(dirname "$0")/../build/locale/pt_BR/LC_MESSAGES/leaklab.mo" ]; then
	TEXTDOMAINDIR=$(cd "$(dirname "$0")/../build/locale" && pwd)
else
	TEXTDOMAINDIR=${PREFIX:-/usr/local}/share/locale
fi
export TEXTDOMAIN TEXTDOMAINDIR
if command -v gettext.sh >/dev/null 2>&1 && command -v envsubst >/dev/null 2>&1; then
	. gettext.sh
	# The messages' language as a tag, as leaklab says it: en or pt-BR.
	i18n_lang() { gettext -c "language tag" en 2>/dev/null || printf en; }
else
	# English: the message itself; eval_gettext's $name replaced by the
	# variable's value and nothing else run: backquotes, $( and
	# backslashes escaped first (a message may quote `make lecture`).
	gettext() { printf '%s' "$1"; }
	eval_gettext() {
		_i18n_m=$(printf '%s' "$1" | sed 's/[\\`"]/\\&/g; s/\$(/\\$(/g')
		eval "printf '%s' \"$_i18n_m\""
	}
	i18n_lang() { printf en; }
fi
