/* cmd_class.c - leaklab class: every student's runs below some folders on
 * one page (index.html), in one table (class.tsv) and on slides (class.pdf) */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "class.h"
#include "class_page.h"
#include "class_plot.h"
#include "class_scan.h"
#include "cmd.h"
#include "files.h"
#include "i18n.h"
#include "msg.h"
#include "opts.h"
#include "plot.h"
#include "signals.h"

#define SVG_DIR ".charts"

static const char usage_text[] =
	N_("usage: leaklab class PATH... [-o DIR]\n"
	"\n"
	"The class at once, for the instructor: every run directory below each\n"
	"PATH (a shared folder, cloned repositories, copies of the students' out/;\n"
	"any depth) read and gathered by lab and student, the latest run of each\n"
	"counting. Into DIR (default out/class):\n"
	"  index.html   one page that opens offline: per lab, every student's curve\n"
	"               on one chart, a table of every run with the class's min,\n"
	"               median and max, who stands out and why, the hunt's checks\n"
	"               and the exercises handed in\n"
	"  class.tsv    one row a run, for a spreadsheet\n"
	"  class.pdf    a 16:9 slide a lab with the class's curves\n"
	"  class.gp     the charts' gnuplot script, to edit and draw again\n"
	"A run that cannot be read is listed with the reason; it never stops the rest.\n"
	"\n"
	"  -o, --output DIR    where the class view goes (default out/class)\n"
	"  -q, --quiet         no progress messages\n"
	"  -h, --help          this text\n");

/* Where the page finds its charts, and where the runs came from. */
struct where {
	char svgdir[PATH_MAX + 16];
	char from[PATH_MAX * 2];
};

static void progress(size_t runs, void *arg)
{
	(void)arg;
	notef("%zu runs found so far...", runs);
}

/* Write dir/name by fn(f, c, fnarg), through a temporary file renamed over
 * it: a reader never sees half of it. Returns 0, or -1 said. */
static int write_file(const char *dir, const char *name, const struct class *c,
		      int (*fn)(FILE *, const struct class *, const struct where *), const struct where *fnarg)
{
	char path[PATH_MAX + 64], tmp[PATH_MAX + 64];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name);
	if (!(f = fopen(tmp, "w"))) {
		errorf("cannot write '%s': %s", tmp, strerror(errno));
		return -1;
	}
	rc = fn(f, c, fnarg);
	if ((fclose(f) != 0) | (rc < 0)) {
		errorf("cannot write '%s': %s", tmp, strerror(errno ? errno : EIO));
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) < 0) {
		errorf("cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int tsv(FILE *f, const struct class *c, const struct where *w)
{
	(void)w;
	return class_tsv_write(f, c);
}

static int script(FILE *f, const struct class *c, const struct where *w)
{
	(void)w;
	return class_plot_script(f, c, SVG_DIR);
}

static int page(FILE *f, const struct class *c, const struct where *w)
{
	return class_page_write(f, c, w->svgdir, w->from);
}

/* The paths as one phrase for the page: "a, b and 3 more". */
static void paths_phrase(char **paths, int n, char *out, size_t len)
{
	size_t o = 0;

	out[0] = '\0';
	for (int i = 0; i < n && i < 3 && o < len; i++)
		o += (size_t)snprintf(out + o, len - o, "%s%s", i ? ", " : "", paths[i]);
	if (n > 3 && o < len)
		snprintf(out + o, len - o, _(" and %d more"), n - 3);
}

/* gnuplot draws the page's charts and class.pdf; the SVGs are inlined,
 * then removed. Returns 0, or the exit code, said (the page then has no
 * charts): 128 + N when a signal cut the drawing short. */
static int draw(const char *dir, int sigfd)
{
	char svgdir[PATH_MAX + 16], err[4096];
	enum plot_status st;

	snprintf(svgdir, sizeof(svgdir), "%s/%s", dir, SVG_DIR);
	if (files_mkdirs(svgdir) < 0) {
		errorf("cannot make '%s': %s", svgdir, strerror(errno));
		return EXIT_FAIL;
	}
	if ((st = plot_exec(dir, "class.gp", "all", NULL, sigfd, err, sizeof(err))) == PLOT_OK &&
	    plot_check_file(dir, "class.pdf", err, sizeof(err)) < 0)
		st = PLOT_FAILED;
	return plot_exit_code(st, err);
}

static void clean_svgs(const char *dir, const struct class *c)
{
	char svgdir[PATH_MAX + 16], path[PATH_MAX + 64];

	snprintf(svgdir, sizeof(svgdir), "%s/%s", dir, SVG_DIR);
	for (size_t i = 0; i < c->nlabs; i++) {
		class_plot_svg_name(svgdir, i, path, sizeof(path));
		unlink(path);
	}
	rmdir(svgdir);
}

int cmd_class(int argc, char **argv)
{
	const char *out = "out/class";
	static struct where w;
	char err[PATH_MAX + 256];
	struct class *c;
	int opt, rc = EXIT_OK, sigfd;

	while ((opt = opts_next(argc, argv, usage_text)) != OPTS_END) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'q': msg_set_quiet(1); break;
		case OPTS_HELP: msg_help(usage_text); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		errorf("give the folders where the students' runs are, e.g. leaklab class handed-in/ (see "
		       "'leaklab class --help')");
		return EXIT_USAGE;
	}
	if (!(c = class_new())) {
		errorf("%s", strerror(ENOMEM));
		return EXIT_FAIL;
	}
	err[0] = '\0';
	if (class_scan(c, (const char *const *)argv + optind, (size_t)(argc - optind), out, progress, NULL, err,
		       sizeof(err)) < 0) {
		/* A path that cannot be read is the user's to fix; memory is not. */
		int e = errno;

		errorf("%s", err);
		class_free(c);
		return e == ENOMEM ? EXIT_FAIL : EXIT_USAGE;
	}
	paths_phrase(argv + optind, argc - optind, w.from, sizeof(w.from));
	if (!c->nruns) {
		errorf("no run directory below %s (a run directory holds summary.json and meta.txt, as "
		       "leaklab run writes them in out/)", w.from);
		class_free(c);
		return EXIT_USAGE;
	}
	if (class_build(c) < 0) {
		errorf("%s", strerror(ENOMEM));
		class_free(c);
		return EXIT_FAIL;
	}
	if (files_mkdirs(out) < 0) {
		errorf("cannot make '%s': %s", out, strerror(errno));
		class_free(c);
		return EXIT_FAIL;
	}
	sigfd = signals_install();
	snprintf(w.svgdir, sizeof(w.svgdir), "%s/%s", out, SVG_DIR);
	if (write_file(out, "class.tsv", c, tsv, &w) < 0 || write_file(out, "class.gp", c, script, &w) < 0) {
		class_free(c);
		return EXIT_FAIL;
	}
	rc = draw(out, sigfd);
	if (write_file(out, "index.html", c, page, &w) < 0 && rc == EXIT_OK)
		rc = EXIT_FAIL;
	clean_svgs(out, c);
	notef("runs %zu, students %zu, labs %zu, unreadable %zu: %s/index.html, class.tsv, class.pdf", c->nruns,
	      c->students, c->nlabs, c->unreadable, out);
	class_free(c);
	return rc;
}
