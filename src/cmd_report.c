/* cmd_report.c - leaklab report: the summary and verdict of a run, again */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "msg.h"
#include "opts.h"
#include "report.h"

static const char usage_text[] =
	N_("usage: leaklab report RUN_DIR [--json]\n"
	"\n"
	"Recompute the summary and the verdict of a run directory from its files\n"
	"(meta.txt, trace.tsv, requests.tsv, goroutines.tsv, probe.tsv, the kept\n"
	"profiles), write summary.txt and summary.json again, and print the\n"
	"summary. It works on a run that was killed too (marked partial).\n"
	"\n"
	"  -j, --json   print summary.json instead\n"
	"  -h, --help   this text\n");

int cmd_report(int argc, char **argv)
{
	struct report_input in;
	struct report r;
	char err[1024];
	int opt, json = 0, rc = EXIT_FAIL;

	while ((opt = opts_next(argc, argv, usage_text)) != OPTS_END) {
		switch (opt) {
		case 'j': json = 1; break;
		case OPTS_HELP: msg_help(usage_text); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		errorf("give one run directory, e.g. leaklab report out/01-cpu-leak-latest");
		return EXIT_USAGE;
	}
	if (report_load(argv[optind], &in, err, sizeof(err)) < 0) {
		errorf("%s", err);
		report_input_free(&in);
		return EXIT_USAGE;
	}
	report_compute(&in, &r);
	if (report_write(argv[optind], &in, &r, err, sizeof(err)) < 0) {
		errorf("%s", err);
		goto out;
	}
	report_print(&in, &r, json);
	rc = EXIT_OK;
out:
	report_input_free(&in);
	return rc;
}
