/* cmd_plot.c - leaklab plot: draw a run directory's charts again */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "i18n.h"
#include "msg.h"
#include "opts.h"
#include "page.h"
#include "plot.h"
#include "signals.h"
#include "textbuf.h"

static const char usage_head[] =
	N_("usage: leaklab plot RUN_DIR [--format png,svg,pdf,dumb] [--fresh]\n"
	"       leaklab plot --list\n"
	"\n"
	"Draw the charts of a run directory again with gnuplot, into RUN_DIR/charts/\n"
	"(16:9, for a slide). It runs RUN_DIR/plot.gp, so your edits to it are kept;\n"
	"--fresh writes it anew. 'dumb' prints the queue chart as text.\n"
	"\n"
	"  -f, --format LIST   png, svg, pdf, dumb, comma-separated (default png)\n"
	"      --fresh         write plot.gp anew from the run's files\n"
	"  -l, --list          the charts' names and what each draws, one a line\n"
	"  -h, --help          this text\n"
	"\n"
	"The charts:\n");

static void usage(void)
{
	char text[4096];
	struct textbuf o;

	textbuf_init(&o, text, sizeof(text));
	textbuf_printf(&o, "%s", _(usage_head));
	for (size_t i = 0; i < plot_ncharts(); i++)
		textbuf_printf(&o, "  %-11s %s\n", plot_chart_at(i)->name, _(plot_chart_at(i)->what));
	msg_help(text);
}

/* For scripts: "name<TAB>what it draws". */
static void list_charts(void)
{
	for (size_t i = 0; i < plot_ncharts(); i++)
		printf("%s\t%s\n", plot_chart_at(i)->name, _(plot_chart_at(i)->what));
}

int cmd_plot(int argc, char **argv)
{
	const char *format = "png";
	struct plot_spec spec;
	struct plot_dumb dumb;
	char err[4096];
	int opt, formats, fresh = 0, sigfd, rc;

	while ((opt = opts_next(argc, argv, usage_head)) != OPTS_END) {
		switch (opt) {
		case 'f': format = optarg; break;
		case OPTS_LONG: fresh = opts_is("fresh"); break;
		case 'l': list_charts(); return EXIT_OK;
		case OPTS_HELP: usage(); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		errorf("give one run directory, e.g. leaklab plot out/01-cpu-leak-latest");
		return EXIT_USAGE;
	}
	if (plot_parse_formats(format, &formats, err, sizeof(err)) < 0) {
		errorf("--format: %s", err);
		return EXIT_USAGE;
	}
	if (plot_scan(argv[optind], &spec, err, sizeof(err)) < 0) {
		errorf("%s", err);
		return EXIT_USAGE;
	}
	sigfd = signals_install();
	if ((formats & PLOT_DUMB) && plot_dumb_for(STDOUT_FILENO, &dumb) < 0 && isatty(STDOUT_FILENO)) {
		warnf("the terminal is smaller than 60x20: no text chart; open %s/charts/queue.png", argv[optind]);
		formats &= ~PLOT_DUMB;
		if (!formats)
			return EXIT_OK;
	}
	/* Charts come with their page, report.html. */
	if (formats & ~PLOT_DUMB)
		formats |= PLOT_PAGE;
	if ((rc = plot_exit_code(plot_run(argv[optind], &spec, formats, !fresh, &dumb, sigfd, err, sizeof(err)),
				 err)) != EXIT_OK)
		return rc;
	if (formats & PLOT_PAGE) {
		if (page_write(argv[optind], err, sizeof(err)) < 0) {
			errorf("%s", err);
			return EXIT_FAIL;
		}
		notef("charts in %s/charts/, all of it on one page: %s/report.html", argv[optind], argv[optind]);
	}
	return EXIT_OK;
}
