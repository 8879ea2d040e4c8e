/* cmd_compare.c - leaklab compare: two runs on one chart */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "files.h"
#include "i18n.h"
#include "msg.h"
#include "opts.h"
#include "plot.h"
#include "signals.h"

static const char usage_text[] =
	N_("usage: leaklab compare RUN_A RUN_B [-o DIR] [--format png,svg,pdf] [--title TEXT]\n"
	"\n"
	"Overlay two runs on one chart: the goroutines in the run queues (queued)\n"
	"and the pprof goroutine count of each, over time. For example a leak and\n"
	"its fix:\n"
	"  leaklab compare out/01-cpu-leak-latest out/04-fixed-latest\n"
	"\n"
	"  -o, --output DIR    where compare.gp and the chart go\n"
	"                      (default out/compare-<A>-vs-<B>)\n"
	"  -f, --format LIST   png, svg, pdf (default png)\n"
	"  -t, --title TEXT    the chart's title\n"
	"  -h, --help          this text\n");

int cmd_compare(int argc, char **argv)
{
	const char *format = "png", *out = NULL, *title = NULL;
	char a[PATH_MAX], b[PATH_MAX], dir[PATH_MAX], path[PATH_MAX + 16], err[4096], deftitle[400];
	struct plot_spec sa, sb;
	int opt, formats, sigfd;
	char *text;
	size_t n;

	while ((opt = opts_next(argc, argv, usage_text)) != OPTS_END) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'f': format = optarg; break;
		case 't': title = optarg; break;
		case OPTS_HELP: msg_help(usage_text); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		errorf("give two run directories, e.g. leaklab compare out/01-cpu-leak-latest "
		       "out/04-fixed-latest");
		return EXIT_USAGE;
	}
	if (plot_parse_formats(format, &formats, err, sizeof(err)) < 0 || (formats & PLOT_DUMB)) {
		errorf("--format: %s", (formats & PLOT_DUMB) ? _("png, svg or pdf") : err);
		return EXIT_USAGE;
	}
	if (plot_scan(argv[optind], &sa, err, sizeof(err)) < 0 ||
	    plot_scan(argv[optind + 1], &sb, err, sizeof(err)) < 0) {
		errorf("%s", err);
		return EXIT_USAGE;
	}
	/* The script lives elsewhere: give it absolute paths to the runs. */
	if (!realpath(argv[optind], a) || !realpath(argv[optind + 1], b)) {
		errorf("%s", strerror(errno));
		return EXIT_USAGE;
	}
	if (out)
		snprintf(dir, sizeof(dir), "%s", out);
	else
		snprintf(dir, sizeof(dir), "out/compare-%s-vs-%s", sa.name, sb.name);
	if (!out && mkdir("out", 0755) < 0 && errno != EEXIST) {
		errorf("cannot create 'out': %s", strerror(errno));
		return EXIT_FAIL;
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		errorf("cannot create '%s': %s", dir, strerror(errno));
		return EXIT_FAIL;
	}
	if (!title) {
		snprintf(deftitle, sizeof(deftitle), _("%s vs %s"), sa.name, sb.name);
		title = deftitle;
	}
	n = plot_compare_script(a, sa.name, b, sb.name, title, NULL, 0) + 1;
	if (!(text = malloc(n))) {
		errorf("out of memory");
		return EXIT_FAIL;
	}
	plot_compare_script(a, sa.name, b, sb.name, title, text, n);
	snprintf(path, sizeof(path), "%s/compare.gp", dir);
	if (files_write(dir, "compare.gp", text, n - 1) < 0) {
		errorf("cannot write '%s': %s", path, strerror(errno));
		free(text);
		return EXIT_FAIL;
	}
	free(text);
	sigfd = signals_install();
	{
		static const char *const files[] = { "compare", NULL };
		int rc = plot_exit_code(plot_draw(dir, "compare.gp", formats, files, 0, NULL, sigfd, err, sizeof(err)),
					err);

		if (rc != EXIT_OK)
			return rc;
	}
	notef("%s/compare.%s", dir, (formats & PLOT_PNG) ? "png" : (formats & PLOT_SVG) ? "svg" : "pdf");
	return EXIT_OK;
}
