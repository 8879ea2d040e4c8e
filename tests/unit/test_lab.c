/* test_lab.c - lab files: keys, values, errors with file:line */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lab.h"

static struct lab lab;
static struct lab_error err;

static int parse(const char *text)
{
	lab_defaults(&lab, "lab/07-test.lab");
	return lab_parse(&lab, text, strlen(text), "lab/07-test.lab", &err);
}

static void defaults_take_the_name_from_the_file(void **state)
{
	(void)state;
	lab_defaults(&lab, "some/dir/02-more-procs.lab");
	assert_string_equal(lab.name, "02-more-procs");
	assert_string_equal(lab.endpoint, "/leak");
	assert_int_equal(lab.gomaxprocs, 1);
	assert_int_equal(lab.schedtrace_ms, 1000);
	assert_string_equal(lab.probe, "/healthz");
}

static void every_key_parses(void **state)
{
	(void)state;
	assert_int_equal(parse("# a comment\n\n"
			       "name = my-lab\n"
			       "title = A title: C# stays # but this goes\n"
			       "  endpoint=/leak/chan  \n"
			       "rate = 5/s for 10s, pause 5s   # trailing comment\n"
			       "gomaxprocs = 4\n"
			       "schedtrace = 250\n"
			       "scheddetail = on\n"
			       "probe = \n"
			       "probe_every = 250ms\n"
			       "sample_every = 2s\n"
			       "duration = 1m\n"
			       "timeout = 800\n"
			       "server_flags = -max-leaks 500\n"), 0);
	assert_string_equal(lab.name, "my-lab");
	assert_string_equal(lab.title, "A title: C# stays");
	assert_string_equal(lab.endpoint, "/leak/chan");
	assert_string_equal(lab.rate, "5/s for 10s, pause 5s");
	assert_int_equal(lab.gomaxprocs, 4);
	assert_int_equal(lab.schedtrace_ms, 250);
	assert_int_equal(lab.scheddetail, 1);
	assert_string_equal(lab.probe, "");
	assert_true(lab.probe_every_ms == 250);
	assert_true(lab.sample_every_ms == 2000);
	assert_true(lab.duration_ms == 60000);
	assert_int_equal(lab.timeout_ms, 800);
	assert_string_equal(lab.server_flags, "-max-leaks 500");
}

static void errors_name_file_line_and_text(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "name = x\n\n\n\n\n\nrat = 5/s for 1s\n", "lab/07-test.lab:7: unknown key 'rat'" },
		{ "rate = ramp 1/s..\n", "lab/07-test.lab:1: rate: 'ramp 1/s..': expected a rate" },
		{ "gomaxprocs = 0\n", ":1: gomaxprocs: '0': expected a whole number from 1 to 1024" },
		{ "gomaxprocs = 2x\n", "gomaxprocs: '2x'" },
		{ "schedtrace = 5\n", "schedtrace: '5'" },
		{ "scheddetail = yes\n", "expected on or off" },
		{ "endpoint = leak\n", "must be a path on the server" },
		{ "endpoint = /le ak\n", "a space" },
		{ "probe_every = 5\n", "needs a unit" },
		{ "probe_every = 1ms\n", "shorter than 10 ms" },
		{ "name = a/b\n", "may hold only letters" },
		{ "just words\n", ":1: expected 'key = value', got 'just words'" },
		{ "= 5\n", "a value with no key" },
		{ "gomaxprocs = 1\ngomaxprocs = 2\n", ":2: 'gomaxprocs' is set twice (first on line 1)" },
		{ "server_flags = -addr 0.0.0.0:80\n", "'-addr' is set by leaklab itself" },
		{ "server_flags = --allow-remote\n", "'--allow-remote' is set by leaklab itself" },
		{ "server_flags = -exit-on-eof=false\n", "set by leaklab itself" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (parse(cases[i].text) == 0)
			fail_msg("'%s' should fail", cases[i].text);
		if (!strstr(err.msg, cases[i].want))
			fail_msg("'%s': got '%s', want '%s'", cases[i].text, err.msg, cases[i].want);
	}
}

static void nul_bytes_and_long_lines_are_errors(void **state)
{
	(void)state;
	char big[2048];
	const char nul[] = "name = a\0b\n";

	lab_defaults(&lab, "x.lab");
	assert_int_equal(lab_parse(&lab, nul, sizeof(nul) - 1, "x.lab", &err), -1);
	assert_non_null(strstr(err.msg, "NUL"));
	memset(big, 'a', sizeof(big));
	assert_int_equal(lab_parse(&lab, big, sizeof(big), "x.lab", &err), -1);
	assert_non_null(strstr(err.msg, "longer than"));
}

static void set_overrides_one_key(void **state)
{
	(void)state;
	assert_int_equal(parse("rate = 5/s for 10s\n"), 0);
	assert_int_equal(lab_set(&lab, "rate=1/s for 2s", &err), 0);
	assert_string_equal(lab.rate, "1/s for 2s");
	assert_int_equal(lab_set(&lab, " gomaxprocs = 3 ", &err), 0);
	assert_int_equal(lab.gomaxprocs, 3);
	assert_int_equal(lab_set(&lab, "gomaxprocs", &err), -1);
	assert_non_null(strstr(err.msg, "--set 'gomaxprocs': expected KEY=VALUE"));
	assert_int_equal(lab_set(&lab, "bogus=1", &err), -1);
	assert_non_null(strstr(err.msg, "unknown key 'bogus'"));
}

static void format_round_trips(void **state)
{
	(void)state;
	char text[4096];
	struct lab again;

	assert_int_equal(parse("name = rt\ntitle = T\nendpoint = /fixed\nrate = burst 5\ngomaxprocs = 2\n"
			       "scheddetail = on\nprobe_every = 1500ms\nduration = 30s\n"), 0);
	lab_format(&lab, text, sizeof(text));
	lab_defaults(&again, "other.lab");
	assert_int_equal(lab_parse(&again, text, strlen(text), "meta", &err), 0);
	assert_string_equal(again.name, lab.name);
	assert_string_equal(again.title, lab.title);
	assert_string_equal(again.endpoint, lab.endpoint);
	assert_string_equal(again.rate, lab.rate);
	assert_string_equal(again.probe, lab.probe);
	assert_string_equal(again.server_flags, lab.server_flags);
	assert_int_equal(again.gomaxprocs, lab.gomaxprocs);
	assert_int_equal(again.schedtrace_ms, lab.schedtrace_ms);
	assert_int_equal(again.scheddetail, lab.scheddetail);
	assert_int_equal(again.timeout_ms, lab.timeout_ms);
	assert_true(again.probe_every_ms == lab.probe_every_ms);
	assert_true(again.sample_every_ms == lab.sample_every_ms);
	assert_true(again.duration_ms == lab.duration_ms);
}

static void server_args_split_on_spaces(void **state)
{
	(void)state;
	char storage[512], *argv[LAB_MAX_SERVER_ARGS];

	assert_int_equal(parse("server_flags = -max-leaks 50   -lifetime 2m\n"), 0);
	assert_int_equal(lab_server_args(&lab, storage, sizeof(storage), argv, LAB_MAX_SERVER_ARGS, &err), 4);
	assert_string_equal(argv[0], "-max-leaks");
	assert_string_equal(argv[3], "2m");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_take_the_name_from_the_file),
		cmocka_unit_test(every_key_parses),
		cmocka_unit_test(errors_name_file_line_and_text),
		cmocka_unit_test(nul_bytes_and_long_lines_are_errors),
		cmocka_unit_test(set_overrides_one_key),
		cmocka_unit_test(format_round_trips),
		cmocka_unit_test(server_args_split_on_spaces),
	};
	return cmocka_run_group_tests_name("lab", tests, NULL, NULL);
}
