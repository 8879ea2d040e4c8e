/* test_suggest.c - the closest word, for "did you mean ...?" */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "suggest.h"

static const char *const keys[] = {
	"name", "title", "command", "url", "pprof", "env", "endpoint", "target", "header", "rate", "timeout",
	"gomaxprocs", "schedtrace", "scheddetail", "probe", "probe_every", "sample_every", "duration",
	"ready_timeout", "server_flags", "verdict", "expected", "student",
};
#define N (sizeof(keys) / sizeof(keys[0]))

static void distances(void **state)
{
	(void)state;
	assert_int_equal(suggest_distance("rate", "rate"), 0);
	assert_int_equal(suggest_distance("rat", "rate"), 1);
	assert_int_equal(suggest_distance("gomaxporcs", "gomaxprocs"), 1);   /* a swap */
	assert_int_equal(suggest_distance("GOMAXPROCS", "gomaxprocs"), 0);
	assert_int_equal(suggest_distance("", "abc"), 3);
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
}

static void slips_find_their_key(void **state)
{
	static const struct { const char *typed, *want; } cases[] = {
		{ "rat", "rate" }, { "gomaxproc", "gomaxprocs" }, { "gomaxporcs", "gomaxprocs" },
		{ "GOMAXPROCS", "gomaxprocs" }, { "schedtrac", "schedtrace" }, { "sheddetail", "scheddetail" },
		{ "tiemout", "timeout" }, { "targets", "target" }, { "headers", "header" },
		{ "probe-every", "probe_every" }, { "expect", "expected" }, { "enpoint", "endpoint" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = suggest_closest(cases[i].typed, keys, N);

		if (!got || strcmp(got, cases[i].want) != 0)
			fail_msg("'%s': got '%s', want '%s'", cases[i].typed, got ? got : "(none)", cases[i].want);
	}
}

static void far_words_find_none(void **state)
{
	(void)state;
	assert_null(suggest_closest("banana", keys, N));
	assert_null(suggest_closest("x", keys, N));
	assert_null(suggest_closest("concurrency", keys, N));
	assert_null(suggest_closest("velocidade", keys, N));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(distances),
		cmocka_unit_test(slips_find_their_key),
		cmocka_unit_test(far_words_find_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
