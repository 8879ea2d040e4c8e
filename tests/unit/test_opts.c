/* test_opts.c - a command's options, read from its --help */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "opts.h"

static const char spec[] =
	"usage: leaklab x [-o DIR] [--no-plot]\n"
	"\n"
	"Text that mentions -o and --set is no option line.\n"
	"  -o, --output DIR     the run directory (default out/x,\n"
	"                       --continued, no option either)\n"
	"  -s, --set KEY=VALUE  override one key\n"
	"      --no-plot        no charts\n"
	"  -q, --quiet          nothing said\n"
	"  -h, --help           this text\n"
	"  leaklab x -o d       an example, no option\n";

/* The options of argv (NULL-terminated) as a string: "o=d q L:no-plot ". */
static void parse(char **argv, char *out, size_t len)
{
	int argc = 0, opt;

	while (argv[argc])
		argc++;
	out[0] = '\0';
	while ((opt = opts_next(argc, argv, spec)) != OPTS_END) {
		size_t k = strlen(out);

		if (opt == OPTS_LONG)
			snprintf(out + k, len - k, "L:%s ", opts_is("no-plot") ? "no-plot" : "?");
		else if (opt == OPTS_HELP)
			snprintf(out + k, len - k, "HELP ");
		else if (opt == OPTS_BAD)
			snprintf(out + k, len - k, "BAD ");
		else if (optarg)
			snprintf(out + k, len - k, "%c=%s ", opt, optarg);
		else
			snprintf(out + k, len - k, "%c ", opt);
		if (opt == OPTS_BAD || opt == OPTS_HELP)
			break;
	}
}

static void options_come_from_the_help_lines(void **state)
{
	(void)state;
	char got[256];
	char *a[] = { "x", "-o", "d", "--set", "k=v", "--no-plot", "-q", "--output=e", "file", NULL };

	parse(a, got, sizeof(got));
	assert_string_equal(got, "o=d s=k=v L:no-plot q o=e ");
	assert_string_equal(a[optind], "file");
}

static void help_is_always_there(void **state)
{
	(void)state;
	char got[256];
	char *a[] = { "x", "--help", NULL }, *b[] = { "x", "-h", NULL };

	parse(a, got, sizeof(got));
	assert_string_equal(got, "HELP ");
	parse(b, got, sizeof(got));
	assert_string_equal(got, "HELP ");
}

static void words_that_are_not_option_lines_are_no_options(void **state)
{
	(void)state;
	char got[256];
	char *a[] = { "x", "--continued", NULL }, *b[] = { "x", "-l", NULL }, *c[] = { "x", "-o", NULL };
	char *d[] = { "x", "--quiet=1", NULL };

	msg_command("x");
	parse(a, got, sizeof(got));
	assert_string_equal(got, "BAD ");
	parse(b, got, sizeof(got));
	assert_string_equal(got, "BAD ");
	parse(c, got, sizeof(got));       /* -o takes an argument */
	assert_string_equal(got, "BAD ");
	parse(d, got, sizeof(got));       /* --quiet takes none */
	assert_string_equal(got, "BAD ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(options_come_from_the_help_lines),
		cmocka_unit_test(help_is_always_there),
		cmocka_unit_test(words_that_are_not_option_lines_are_no_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
