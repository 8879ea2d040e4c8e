/* opts.c - getopt_long for every subcommand, with the same help and errors */
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "opts.h"

#define MAX_LONG 32

int opts_next(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	static char **last_argv;
	static char shorts[64];
	static struct option longs[MAX_LONG + 2];
	int opt, n = 0;

	if (argv != last_argv) {
		last_argv = argv;
		optind = 1;
	}
	opterr = 0;
	/* ':' first: a missing argument is ':', not '?'. */
	snprintf(shorts, sizeof(shorts), ":%sh", shortopts);
	while (longopts && longopts[n].name && n < MAX_LONG) {
		longs[n] = longopts[n];
		n++;
	}
	longs[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	longs[n] = (struct option){ NULL, 0, NULL, 0 };

	switch ((opt = getopt_long(argc, argv, shorts, longs, NULL))) {
	case -1:
		last_argv = NULL;
		return OPTS_END;
	case 'h':
		return OPTS_HELP;
	case ':':
		errorf("'%s' needs an argument; see 'leaklab %s --help'", argv[optind - 1], msg_command_name());
		return OPTS_BAD;
	case '?':
		errorf("unknown option '%s'; see 'leaklab %s --help'", argv[optind - 1], msg_command_name());
		return OPTS_BAD;
	default:
		return opt;
	}
}
