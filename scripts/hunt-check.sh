#!/bin/sh
# hunt-check.sh VARIANT ANSWER - is this the leak of mystery variant VARIANT?
#
#   make hunt-check VARIANT=3 ANSWER="kind=KIND endpoint=/PATH function=NAME condition=WHEN"
#   sh scripts/hunt-check.sh 3 "kind=KIND endpoint=/PATH function=NAME condition=WHEN"
#
# ANSWER has four fields, in any order, separated by spaces, commas or
# semicolons (a word that starts no field belongs to the one before it, so
# "endpoint=GET /products" works):
#   kind       what the stuck goroutines wait for:
#              send       a send on a channel nobody receives from any more
#              range      a range (or receive) on a channel nobody closes
#              mutex      a Lock on a mutex an earlier caller never unlocked
#              body       an HTTP response body nobody closed
#              waitgroup  a WaitGroup.Wait whose count never reaches zero
#              context    a wait on a context nobody cancels
#   endpoint   the path that starts them: /products (method and query ignored)
#   function   the function whose code you would change to fix it, by its
#              name alone or as the profile spells it: applyDiscount,
#              (*cart).applyDiscount, main.(*cart).applyDiscount.func1
#   condition  when it happens:
#              timeout    the client gave up (timed out) before the answer
#              error      a call the service makes fails now and then,
#                         whatever the request
#              input      a particular request value (a word, a SKU, a
#                         month, a coupon, a row of a file)
#
# It says which fields are right and exits 0 only when all four are. The
# answers are not in this file: only a salted SHA-256 of each, per variant
# and field, so reading the script tells nothing.
#
# Each check adds a row to hunt-check.tsv in the hunt's latest run
# (out/10-hunt-latest/; out/ when there is none; LEAKLAB_OUT names
# another out/): time, variant, try, then right, wrong or missing for
# each field, and all (yes or no). Never the answer's words.
set -u
. "$(dirname "$0")/i18n.sh"

prog=hunt-check
usage() {
	sed -n '2,29s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

[ $# -eq 2 ] || usage
variant=$1
answer=$2
case $variant in
[1-8]) ;;
'') echo "$(eval_gettext '$prog: no variant: give VARIANT=N, the number your instructor gave you (1..8)')" >&2; exit 2 ;;
*) echo "$(eval_gettext '$prog: variant $variant: must be a number from 1 to 8')" >&2; exit 2 ;;
esac
[ -n "$answer" ] || { echo "$(eval_gettext '$prog: empty answer')" >&2; usage; }

sha256() {
	if command -v sha256sum >/dev/null 2>&1; then
		printf '%s' "$1" | sha256sum | cut -d' ' -f1
	elif command -v shasum >/dev/null 2>&1; then
		printf '%s' "$1" | shasum -a 256 | cut -d' ' -f1
	else
		printf '%s' "$1" | openssl dgst -sha256 -r | cut -d' ' -f1
	fi
}

# field NAME: the raw value of field NAME in the answer ("" when absent).
field() {
	printf '%s\n' "$answer" | tr ',;\t' '   ' | awk -v want="$1" '
		function iskey(k) { k = tolower(k); return k == "kind" || k == "endpoint" || k == "function" || k == "condition" }
		{
			for (i = 1; i <= NF; i++) {
				w = $i
				eq = index(w, "="); co = index(w, ":")
				sep = (eq && iskey(substr(w, 1, eq - 1))) ? eq : (co && iskey(substr(w, 1, co - 1))) ? co : 0
				if (sep) {
					cur = tolower(substr(w, 1, sep - 1))
					val[cur] = substr(w, sep + 1)
				} else if (cur != "") {
					val[cur] = val[cur] (val[cur] == "" ? "" : " ") w
				}
			}
		}
		END { print val[want] }'
}

# The canonical form of each field: what the stored hashes were made from.
norm_kind() {
	w=$(printf '%s' "$1" | tr 'A-Z' 'a-z' | tr -cd 'a-z')
	case $w in
	send | chansend | channelsend | blockedsend | unbufferedsend) echo send ;;
	range | rangeloop | chanrange | rangeoverchannel | unclosedchannel | neverclosed | channelneverclosed) echo range ;;
	mutex | lock | unlock | missingunlock | syncmutex | syncmutexlock) echo mutex ;;
	body | respbody | responsebody | bodyclose | unclosedbody | httpbody) echo body ;;
	waitgroup | wg | syncwaitgroup | waitgroupwait | syncwaitgroupwait) echo waitgroup ;;
	context | ctx | cancel | missingcancel | contextcancel | ctxdone) echo context ;;
	*) echo "$w" ;;
	esac
}

norm_endpoint() {
	printf '%s\n' "$1" | tr 'A-Z' 'a-z' | awk '{
		p = $NF                       # "get /products" -> "/products"
		sub(/[?#].*/, "", p)
		sub(/^https?:\/\/[^\/]*/, "", p)
		if (substr(p, 1, 1) != "/") p = "/" p
		while (length(p) > 1 && substr(p, length(p)) == "/") p = substr(p, 1, length(p) - 1)
		print p
	}'
}

norm_function() {
	printf '%s\n' "$1" | tr 'A-Z' 'a-z' | awk '{
		f = $0
		sub(/\.func[0-9][0-9.]*[ \t]*$/, "", f)   # a closure: its function
		gsub(/[^a-z0-9_]+/, " ", f)
		n = split(f, w, " ")
		print n ? w[n] : ""
	}'
}

norm_condition() {
	w=$(printf '%s' "$1" | tr 'A-Z' 'a-z' | tr -cd 'a-z')
	case $w in
	timeout | timedout | gaveup | giveup | clientgaveup | clienttimeout | clientgone | deadline) echo timeout ;;
	error | errors | failure | fails | upstreamerror | partnererror | dependencyerror | flaky) echo error ;;
	input | badinput | certaininput | requestvalue | value | data) echo input ;;
	*) echo "$w" ;;
	esac
}

# Salted SHA-256 of "leaklab-hunt|VARIANT|FIELD|CANONICAL VALUE".
HASHES='
1 kind 57fb4a85957415fc9f54e4055ac3096ad961ed2ef99c1e5a64847b8814e97bd1
1 endpoint 5d70a0cb947269a82c637f16a8669bb7c1b287fe6b86dedd41f9fff129be9751
1 function 41a1e700abf91b8848d8a5ffa202d4483cf87731a833e52b492c704b74d233d9
1 condition 14c48f649062653e900cb7a5bd709e36db0328fcc2558b018c1167b717a71c9f
2 kind 99b8091296adc24b18056b3e1ed879a1ae39f72aa7d5fcc44989e3b0d73f80db
2 endpoint 676ffb10b93df1d4ca7b0fbbbf6291e02fa557a4e9674a7d2cd45f78c15c310e
2 function 2a6d81b40e821994a386d1854ae6050d58108ff952992470c04689c1f1ce89c6
2 condition 3ce1a4a5f4bb9a825ab6ab434b05bc093ca8e776f5e4d48672aabb1b87120526
3 kind ed0f830b9fadca8109bf903c414edb06e9893af2823f5c7f5acaf9e55b99bf1c
3 endpoint d4e666bc9e23257fe03705246b892e37af23117f8ddb6723e3d5761017f70dad
3 function 3fad3a71c372cdffe5e6a35119ac1419b9a466d3843302e3816467f5f43a1fb1
3 condition 3f8c0d9937684b1463675e6db8b0ed56038c991697ffa0689daf9810102ab115
4 kind 9d7f5048122aad9bbea897d7e9c3aae8d4993d0d0092e26857852f8baa32d7cc
4 endpoint 49fb4dbce5eca45a80e0fe8694e84e14c793a93e39bab7a3d038b81249096d6d
4 function 485e0e1b9d00b4d2dc3542a0aade146763cd703c075934f0c3277cb3ec48921e
4 condition 06cec9c99de3d3973b048c8aa259fee17d5494b6474a0763262b742978b1da51
5 kind 4576fceb7af60fe0950565de668f80479758e205081286236c3aded14cc07448
5 endpoint f836752880dda8394141e829bfe13ba1820dfde276474071f609daa3aa74b85f
5 function 378483f6e0f78665cffe1dd8b0eddf250a34f64696fa3f57139bb602bab41d3b
5 condition fc3651d8e21d377783c32ba20df40bc0b6a7c2f7acdf8ab74ed49a9535ed154c
6 kind d07f33ee64bc61ab71f3baf464f5e67393c2aa86244ea93a74d5d0fcd46a8666
6 endpoint de2a4c4dfe683f547b7016d8e096cfb768998e6588698df9d766dc2d2ff4ffd7
6 function c0f8b350f9c253c3e4852072576db6a24bc12488d11526c55a45de089ccfe642
6 condition 0eb481ddc1929261fbc19239694af21afa429bc49180ebe603c3511f9e63e142
7 kind 43eb1c349cc1371bb967235163092da9366929640d00c72d984728d384bafe92
7 endpoint da164d826a509ec7f2c814bd97f559a7efa26e9f2c3a6fc68d67e0c5d3792ba0
7 function 4b8b5c297908e5d1357429c925108ac6fe58648c1787829bfaf9ae1ecc532ceb
7 condition 7ac8617ff4bbea17ee3b43de35d0662b2411ae93fb2a6a34d609c69452a64f2f
8 kind 11aa4a0dca3c9d9923c43f60af92af8493f75d8feeedd059674a0242a90b0d47
8 endpoint de9f9368a1193e4603534207c75e5ca88fef78d289a22e70c68cbd525918ef0c
8 function 6bd8fa271f96e3909ae57551e8de30a6e2a92cbd098a5d57b43aa065ce547165
8 condition fdbd24c8a219eb2388e9b29ef1cf9dde600c4e3c29d4d4bad0b67da3c44db7ae
'

# record FIELD-RESULTS ALL: one row in hunt-check.tsv, in the hunt's
# latest run directory (out/ when there is none); 1 when it cannot.
record() {
	out=${LEAKLAB_OUT:-out}
	if [ -d "$out/10-hunt-latest" ]; then dir=$out/10-hunt-latest; else dir=$out; fi
	file=$dir/hunt-check.tsv
	mkdir -p "$dir" 2>/dev/null || return 1
	if [ ! -s "$file" ]; then
		printf 'time\tvariant\ttry\tkind\tendpoint\tfunction\tcondition\tall\n' >"$file" 2>/dev/null || return 1
	fi
	try=$(awk -F'\t' -v v="$variant" 'NR > 1 && $2 == v { n++ } END { print n + 1 }' "$file" 2>/dev/null) || return 1
	printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$variant" "$try" "$1" "$2" \
		>>"$file" 2>/dev/null || return 1
}

right=0 results=""
echo "$(eval_gettext '$prog: variant $variant')"
for f in kind endpoint function condition; do
	raw=$(field "$f")
	if [ -z "$raw" ]; then
		printf '  %-9s %s\n' "$f" "$(eval_gettext 'missing: write $f=...')"
		results="$results${results:+	}missing"
		continue
	fi
	canon=$("norm_$f" "$raw")
	want=$(printf '%s\n' "$HASHES" | awk -v v="$variant" -v f="$f" '$1 == v && $2 == f { print $3 }')
	if [ -n "$canon" ] && [ "$(sha256 "leaklab-hunt|$variant|$f|$canon")" = "$want" ]; then
		printf '  %-9s %-18s %s\n' "$f" "$canon" "$(gettext "right")"
		right=$((right + 1))
		results="$results${results:+	}right"
	else
		printf '  %-9s %-18s %s\n' "$f" "$canon" "$(gettext "wrong")"
		results="$results${results:+	}wrong"
	fi
done
[ "$right" -eq 4 ] && all=yes || all=no
tsv=${file:-hunt-check.tsv}
record "$results" "$all" || echo "$(eval_gettext '$prog: warning: cannot add this check to $tsv')" >&2
if [ "$right" -eq 4 ]; then
	echo "$(gettext "All four right: that is the leak. Now fix it, rebuild, and show the fix with a run.")"
	exit 0
fi
echo "$(eval_gettext '$right of 4 right.')"
exit 1
