/* test_keyval.c - "key value" lines (the bundled server's /stats) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "keyval.h"

static void a_value_is_the_rest_of_its_line(void **state)
{
	(void)state;
	const char t[] = "goroutines 7\ngo_version go1.26.8 X:goroutineleakprofile\nuptime_ms 5\n";
	char v[64];

	assert_int_equal(keyval_get(t, sizeof(t) - 1, "go_version", v, sizeof(v)), 0);
	assert_string_equal(v, "go1.26.8 X:goroutineleakprofile");
	assert_int_equal(keyval_get(t, sizeof(t) - 1, "uptime_ms", v, sizeof(v)), 0);
	assert_string_equal(v, "5");
}

static void a_key_is_a_whole_word_at_the_start_of_a_line(void **state)
{
	(void)state;
	const char t[] = "goroutines_max 9\nx goroutines 3\ngoroutines 7";
	char v[64];

	assert_int_equal(keyval_get(t, sizeof(t) - 1, "goroutines", v, sizeof(v)), 0);
	assert_string_equal(v, "7");          /* the last line has no newline */
	assert_int_equal(keyval_get(t, sizeof(t) - 1, "missing", v, sizeof(v)), -1);
	assert_int_equal(keyval_get(t, 0, "goroutines", v, sizeof(v)), -1);
}

static void a_long_value_is_cut_to_the_buffer(void **state)
{
	(void)state;
	const char t[] = "go_version go1.26.8 X:goroutineleakprofile\n";
	char v[8];

	assert_int_equal(keyval_get(t, sizeof(t) - 1, "go_version", v, sizeof(v)), 0);
	assert_string_equal(v, "go1.26.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_value_is_the_rest_of_its_line),
		cmocka_unit_test(a_key_is_a_whole_word_at_the_start_of_a_line),
		cmocka_unit_test(a_long_value_is_cut_to_the_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
