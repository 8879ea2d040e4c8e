/* opts.c - getopt_long for every subcommand, from the lines of its --help */
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "opts.h"

#define MAX_OPTS 32
#define LONG_BASE 1000            /* getopt's code of a long-only option: LONG_BASE + its row */

static struct {
	const char *spec;             /* the spec this table was read from */
	char shorts[2 * MAX_OPTS + 4];
	struct option longs[MAX_OPTS + 2];
	char names[MAX_OPTS + 1][32];
	int n;
} t;
static const char *long_seen;     /* the long-only option opts_next() returned */

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* One option line: "  -o, --output DIR   ..." or "      --no-plot  ...". */
static void read_line(const char *p, const char *end)
{
	const char *line = p;
	char letter = 0;
	size_t n = 0;
	int arg;

	/* An option starts a line at column 2 ("  -o, --output") or, without
	 * a letter, by column 6 ("      --live"); a description's next line
	 * is further in. */
	while (p < end && *p == ' ')
		p++;
	if (p - line > 6 || (p - line != 2 && end - p >= 2 && p[0] == '-' && p[1] != '-'))
		return;
	if (end - p >= 2 && p[0] == '-' && p[1] != '-') {
		letter = p[1];
		p += 2;
		if (end - p >= 2 && p[0] == ',' && p[1] == ' ')
			p += 2;
	}
	if (end - p < 3 || p[0] != '-' || p[1] != '-' || t.n == MAX_OPTS)
		return;
	p += 2;
	while (p + n < end && p[n] != ' ' && p[n] != '=' && n + 1 < sizeof(t.names[0]))
		n++;
	arg = p + n + 1 < end && p[n] == ' ' && is_upper(p[n + 1]);
	if (letter == 'h')
		return; /* help is always there */
	memcpy(t.names[t.n], p, n);
	t.names[t.n][n] = '\0';
	t.longs[t.n] = (struct option){ t.names[t.n], arg ? required_argument : no_argument, NULL,
					letter ? letter : LONG_BASE + t.n };
	if (letter) {
		size_t k = strlen(t.shorts);

		t.shorts[k++] = letter;
		if (arg)
			t.shorts[k++] = ':';
		t.shorts[k] = '\0';
	}
	t.n++;
}

static void read_spec(const char *spec)
{
	const char *p = spec;

	memset(&t, 0, sizeof(t));
	t.spec = spec;
	/* ':' first: a missing argument is ':', not '?'. */
	snprintf(t.shorts, sizeof(t.shorts), ":h");
	while (*p) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);

		read_line(p, end);
		p = nl ? nl + 1 : end;
	}
	snprintf(t.names[t.n], sizeof(t.names[t.n]), "help");
	t.longs[t.n] = (struct option){ t.names[t.n], no_argument, NULL, 'h' };
	t.longs[t.n + 1] = (struct option){ NULL, 0, NULL, 0 };
}

int opts_next(int argc, char **argv, const char *spec)
{
	static char **last_argv;
	int opt;

	if (argv != last_argv || spec != t.spec) {
		last_argv = argv;
		optind = 1;
		read_spec(spec);
	}
	opterr = 0;
	long_seen = NULL;
	switch ((opt = getopt_long(argc, argv, t.shorts, t.longs, NULL))) {
	case -1:
		last_argv = NULL;
		return OPTS_END;
	case 'h':
		return OPTS_HELP;
	case ':':
		errorf("'%s' needs an argument; see 'leaklab %s --help'", argv[optind - 1], msg_command_name());
		return OPTS_BAD;
	case '?':
		/* A known option given an argument it does not take: optopt is
		 * its code (getopt_long, "--quiet=1"). */
		if (optopt && strchr(argv[optind - 1], '='))
			errorf("'%.*s' takes no argument; see 'leaklab %s --help'",
			       (int)strcspn(argv[optind - 1], "="), argv[optind - 1], msg_command_name());
		else
			errorf("unknown option '%s'; see 'leaklab %s --help'", argv[optind - 1], msg_command_name());
		return OPTS_BAD;
	default:
		if (opt >= LONG_BASE && opt < LONG_BASE + t.n) {
			long_seen = t.names[opt - LONG_BASE];
			return OPTS_LONG;
		}
		return opt;
	}
}

int opts_is(const char *name)
{
	return long_seen && strcmp(long_seen, name) == 0;
}
