/* cmd_progress.c - leaklab progress: the course's records read (labs, runs,
 * hunt-check.tsv, exercises.tsv) and shown on one screen by progress.c */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "cmd.h"
#include "files.h"
#include "i18n.h"
#include "json.h"
#include "lab.h"
#include "meta.h"
#include "msg.h"
#include "opts.h"
#include "progress.h"
#include "term.h"
#include "tsv.h"

#ifndef LEAKLAB_DATADIR
#define LEAKLAB_DATADIR "/usr/local/share/leaklab"
#endif

#define SUMMARY_MAX (4u * 1024 * 1024)

/* The help, translated (opts.c reads the option lines from it too). */
static const char *usage_text(void)
{
	return _("usage: leaklab progress [OUTDIR]\n"
	"\n"
	"The whole course on one screen: each lab (lab/NN-name.lab) with its latest\n"
	"run in OUTDIR (default out) and whether it showed the verdict the lab\n"
	"expects (met, not met, partial, not run), the hunt and its checks\n"
	"(hunt-check.tsv), the fix-it exercises (exercises.tsv, written by make\n"
	"exercises), and the one thing to do next, with the worksheet to read in\n"
	"your language. It only reads: nothing is run or written.\n"
	"\n"
	"  -h, --help   this text\n");
}

/* ------------------------------------------------------------------ */
/* The labs and their latest runs                                      */
/* ------------------------------------------------------------------ */

/* What a lab file says: its name, what it expects, whether it is the hunt. */
static void read_lab_file(struct progress_lab *l, const char *file)
{
	struct lab *lab = malloc(sizeof(*lab));
	struct lab_error err;
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	char *text;
	size_t n;

	snprintf(l->path, sizeof(l->path), "lab/%s", base);
	snprintf(l->name, sizeof(l->name), "%.*s", (int)(strlen(base) - strlen(".lab")), base);
	if (!lab)
		return;
	lab_defaults(lab, file);
	/* A lab file that does not parse is still a lab of the course: its
	 * name is enough, make lab says what is wrong with it. */
	if ((text = files_read(file, 1u << 20, &n)) && lab_parse(lab, text, n, file, &err) == 0) {
		snprintf(l->name, sizeof(l->name), "%s", lab->name);
		snprintf(l->lab_expected, sizeof(l->lab_expected), "%s", lab->expected);
		l->hunt = lab->verdict_hidden;
	}
	free(text);
	free(lab);
}

/* The variant a hunt's run was given (its lab as run: env = MYSTERY_VARIANT=N); 0. */
static int run_variant(const char *dir)
{
	struct meta *m = malloc(sizeof(*m));
	struct lab *lab = malloc(sizeof(*lab));
	struct lab_error lerr;
	char err[512];
	long v = 0;
	int i;

	if (m && lab && meta_read(dir, m, err, sizeof(err)) == 0 && meta_lab(m, dir, lab, &lerr) == 0)
		for (i = 0; i < lab->nenv; i++)
			if (strncmp(lab->env[i], "MYSTERY_VARIANT=", 16) == 0 &&
			    args_long(lab->env[i] + 16, 1, PROGRESS_MAX_VARIANTS - 1, &v) < 0)
				v = 0;
	free(m);
	free(lab);
	return (int)v;
}

/* meta.txt's word on the run: partial, or still running (1); 0; -1 unreadable. */
static int meta_partial(const char *dir)
{
	struct meta *m = malloc(sizeof(*m));
	char err[512];
	int r = -1;

	if (m && meta_read(dir, m, err, sizeof(err)) == 0)
		r = m->partial || strcmp(m->state, "running") == 0;
	free(m);
	return r;
}

/* The latest run's summary.json, read into l; a reason in l->unreadable
 * when it cannot be. */
static void read_summary(struct progress_lab *l, const char *dir)
{
	char path[700];
	struct json_error jerr;
	struct json *s;
	const struct json *v;
	int mp = meta_partial(dir);

	snprintf(path, sizeof(path), "%s/summary.json", dir);
	if (access(path, F_OK) != 0) {
		if (mp == 1)
			l->partial = 1;
		else
			snprintf(l->unreadable, sizeof(l->unreadable), "%s",
				 _("no summary.json: leaklab report writes it"));
		return;
	}
	if (!(s = json_load(path, SUMMARY_MAX, &jerr))) {
		if (jerr.line > 0)
			snprintf(l->unreadable, sizeof(l->unreadable), "summary.json:%d: %s", jerr.line, jerr.msg);
		else
			snprintf(l->unreadable, sizeof(l->unreadable), "summary.json: %s", jerr.msg);
		return;
	}
	if (s->type != JSON_OBJECT) {
		snprintf(l->unreadable, sizeof(l->unreadable), _("summary.json holds a %s, not an object"),
			 json_type_name(s->type));
	} else if (!(v = json_get(s, "verdict")) || v->type != JSON_STRING || !v->str[0]) {
		snprintf(l->unreadable, sizeof(l->unreadable), "%s",
			 _("summary.json has no verdict (an older leaklab?)"));
	} else {
		snprintf(l->verdict, sizeof(l->verdict), "%s", v->str);
		snprintf(l->expected, sizeof(l->expected), "%s", json_str(json_get(s, "expected"), ""));
		l->expected_met = json_bool(json_get(s, "expected_met"), -1);
		l->partial = json_bool(json_get(s, "partial"), 0) == 1 || mp == 1;
	}
	json_free(s);
}

/* Every lab/NN-*.lab (here, else the installed ones), with its latest run. */
static int read_labs(struct progress *p)
{
	static const char *const dirs[] = { "lab", LEAKLAB_DATADIR "/lab" };
	char pattern[4200], dir[512];
	glob_t g;
	size_t d, i;
	struct stat st;

	for (d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		snprintf(pattern, sizeof(pattern), "%s/[0-9][0-9]-*.lab", dirs[d]);
		if (glob(pattern, 0, NULL, &g) == 0)
			break;
		globfree(&g);
	}
	if (d == sizeof(dirs) / sizeof(dirs[0]))
		return -1;
	for (i = 0; i < g.gl_pathc && p->nlabs < PROGRESS_MAX_LABS; i++) {
		struct progress_lab *l = &p->labs[p->nlabs];

		read_lab_file(l, g.gl_pathv[i]);
		l->expected_met = -1;
		if (l->hunt && p->hunt_lab < 0)
			p->hunt_lab = p->nlabs;
		snprintf(dir, sizeof(dir), "%s/%s-latest", p->outdir, l->name);
		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
			l->run = 1;
			if (l->hunt)
				p->hunt.run_variant = run_variant(dir);
			else
				read_summary(l, dir);
		} else if (lstat(dir, &st) == 0) {
			l->run = 1;
			snprintf(l->unreadable, sizeof(l->unreadable), _("%s-latest points to no run"), l->name);
		}
		p->nlabs++;
	}
	globfree(&g);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The records of the scripts                                          */
/* ------------------------------------------------------------------ */

/* The columns of a record, by name; -1 with a reason when one is missing. */
static int columns(struct tsv *t, const char *file, const char *const *names, int *col, char *why, size_t len)
{
	int i;

	for (i = 0; names[i]; i++)
		if ((col[i] = tsv_col(t, names[i])) < 0) {
			snprintf(why, len, _("%s has no column '%s'"), file, names[i]);
			return -1;
		}
	return 0;
}

/* hunt-check.tsv: in the hunt's latest run, else in OUTDIR. */
static void read_hunt_checks(struct progress *p)
{
	static const char *const names[] = { "variant", "try", "kind", "endpoint", "function", "condition", "all", NULL };
	char path[700];
	int col[7], i, nright;
	long variant, try;
	struct tsv *t;

	if (p->hunt_lab < 0)
		return;
	snprintf(path, sizeof(path), "%s/%s-latest/hunt-check.tsv", p->outdir, p->labs[p->hunt_lab].name);
	if (access(path, F_OK) != 0)
		snprintf(path, sizeof(path), "%s/hunt-check.tsv", p->outdir);
	if (!(t = tsv_open(path))) {
		if (errno != ENOENT)
			snprintf(p->hunt.unreadable, sizeof(p->hunt.unreadable), "hunt-check.tsv: %s", strerror(errno));
		return;
	}
	if (columns(t, "hunt-check.tsv", names, col, p->hunt.unreadable, sizeof(p->hunt.unreadable)) == 0)
		while (tsv_next(t)) {
			if (args_long(tsv_str(t, col[0]), 1, PROGRESS_MAX_VARIANTS - 1, &variant) < 0)
				continue;
			if (args_long(tsv_str(t, col[1]), 1, 1000000, &try) < 0)
				try = 0;
			for (nright = 0, i = 2; i < 6; i++)
				nright += strcmp(tsv_str(t, col[i]), "right") == 0;
			progress_hunt_add(&p->hunt, (int)variant, (int)try, nright,
					  strcmp(tsv_str(t, col[6]), "yes") == 0);
		}
	tsv_close(t);
}

/* exercises.tsv: what the last make exercises found. */
static void read_exercises(struct progress *p)
{
	static const char *const names[] = { "exercise", "state", NULL };
	char path[700];
	int col[2];
	struct tsv *t;

	snprintf(path, sizeof(path), "%s/exercises.tsv", p->outdir);
	if (!(t = tsv_open(path))) {
		if (errno != ENOENT)
			snprintf(p->ex.unreadable, sizeof(p->ex.unreadable), "exercises.tsv: %s", strerror(errno));
		return;
	}
	if (columns(t, "exercises.tsv", names, col, p->ex.unreadable, sizeof(p->ex.unreadable)) == 0) {
		while (tsv_next(t))
			if (tsv_str(t, col[0])[0])
				progress_exercise_add(&p->ex, tsv_str(t, col[0]), strcmp(tsv_str(t, col[1]), "fixed") == 0);
		if (!p->ex.total)
			snprintf(p->ex.unreadable, sizeof(p->ex.unreadable), "%s", _("exercises.tsv has no exercise"));
	}
	tsv_close(t);
}

/* ------------------------------------------------------------------ */
/* The command                                                         */
/* ------------------------------------------------------------------ */

int cmd_progress(int argc, char **argv)
{
	struct progress *p;
	const char *outdir = "out";
	struct stat st;
	int opt, cols, rows, rc = EXIT_OK;
	size_t n, len;
	char *text;

	while ((opt = opts_next(argc, argv, usage_text())) != OPTS_END) {
		switch (opt) {
		case OPTS_HELP: msg_help(usage_text()); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		errorf(_("give at most one directory of runs, e.g. leaklab progress out"));
		return EXIT_USAGE;
	}
	if (argc - optind == 1) {
		outdir = argv[optind];
		errno = 0;
		if (stat(outdir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			errorf(_("'%s' is no directory of runs (%s); the runs are in out/ unless run -o put them elsewhere"),
			       outdir, errno ? strerror(errno) : _("not a directory"));
			return EXIT_USAGE;
		}
	}
	if (!(p = malloc(sizeof(*p)))) {
		errorf("%s", strerror(errno));
		return EXIT_FAIL;
	}
	progress_init(p);
	len = strlen(outdir);
	while (len > 1 && outdir[len - 1] == '/')
		len--;
	snprintf(p->outdir, sizeof(p->outdir), "%.*s", (int)len, outdir);
	p->pt = i18n_pt();
	if (read_labs(p) < 0) {
		errorf(_("no lab files (lab/NN-name.lab) here: run it from the kit's top directory"));
		free(p);
		return EXIT_USAGE;
	}
	read_hunt_checks(p);
	read_exercises(p);
	progress_decide(p);

	term_size(STDOUT_FILENO, &cols, &rows);
	if (cols > 80)
		cols = 80;
	n = progress_format(p, term_color(STDOUT_FILENO), cols, NULL, 0) + 1;
	if (!(text = malloc(n))) {
		errorf("%s", strerror(errno));
		free(p);
		return EXIT_FAIL;
	}
	progress_format(p, term_color(STDOUT_FILENO), cols, text, n);
	if (fputs(text, stdout) == EOF || fflush(stdout) == EOF) {
		errorf(_("cannot write to the standard output: %s"), strerror(errno));
		rc = EXIT_FAIL;
	}
	free(text);
	free(p);
	return rc;
}
