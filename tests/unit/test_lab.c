/* test_lab.c - lab files: keys, values, errors with file:line */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
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
	assert_int_equal(lab.ntargets, 1);
	assert_string_equal(lab.targets[0].method, "GET");
	assert_string_equal(lab.targets[0].path, "/leak");
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
	assert_int_equal(lab.ntargets, 1);
	assert_string_equal(lab.targets[0].path, "/leak/chan");
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
		{ "= 5\n", "'= 5': a value with no key before the '='" },
		{ "endpoint = /a\ntarget = GET /b\n", ":2: target: the endpoint is named already (line 1)" },
		{ "target = GET /b\nendpoint = /a\n", ":2: endpoint: the targets are named already (line 1)" },
		{ "target = get /x\n", "'get' is not an HTTP method" },
		{ "target = GET\n", "expected 'METHOD PATH" },
		{ "target = GET x\n", "must be a path on the server" },
		{ "target = POST /x weight=0\n", "the weight is a whole number from 1" },
		{ "target = POST /x body=inline\n", "a body comes from a file: body=@FILE" },
		{ "target = POST /x color=red\n", "unknown 'color=red'" },
		{ "header = NoColon\n", "expected 'Name: value'" },
		{ "header = Bad Name: x\n", "'Bad Name' is not a header name" },
		{ "header = Content-Length: 5\n", "'Content-Length' is set by leaklab itself" },
		{ "command = go run 'unclosed\n", "a ' that is never closed" },
		{ "command = \n", "command: empty" },
		{ "url = 127.0.0.1:8080\n", "expected http://HOST:PORT" },
		{ "ready_timeout = 20m\n", "is longer than 600 s" },
		{ "verdict = maybe\n", "expected shown or hidden" },
		{ "name = ..\n", "cannot name a run" },
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

/* A long --set keeps its reason in the message (it was cut off before). */
static void long_set_values_keep_the_reason(void **state)
{
	(void)state;
	char big[700];

	memset(big, 'x', sizeof(big));
	memcpy(big, "gomaxprocs=", 11);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(parse(""), 0);
	assert_int_equal(lab_set(&lab, big, &err), -1);
	assert_non_null(strstr(err.msg, "expected a whole number from 1 to 1024"));
	assert_true(strlen(err.msg) < 300);
}

/* Targets, headers and the command: the own-program keys. */
static void targets_headers_and_command(void **state)
{
	(void)state;
	char storage[1024], *argv[LAB_MAX_WORDS];

	assert_int_equal(parse("command = go run ./cmd/shop -flag 'two words' \"x\\\"y\" a\\ b\n"
			       "target = POST /api/checkout weight=3 body=@lab/checkout.json\n"
			       "target = GET /search?q=shoes\n"
			       "header = Content-Type: application/json\n"
			       "header = X-Test: 1\n"
			       "url = http://127.0.0.1:8080/ignored/path\n"
			       "ready_timeout = 90s\n"
			       "verdict = hidden\n"), 0);
	assert_int_equal(lab.ntargets, 2);
	assert_string_equal(lab.targets[0].method, "POST");
	assert_string_equal(lab.targets[0].path, "/api/checkout");
	assert_int_equal(lab.targets[0].weight, 3);
	assert_string_equal(lab.targets[0].body_file, "lab/checkout.json");
	assert_string_equal(lab.targets[1].path, "/search?q=shoes");
	assert_int_equal(lab.targets[1].weight, 1);
	assert_int_equal(lab.nheaders, 2);
	assert_string_equal(lab.headers[0], "Content-Type: application/json");
	assert_string_equal(lab.url, "http://127.0.0.1:8080");
	assert_true(lab.ready_timeout_ms == 90000);
	assert_int_equal(lab.verdict_hidden, 1);
	assert_int_equal(lab_split_words(lab.command, storage, sizeof(storage), argv, LAB_MAX_WORDS, &err), 7);
	assert_string_equal(argv[0], "go");
	assert_string_equal(argv[4], "two words");
	assert_string_equal(argv[5], "x\"y");
	assert_string_equal(argv[6], "a b");
	/* --set replaces a list, then adds to it. */
	assert_int_equal(lab_set(&lab, "target=GET /a", &err), 0);
	assert_int_equal(lab.ntargets, 1);
	assert_int_equal(lab_set(&lab, "target=GET /b weight=2", &err), 0);
	assert_int_equal(lab.ntargets, 2);
	assert_int_equal(lab_set(&lab, "endpoint=/only", &err), 0);
	assert_int_equal(lab.ntargets, 1);
	assert_string_equal(lab.targets[0].path, "/only");
}

/* No expansion: $HOME and * stay as written. */
static void words_are_not_expanded(void **state)
{
	(void)state;
	char storage[256], *argv[8];

	assert_int_equal(lab_split_words("echo $HOME * ~", storage, sizeof(storage), argv, 8, &err), 4);
	assert_string_equal(argv[1], "$HOME");
	assert_string_equal(argv[2], "*");
	assert_string_equal(argv[3], "~");
	assert_int_equal(lab_split_words("a \"b", storage, sizeof(storage), argv, 8, &err), -1);
	assert_int_equal(lab_split_words("a b c", storage, sizeof(storage), argv, 2, &err), -1);
}

/* --help's list of keys comes from the same table as the parser. */
static void help_lists_every_key(void **state)
{
	(void)state;
	char help[4096];
	static const char *const keys[] = { "name", "title", "title.pt_BR", "command", "url", "endpoint", "target",
		"header", "rate", "timeout", "gomaxprocs", "schedtrace", "scheddetail", "probe",
		"probe_every", "sample_every", "duration", "ready_timeout", "server_flags", "verdict" };

	assert_true(lab_keys_help(help, sizeof(help)) < sizeof(help));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char k[40];

		snprintf(k, sizeof(k), "  %s ", keys[i]);
		if (!strstr(help, k))
			fail_msg("--help lacks '%s'", keys[i]);
	}
}

/* Every key at a value other than its default, written in another order
 * and spacing: lab_format writes the canonical text, and that text parses
 * back to the same values. */
static void format_round_trips(void **state)
{
	(void)state;
	char text[4096], storage[1024], *argv[LAB_MAX_WORDS];
	struct lab again;
	static const char want[] =
		"name = rt\n"
		"title = Round trip\n"
		"command = go run ./cmd/shop -flag 'two words'\n"
		"url = http://127.0.0.1:8080\n"
		"target = POST /api/checkout weight=3 body=@x\n"
		"target = GET /search weight=3 body=@x\n"
		"header = Content-Type: application/json\n"
		"header = X-Test: 1\n"
		"rate = burst 5\n"
		"timeout = 800\n"
		"gomaxprocs = 2\n"
		"schedtrace = 250\n"
		"scheddetail = on\n"
		"probe = /p\n"
		"probe_every = 1500ms\n"
		"sample_every = 2s\n"
		"duration = 30s\n"
		"ready_timeout = 90s\n"
		"server_flags = -max-leaks 50\n"
		"verdict = hidden\n";

	assert_int_equal(parse("verdict=hidden\n"
			       "server_flags =   -max-leaks 50\n"
			       "ready_timeout = 90s\n"
			       "duration = 30000ms\n"
			       "sample_every = 2000ms\n"
			       "probe_every = 1500ms\n"
			       "probe = /p\n"
			       "scheddetail = 1\n"
			       "schedtrace = 250\n"
			       "gomaxprocs = 2\n"
			       "timeout = 800\n"
			       "rate = burst 5\n"
			       "header = Content-Type: application/json\n"
			       "header = X-Test: 1\n"
			       "target = POST /api/checkout   weight=3 body=@x\n"
			       "target = GET /search body=@x weight=3\n"
			       "url = http://127.0.0.1:8080/some/path\n"
			       "command = go run ./cmd/shop -flag 'two words'\n"
			       "title = Round trip\n"
			       "name = rt\n"), 0);
	assert_int_equal(lab_format(&lab, text, sizeof(text)), strlen(want));
	assert_string_equal(text, want);

	lab_defaults(&again, "other.lab");
	assert_int_equal(lab_parse(&again, text, strlen(text), "meta", &err), 0);
	assert_string_equal(again.name, "rt");
	assert_string_equal(again.title, "Round trip");
	assert_string_equal(again.command, "go run ./cmd/shop -flag 'two words'");
	assert_int_equal(lab_split_words(again.command, storage, sizeof(storage), argv, LAB_MAX_WORDS, &err), 5);
	assert_string_equal(argv[4], "two words");
	assert_string_equal(again.url, "http://127.0.0.1:8080");
	assert_int_equal(again.ntargets, 2);
	assert_string_equal(again.targets[0].method, "POST");
	assert_string_equal(again.targets[0].path, "/api/checkout");
	assert_int_equal(again.targets[0].weight, 3);
	assert_string_equal(again.targets[0].body_file, "x");
	assert_string_equal(again.targets[1].method, "GET");
	assert_string_equal(again.targets[1].path, "/search");
	assert_int_equal(again.targets[1].weight, 3);
	assert_string_equal(again.targets[1].body_file, "x");
	assert_int_equal(again.nheaders, 2);
	assert_string_equal(again.headers[0], "Content-Type: application/json");
	assert_string_equal(again.headers[1], "X-Test: 1");
	assert_string_equal(again.rate, "burst 5");
	assert_int_equal(again.timeout_ms, 800);
	assert_int_equal(again.gomaxprocs, 2);
	assert_int_equal(again.schedtrace_ms, 250);
	assert_int_equal(again.scheddetail, 1);
	assert_string_equal(again.probe, "/p");
	assert_true(again.probe_every_ms == 1500);
	assert_true(again.sample_every_ms == 2000);
	assert_true(again.duration_ms == 30000);
	assert_true(again.ready_timeout_ms == 90000);
	assert_string_equal(again.server_flags, "-max-leaks 50");
	assert_int_equal(again.verdict_hidden, 1);
}

/* Found by fuzz_lab: a body path with " #" in it came back as a comment. */
static void format_keeps_a_hash_inside_a_word(void **state)
{
	(void)state;
	char text[4096];
	struct lab again;

	/* In a lab file " #" starts a comment even in quotes; \# does not. */
	assert_int_equal(parse("target = POST /a#b body=@'x '\\#y\ntarget = GET /c body=@\\#d\n"), 0);
	assert_string_equal(lab.targets[0].path, "/a#b");
	assert_string_equal(lab.targets[0].body_file, "x #y");
	assert_string_equal(lab.targets[1].body_file, "#d");
	lab_format(&lab, text, sizeof(text));
	lab_defaults(&again, "other.lab");
	assert_int_equal(lab_parse(&again, text, strlen(text), "meta", &err), 0);
	assert_int_equal(again.ntargets, 2);
	assert_string_equal(again.targets[0].path, "/a#b");
	assert_string_equal(again.targets[0].body_file, "x #y");
	assert_string_equal(again.targets[1].body_file, "#d");
}

/* A service's own setup: where pprof is, its environment, the verdict
 * the lab should show, who runs it; each refused with where and why. */
static void own_service_keys(void **state)
{
	static const struct { const char *text, *want; } bad[] = {
		{ "pprof = http://10.0.0.1:6060\n", "lab/07-test.lab:1: pprof: 'http://10.0.0.1:6060' is not on this machine" },
		{ "pprof = 127.0.0.1:6060\n", ":1: pprof: '127.0.0.1:6060': expected http://HOST:PORT" },
		{ "env = NOEQUALS\n", ":1: env: 'NOEQUALS': expected KEY=VALUE" },
		{ "env = =1\n", "expected KEY=VALUE" },
		{ "env = 1X=2\n", "env: '1X' is not a variable name" },
		{ "env = PORT=9\n", "env: PORT is set by leaklab itself" },
		{ "env = ADDR=x\n", "use $PORT or $ADDR in the command" },
		{ "env = GOMAXPROCS=4\n", "use the gomaxprocs key" },
		{ "expected = leaky\n", "expected: 'leaky': expected no leak, runnable leak or blocked leak" },
		{ "expected = unknown\n", "expected: 'unknown'" },
		{ "student = Ana\tSouza\n", "student: a control character" },
	};
	char text[4096];
	struct lab again;

	(void)state;
	assert_int_equal(parse("pprof = http://127.0.0.1:6060/debug/pprof/\n"
			       "env = APP_ENV=test\n"
			       "env = GODEBUG=madvdontneed=1\n"
			       "expected = blocked leak\n"
			       "student = Ana Souza #1\n"), 0);
	assert_string_equal(lab.pprof, "http://127.0.0.1:6060");
	assert_int_equal(lab.nenv, 2);
	assert_string_equal(lab.env[0], "APP_ENV=test");
	assert_string_equal(lab.env[1], "GODEBUG=madvdontneed=1");
	assert_string_equal(lab.expected, "blocked leak");
	/* " #" starts a comment: the name is "Ana Souza" */
	assert_string_equal(lab.student, "Ana Souza");
	assert_int_equal(lab_set(&lab, "student=Zé #2 <b>", &err), 0);
	assert_string_equal(lab.student, "Zé #2 <b>");
	/* Written back, read back the same (the # escaped). */
	lab_format(&lab, text, sizeof(text));
	assert_non_null(strstr(text, "pprof = http://127.0.0.1:6060\n"));
	assert_non_null(strstr(text, "env = APP_ENV=test\nenv = GODEBUG=madvdontneed=1\n"));
	lab_defaults(&again, "x.lab");
	assert_int_equal(lab_parse(&again, text, strlen(text), "meta", &err), 0);
	assert_string_equal(again.student, "Zé #2 <b>");
	assert_string_equal(again.pprof, "http://127.0.0.1:6060");
	assert_int_equal(again.nenv, 2);
	assert_string_equal(again.expected, "blocked leak");
	/* --set env replaces the file's list, then adds. */
	assert_int_equal(lab_set(&again, "env=A=1", &err), 0);
	assert_int_equal(lab_set(&again, "env=B=2", &err), 0);
	assert_int_equal(again.nenv, 2);
	assert_string_equal(again.env[0], "A=1");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i].text), -1);
		if (!strstr(err.msg, bad[i].want))
			fail_msg("'%s': got '%s', want '%s'", bad[i].text, err.msg, bad[i].want);
	}
}

/* title.pt_BR: the title in Brazilian Portuguese, kept beside the English
 * one, written back by lab_format, shown by lab_title() only when leaklab
 * speaks Portuguese; another language's title is a clear error. */
static void title_in_portuguese(void **state)
{
	(void)state;
	char text[4096];
	struct lab again;

	assert_int_equal(parse("title = Runnable leak: one for {} per request\n"
			       "title.pt_BR = Vazamento runnable: um for {} por requisição # um comentário\n"
			       "rate = 5/s for 1s\n"), 0);
	assert_string_equal(lab.title, "Runnable leak: one for {} per request");
	assert_string_equal(lab.title_pt, "Vazamento runnable: um for {} por requisição");
	/* English: the English title. */
	assert_string_equal(lab_title(&lab), "Runnable leak: one for {} per request");

	/* Written back, read back the same. */
	assert_true(lab_format(&lab, text, sizeof(text)) < sizeof(text));
	assert_non_null(strstr(text, "\ntitle.pt_BR = Vazamento runnable: um for {} por requisição\n"));
	lab_defaults(&again, "x.lab");
	assert_int_equal(lab_parse(&again, text, strlen(text), "x.lab", &err), 0);
	assert_string_equal(again.title_pt, lab.title_pt);

	/* No title.pt_BR: none written, the English one shown. */
	assert_int_equal(parse("title = T\nrate = 5/s for 1s\n"), 0);
	assert_string_equal(lab.title_pt, "");
	assert_true(lab_format(&lab, text, sizeof(text)) < sizeof(text));
	assert_null(strstr(text, "title.pt_BR"));

	/* Twice is an error, as for any key; --set sets it. */
	assert_int_equal(parse("title.pt_BR = a\ntitle.pt_BR = b\n"), -1);
	assert_string_equal(err.msg, "lab/07-test.lab:2: 'title.pt_BR' is set twice (first on line 1)");
	assert_int_equal(parse("rate = 5/s for 1s\n"), 0);
	assert_int_equal(lab_set(&lab, "title.pt_BR=Meu título", &err), 0);
	assert_string_equal(lab.title_pt, "Meu título");

	/* Another language, or another spelling: said, with the one there is. */
	assert_int_equal(parse("title.fr = Fuite\n"), -1);
	assert_non_null(strstr(err.msg, "lab/07-test.lab:1: unknown key 'title.fr': the title's translation is "
				       "title.pt_BR"));
	assert_int_equal(lab_set(&lab, "title.pt-BR=x", &err), -1);
	assert_non_null(strstr(err.msg, "unknown key 'title.pt-BR'"));
	assert_non_null(strstr(err.msg, "title.pt_BR"));

	/* Speaking Portuguese (the catalogue the build made): the pt_BR title. */
	if (access("build/locale/pt_BR/LC_MESSAGES/leaklab.mo", R_OK) == 0) {
		setenv("LEAKLAB_LOCALEDIR", "build/locale", 1);
		setenv("LANGUAGE", "pt_BR", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		i18n_init("build/leaklab");
		if (i18n_pt()) {
			assert_int_equal(parse("title = T\ntitle.pt_BR = Título\n"), 0);
			assert_string_equal(lab_title(&lab), "Título");
			assert_int_equal(parse("title = T\n"), 0);
			assert_string_equal(lab_title(&lab), "T");
			/* Forced English (what programs read): the English one. */
			i18n_english(1);
			assert_int_equal(parse("title = T\ntitle.pt_BR = Título\n"), 0);
			assert_string_equal(lab_title(&lab), "T");
			i18n_english(0);
		}
		setenv("LANGUAGE", "C", 1);
		setenv("LC_ALL", "C", 1);
		i18n_init("build/leaklab");
	}
}

static void server_args_split_on_spaces(void **state)
{
	(void)state;
	char storage[512], *argv[LAB_MAX_WORDS];

	assert_int_equal(parse("server_flags = -max-leaks 50   -lifetime 2m\n"), 0);
	assert_int_equal(lab_server_args(&lab, storage, sizeof(storage), argv, LAB_MAX_WORDS, &err), 4);
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
		cmocka_unit_test(format_keeps_a_hash_inside_a_word),
		cmocka_unit_test(own_service_keys),
		cmocka_unit_test(long_set_values_keep_the_reason),
		cmocka_unit_test(targets_headers_and_command),
		cmocka_unit_test(words_are_not_expanded),
		cmocka_unit_test(help_lists_every_key),
		cmocka_unit_test(server_args_split_on_spaces),
		cmocka_unit_test(title_in_portuguese),
	};
	return cmocka_run_group_tests_name("lab", tests, NULL, NULL);
}
