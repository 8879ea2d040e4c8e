/* main.c - leaklab: dispatch to a subcommand */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "msg.h"
#include "platform.h"
#include "suggest.h"
#include "version.h"

struct cmd_struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct cmd_struct commands[] = {
	{ "run",     cmd_run,     N_("run a lab: start the server, drive load, record, chart, judge") },
	{ "drive",   cmd_drive,   N_("send HTTP requests on an open-loop rate schedule") },
	{ "collect", cmd_collect, N_("turn GODEBUG=schedtrace output into trace.tsv") },
	{ "plot",    cmd_plot,    N_("draw the charts of a run directory again") },
	{ "report",  cmd_report,  N_("recompute the summary and verdict of a run directory") },
	{ "compare", cmd_compare, N_("overlay two runs on one chart (e.g. a leak and its fix)") },
	{ "progress", cmd_progress, N_("the whole course on one screen: labs, hunt, exercises, the next step") },
	{ "class",   cmd_class,   N_("the class at once: every student's runs on one page, a table and slides") },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	size_t i;

	fputs(_("usage: leaklab <command> [options]\n"
		"       leaklab help <command>\n"
		"       leaklab --version\n"
		"\n"
		"leaklab makes a goroutine leak happen in front of you: it drives a Go\n"
		"server with HTTP requests, records GODEBUG=schedtrace and charts the\n"
		"run queues growing.\n"
		"\n"
		"commands:\n"), f);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, _(commands[i].help));
	fputs(_("\n'leaklab <command> --help' tells more about one command.\n"), f);
}

static const struct cmd_struct *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int unknown_command(const char *name)
{
	const char *names[NCOMMANDS], *near;

	for (size_t i = 0; i < NCOMMANDS; i++)
		names[i] = commands[i].name;
	if ((near = suggest_closest(name, names, NCOMMANDS))) {
		errorf("'%s' is not a leaklab command; did you mean '%s'? (see 'leaklab --help')", name, near);
		return EXIT_USAGE;
	}
	errorf("'%s' is not a leaklab command; see 'leaklab --help'", name);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const struct cmd_struct *cmd;

	/* A closed reader (gnuplot, a pager) must not kill us mid-write, nor
	 * a file size limit: both are write errors, said and handled. */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	i18n_init(argv[0]);

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("leaklab %s (%s)\n", LEAKLAB_VERSION, platform_name);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0) {
		char *help_argv[] = { NULL, "--help", NULL };

		if (argc < 3) {
			usage(stdout);
			return EXIT_OK;
		}
		if (!(cmd = find_command(argv[2])))
			return unknown_command(argv[2]);
		help_argv[0] = argv[2];
		msg_command(cmd->name);
		return cmd->fn(2, help_argv);
	}
	if (argv[1][0] == '-') {
		errorf("unknown option '%s'; see 'leaklab --help'", argv[1]);
		return EXIT_USAGE;
	}
	if (!(cmd = find_command(argv[1])))
		return unknown_command(argv[1]);
	/* Its messages read "leaklab: run: ...", set once here. */
	msg_command(cmd->name);
	return cmd->fn(argc - 1, argv + 1);
}
