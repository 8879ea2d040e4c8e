# A student's correct fixes never turn make test red: in a clone of the
# kit, fix two exercises and lab 09's shop as the worksheets ask (the
# instructor's solutions), then run the parts of make test that look at
# that code (gotest and exercises-check, with the local Go): both pass,
# and say that the fixed files are checked as shipped.
. "$(dirname "$0")/lib.sh"
cd "$TOP"
command -v git >/dev/null && git rev-parse --verify -q HEAD >/dev/null || skip_all "not a git checkout: no clone to make"

git clone -q "$TOP" "$T/kit" || fail "git clone"
cd "$T/kit"
cp "$TOP/worksheets/instructor/solutions/02-range/"* go-example/exercises/02-range/
cp "$TOP/worksheets/instructor/solutions/05-mutex/"* go-example/exercises/05-mutex/
cp "$TOP/worksheets/instructor/solutions/shop/"* go-example/shop/
check "the fixes are in the clone's working copy" sh -c "! git diff --quiet -- go-example"
# The shop's own test now passes: the student sees the fix work.
check "the fixed shop's test passes (go test ./shop)" \
	sh -c "cd go-example && GOTOOLCHAIN=local GOPROXY=off go test -count=1 ./shop >/dev/null"

LEAKLAB_GO_ONLY=local sh scripts/gotest.sh >"$T/gotest.out" 2>&1 || { cat "$T/gotest.out"; fail "gotest with the fixes"; }
check "gotest passes with the student's fixes" grep -q 'toolchains passed' "$T/gotest.out"
STRICT=0 GO119=/nonexistent GO127=/nonexistent sh tests/exercises-check.sh >"$T/ex.out" 2>&1 ||
	{ cat "$T/ex.out"; fail "exercises-check with the fixes"; }
check "exercises-check passes: 0 unexpected" grep -q ' 0 unexpected' "$T/ex.out"
for d in exercises/02-range exercises/05-mutex shop; do
	check "exercises-check says go-example/$d is checked as shipped" grep -q "^note: go-example/$d differs" "$T/ex.out"
done
check "exercise 02 was checked red as shipped" grep -q '^ok .* 02-range *red FAIL' "$T/ex.out"
