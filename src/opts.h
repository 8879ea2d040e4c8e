/* opts.h - a subcommand's options: getopt_long with one help and one error path */
#ifndef LEAKLAB_OPTS_H
#define LEAKLAB_OPTS_H

#include <getopt.h>

enum {
	OPTS_END = -1,    /* no more options: optind is the first operand */
	OPTS_HELP = -2,   /* -h or --help: print the usage on stdout, exit 0 */
	OPTS_BAD = -3     /* an unknown option or a missing argument, said already: exit 2 */
};

/*
 * The next option of argv, as getopt_long gives it (optarg set), from a
 * command's own shortopts and longopts (without ':' in front and without
 * help: -h and --help are added here). Call it in a loop from the start
 * of a command; it starts again at argv[1] when argv is not the one of the
 * last call. OPTS_BAD has been said through errorf(), naming the option
 * and "see 'leaklab CMD --help'" (CMD as msg_command() set it).
 */
int opts_next(int argc, char **argv, const char *shortopts, const struct option *longopts);

#endif
