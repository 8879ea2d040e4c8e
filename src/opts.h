/* opts.h - a subcommand's options, read from the lines of its --help that
 * describe them: one place for an option and its words */
#ifndef LEAKLAB_OPTS_H
#define LEAKLAB_OPTS_H

#include <getopt.h>

enum {
	OPTS_END = -1,    /* no more options: optind is the first operand */
	OPTS_HELP = -2,   /* -h or --help: print the usage on stdout, exit 0 */
	OPTS_BAD = -3,    /* an unknown option or a missing argument, said already: exit 2 */
	OPTS_LONG = -4    /* an option with no short letter: see opts_is() */
};

/*
 * The next option of argv, as getopt_long gives it (optarg set). The
 * options are those of spec, the option lines of the command's --help:
 *
 *   "  -o, --output DIR     the run directory\n"      -o and --output, an argument
 *   "      --no-plot        no charts\n"              --no-plot alone: OPTS_LONG
 *   "  -q, --quiet          no status line\n"         no argument
 *
 * An option takes an argument when one space and an upper-case word
 * (DIR, KEY=VALUE) follow its name; lines that start otherwise (the
 * continuation of a description) are passed over; -h and --help are
 * always there. Call it in a loop from the start of a command; it starts
 * again at argv[1] when argv is not the one of the last call. OPTS_BAD
 * has been said through errorf(), naming the option and "see 'leaklab
 * CMD --help'" (CMD as msg_command() set it).
 */
int opts_next(int argc, char **argv, const char *spec);

/* After OPTS_LONG: is it --name? */
int opts_is(const char *name);

#endif
