/* class_plot.c - class.gp: the class's curves of each lab, for the page
 * and for the next lecture's slides */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "class_plot.h"
#include "i18n.h"
#include "plot.h"
#include "textbuf.h"
#include "utf8.h"

/* Twelve colours a reader can tell apart (Wong's eight, then Tol's), one
 * a student when the class fits on one chart. */
static const char *const student_colours[CLASS_PLOT_OVERLAY_MAX] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
	"#000000", "#882255", "#44AA99", "#999933", "#AA4499", "#F0E442",
};
#define COL_MEDIAN "#A0A0A0"     /* the class's median, behind everyone */
#define COL_STUDENT "#4A90C8"    /* a student's curve in a panel or on a slide */
#define COL_OUTLIER "#C1440E"    /* one that stands out (the runnable colour) */

void class_plot_svg_name(const char *dir, size_t i, char *out, size_t len)
{
	snprintf(out, len, "%s/lab-%zu.svg", dir, i);
}

int class_plot_interactive(const struct class_lab *l)
{
	return l->students <= CLASS_PLOT_OVERLAY_MAX;
}

/* s as a gnuplot single-quoted string. */
static void quoted(FILE *f, const char *s)
{
	char b[2100];
	struct textbuf o;

	textbuf_init(&o, b, sizeof(b));
	plot_put_text(&o, s);
	fprintf(f, "'%s'", b);
}

/* The curve a lab draws of run r. */
static const struct class_curve *curve_of(const struct class_run *r, const struct class_lab *l)
{
	return l->signal == CLASS_QUEUED ? &r->queued : &r->goroutines;
}

/* A curve as a data block. Drawn as steps, a sample that repeats the one
 * before adds nothing but bytes (a hundred panels draw the median). */
static void block(FILE *f, const char *name, const struct class_curve *c)
{
	fprintf(f, "$%s << EOD\n", name);
	for (size_t i = 0; i < c->n; i++)
		if (i == 0 || i + 1 == c->n || c->v[i] != c->v[i - 1])
			fprintf(f, "%.3f %.6g\n", c->t[i], c->v[i]);
	fputs("EOD\n", f);
}

/* Data blocks: $m<lab> the class's median, $r<run> each latest run's
 * curve (thinner for a panel). */
static int blocks(FILE *f, const struct class *c)
{
	char name[32];

	for (size_t i = 0; i < c->nlabs; i++) {
		const struct class_lab *l = &c->labs[i];

		if (l->median.n) {
			snprintf(name, sizeof(name), "m%zu", i);
			block(f, name, &l->median);
		}
		for (size_t k = 0; k < l->nruns; k++) {
			const struct class_run *r = &c->runs[l->runs[k]];
			const struct class_curve *cv = curve_of(r, l);
			struct class_curve thin;

			if (!r->latest || !cv->n)
				continue;
			snprintf(name, sizeof(name), "r%zu", l->runs[k]);
			if (class_plot_interactive(l)) {
				block(f, name, cv);
				continue;
			}
			if (class_thin(cv->t, cv->v, cv->n, CLASS_PLOT_PANEL_POINTS, &thin) < 0)
				return -1;
			block(f, name, &thin);
			free(thin.t);
			free(thin.v);
		}
	}
	return 0;
}

static void axes(FILE *f, const struct class_lab *l, int labels)
{
	fprintf(f, "set xrange [0:%.3f]\nset yrange [0:%.3f]\n", l->xmax, l->ymax);
	if (!labels)
		return;
	fputs("set xlabel ", f);
	quoted(f, _("seconds since the program started"));
	fputs("\nset ylabel ", f);
	quoted(f, l->signal == CLASS_QUEUED ? _("goroutines in the run queues (queued)") : _("goroutines"));
	fputs("\n", f);
}

static int has_curve(const struct class *c, const struct class_lab *l, size_t k)
{
	const struct class_run *r = &c->runs[l->runs[k]];

	return r->latest && curve_of(r, l)->n;
}

/* Nothing to draw: the axes and a word, never a gnuplot error. */
static void nothing(FILE *f)
{
	fputs("set label 1 ", f);
	quoted(f, _("no curve to draw: see the table below"));
	fputs(" at graph 0.5,0.5 center\nplot -1 notitle\nunset label 1\n", f);
}

/* The page's chart of a class that fits: a colour a student, the
 * outliers dashed, the median thick behind them. */
static void overlay(FILE *f, const struct class *c, const struct class_lab *l, size_t li)
{
	const char *sep = "plot ";
	size_t n = 0;

	fputs("set key outside right top vertical Left reverse noautotitle\n", f);
	axes(f, l, 1);
	if (l->median.n) {
		fprintf(f, "%s$m%zu using 1:2 with steps lw 6 lc rgb '%s' title ", sep, li, COL_MEDIAN);
		quoted(f, _("class median"));
		sep = ", \\\n     ";
	}
	for (size_t k = 0; k < l->nruns; k++) {
		const struct class_run *r = &c->runs[l->runs[k]];

		if (!has_curve(c, l, k))
			continue;
		fprintf(f, "%s$r%zu using 1:2 with steps lw 2.5 dt %d lc rgb '%s' title ", sep, l->runs[k],
			r->why ? 2 : 1, student_colours[n++ % CLASS_PLOT_OVERLAY_MAX]);
		quoted(f, r->who);
		sep = ", \\\n     ";
	}
	if (sep[0] == 'p')
		nothing(f);
	else
		fputs("\n", f);
}

/* The page's chart of a large class: a small panel a student, the same
 * axes in every one (said once, in the page's caption), the class's
 * median in grey behind, an outlier's curve and name in its colour. */
static void multiples(FILE *f, const struct class *c, const struct class_lab *l, size_t li, const char *path)
{
	size_t n = 0, cols, rows;
	char name[sizeof(c->runs[0].who)];

	for (size_t k = 0; k < l->nruns; k++)
		n += has_curve(c, l, k);
	cols = (size_t)ceil(sqrt(2.0 * (double)n));
	cols = cols < 4 ? 4 : cols > 10 ? 10 : cols;
	rows = n ? (n + cols - 1) / cols : 1;
	fprintf(f, "set terminal svg size 1200,%zu dynamic noenhanced font 'DejaVu Sans,11' linewidth 1.2\nset output ",
		rows * 96 + 8);
	quoted(f, path);
	fputs("\nunset key\nunset title\nunset xlabel\nunset ylabel\nunset grid\nset border 15 lw 0.5 lc rgb '#BBBBBB'\n"
	      "unset xtics\nunset ytics\n", f);
	axes(f, l, 0);
	if (!n) {
		nothing(f);
		return;
	}
	fprintf(f, "set multiplot layout %zu,%zu margins 0.005,0.995,0.005,0.995 spacing 0.006,0.02\n", rows, cols);
	for (size_t k = 0; k < l->nruns; k++) {
		const struct class_run *r = &c->runs[l->runs[k]];
		const char *col = r->why ? COL_OUTLIER : COL_STUDENT;

		if (!has_curve(c, l, k))
			continue;
		/* A name cut to its panel's width (about 7 pixels a character). */
		snprintf(name, sizeof(name), "%s", r->who);
		utf8_cut(name, 1200 / cols / 7 - 2);
		fputs("set label 1 ", f);
		quoted(f, name);
		fprintf(f, " at graph 0.04,0.84 left front tc rgb '%s'\n", r->why ? COL_OUTLIER : "#333333");
		if (l->median.n)
			fprintf(f, "plot $m%zu using 1:2 with steps lw 3 lc rgb '%s', $r%zu using 1:2 with steps lw 2 lc rgb '%s'\n",
				li, COL_MEDIAN, l->runs[k], col);
		else
			fprintf(f, "plot $r%zu using 1:2 with steps lw 2 lc rgb '%s'\n", l->runs[k], col);
	}
	fputs("unset label 1\nunset multiplot\nset border 3 lw 1 lc rgb 'black'\nset tics\nset xtics nomirror\n"
	      "set ytics nomirror\nset grid\n", f);
}

/* A lab's slide: every latest curve thin in one blue (one entry in the
 * key says how many), the ones that stand out in orange with their names,
 * the class's median thick over them. */
static void slide(FILE *f, const struct class *c, const struct class_lab *l, size_t li)
{
	char b[600];
	const char *sep = "plot ";
	size_t named = 0;
	int first = 1;

	fputs("set title ", f);
	snprintf(b, sizeof(b), "%s: %s", l->name, class_lab_title(l));
	quoted(f, b);
	fputs(".\"\\n\".", f);
	if (l->expected[0])
		snprintf(b, sizeof(b), _n("%zu student; %zu of them showed the expected '%s'",
					  "%zu students; %zu of them showed the expected '%s'", l->students),
			 l->students, l->met, _(l->expected));
	else
		snprintf(b, sizeof(b), _n("%zu student", "%zu students", l->students), l->students);
	quoted(f, b);
	fputs(" font ',12'\n", f);
	fputs("set key outside right top vertical Left reverse noautotitle\nset tmargin 4\n", f);
	axes(f, l, 1);
	for (size_t k = 0; k < l->nruns; k++) {
		const struct class_run *r = &c->runs[l->runs[k]];

		if (!has_curve(c, l, k) || r->why)
			continue;
		fprintf(f, "%s$r%zu using 1:2 with steps lw 1.5 lc rgb '%s'", sep, l->runs[k], COL_STUDENT);
		if (first) {
			fputs(" title ", f);
			quoted(f, _("each student"));
			first = 0;
		}
		sep = ", \\\n     ";
	}
	for (size_t k = 0; k < l->nruns; k++) {
		const struct class_run *r = &c->runs[l->runs[k]];

		if (!has_curve(c, l, k) || !r->why)
			continue;
		fprintf(f, "%s$r%zu using 1:2 with steps lw 2.5 dt 2 lc rgb '%s'", sep, l->runs[k], COL_OUTLIER);
		/* The key holds ten names; the page lists every one. */
		if (named++ < 10) {
			fputs(" title ", f);
			quoted(f, r->who);
		}
		sep = ", \\\n     ";
	}
	if (l->median.n) {
		fprintf(f, "%s$m%zu using 1:2 with steps lw 5 lc rgb '#222222' title ", sep, li);
		quoted(f, _("class median"));
		sep = ", \\\n     ";
	}
	if (sep[0] == 'p')
		nothing(f);
	else
		fputs("\n", f);
	fputs("set tmargin\nunset title\n", f);
}

int class_plot_script(FILE *f, const struct class *c, const char *svgdir)
{
	char path[1200];

	fputs("# class.gp - leaklab class's charts: each lab's curves of every student.\n"
	      "# Draw them again in this directory: gnuplot class.gp (the page's SVGs and\n"
	      "# class.pdf), gnuplot -e \"fmt='pdf'\" class.gp (only the slides).\n"
	      "# Times are seconds since each program started; sampled values are steps.\n\n"
	      "if (!exists(\"fmt\")) fmt = 'all'\n"
	      "page = (fmt eq 'all' || fmt eq 'page')\n"
	      "deck = (fmt eq 'all' || fmt eq 'pdf')\n"
	      "set datafile separator whitespace\n", f);
	if (blocks(f, c) < 0)
		return -1;
	fputs("set grid back lc rgb '#DDDDDD'\nset border 3 lw 1\nset tics nomirror\n", f);
	for (size_t i = 0; i < c->nlabs; i++) {
		const struct class_lab *l = &c->labs[i];

		class_plot_svg_name(svgdir, i, path, sizeof(path));
		fputs("if (page) {\n", f);
		if (class_plot_interactive(l)) {
			fputs("set terminal svg size 1200,460 dynamic mouse standalone noenhanced font 'DejaVu Sans,15' "
			      "linewidth 1.2\nset output ", f);
			quoted(f, path);
			fputs("\nunset multiplot\nset title\n", f);
			overlay(f, c, l, i);
		} else {
			multiples(f, c, l, i, path);
		}
		fputs("unset output\n}\n", f);
	}
	fputs("if (deck) {\n"
	      "set terminal pdfcairo size 10in,5.625in noenhanced font 'DejaVu Sans,9' fontscale 1 linewidth 2\n"
	      "set output 'class.pdf'\n", f);
	for (size_t i = 0; i < c->nlabs; i++)
		slide(f, c, &c->labs[i], i);
	fputs("unset output\n}\n", f);
	return ferror(f) ? -1 : 0;
}
