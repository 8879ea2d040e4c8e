/* cmd_plot.c - leaklab plot: draw a run directory's charts again */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "msg.h"
#include "plot.h"
#include "signals.h"

static const char usage_text[] =
	"usage: leaklab plot RUN_DIR [--format png,svg,pdf,dumb] [--fresh]\n"
	"\n"
	"Draw the charts of a run directory again with gnuplot: queue, leak,\n"
	"goroutines, threads, latency and a 16:9 dashboard, into RUN_DIR/charts/.\n"
	"It runs RUN_DIR/plot.gp, so your edits to it are kept; --fresh writes it\n"
	"anew. 'dumb' prints the queue chart as text.\n"
	"\n"
	"  -f, --format LIST   png, svg, pdf, dumb, comma-separated (default png)\n"
	"      --fresh         write plot.gp anew from the run's files\n"
	"  -h, --help          this text\n";

int cmd_plot(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "fresh", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *format = "png";
	struct plot_spec spec;
	struct plot_dumb dumb;
	char err[4096];
	int opt, formats, fresh = 0, sigfd;

	msg_command("plot");
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":f:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f': format = optarg; break;
		case 'F': fresh = 1; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		case ':':
			errorf("'%s' needs an argument; see 'leaklab plot --help'", argv[optind - 1]);
			return EXIT_USAGE;
		default:
			errorf("unknown option '%s'; see 'leaklab plot --help'", argv[optind - 1]);
			return EXIT_USAGE;
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
	switch (plot_run(argv[optind], &spec, formats, !fresh, &dumb, sigfd, err, sizeof(err))) {
	case PLOT_OK:
		break;
	case PLOT_INTERRUPTED:
		errorf("interrupted by %s while drawing: the charts are incomplete", strsignal(signals_caught()));
		return signals_exit_code(signals_caught());
	default:
		errorf("%s", err);
		return EXIT_FAIL;
	}
	if (formats & ~PLOT_DUMB)
		notef("charts in %s/charts/", argv[optind]);
	return EXIT_OK;
}
