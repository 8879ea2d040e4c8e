/* class_page.c - index.html and class.tsv: the class view written out */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "class_page.h"
#include "class_plot.h"
#include "html.h"
#include "i18n.h"
#include "version.h"

/* What the page adds to html.c's style: older runs grey, outliers marked,
 * the class's rows apart, the hunt's and exercises' marks. */
static const char style[] =
	"<style>\n"
	"tr.old td{color:#777}tr.out td{background:#fff3cd}tr.stat td{background:#eef3f8;font-weight:bold}\n"
	"tr.stat td.n{font-weight:normal}td.ok{color:#1b7837}td.bad{color:#c1440e;font-weight:bold}\n"
	"table.runs{font-size:.85rem}table.runs td.dir{font-size:.75rem;color:#555;max-width:16rem;"
	"overflow-wrap:anywhere}\n"
	"ul.out li{margin:.15rem 0}.bar{font-family:'DejaVu Sans Mono',monospace;letter-spacing:.1em}\n"
	"</style>\n";

/* A cell: its text escaped, with a CSS class or none. */
static void td(FILE *f, const char *cls, const char *text)
{
	fprintf(f, "<td%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	html_text(f, text);
	fputs("</td>", f);
}

static void td_num(FILE *f, double v, const char *fmt)
{
	char b[64];

	if (isnan(v))
		snprintf(b, sizeof(b), "-");
	else
		snprintf(b, sizeof(b), fmt, v);
	td(f, "n", b);
}

/* The base name of a run's directory: what a person recognises. */
static const char *base(const char *dir)
{
	const char *b = strrchr(dir, '/');

	return b && b[1] ? b + 1 : dir;
}

static const char *signal_words(const struct class_lab *l)
{
	return l->signal == CLASS_QUEUED ? _("goroutines in the run queues (queued)") : _("goroutines");
}

/* ------------------------------------------------------------ the page */

static void overview(FILE *f, const struct class *c)
{
	char b[400];

	fputs("<table>\n", f);
	html_head_row(f, _("lab"), _("title"), _("students"), _("showed the expected verdict"), _("stand out"), _("runs"),
		      NULL);
	for (size_t i = 0; i < c->nlabs; i++) {
		const struct class_lab *l = &c->labs[i];

		fprintf(f, "<tr><td><a href=\"#lab-%zu\">", i);
		html_text(f, l->name);
		fputs("</a></td>", f);
		td(f, NULL, class_lab_title(l));
		snprintf(b, sizeof(b), "%zu", l->students);
		td(f, "n", b);
		if (l->expected[0])
			snprintf(b, sizeof(b), _("%zu of %zu ('%s')"), l->met, l->students, _(l->expected));
		else
			snprintf(b, sizeof(b), "%s", l->hunt ? _("a hunt: see its checks") : "-");
		td(f, NULL, b);
		snprintf(b, sizeof(b), "%zu", l->outliers);
		td(f, l->outliers ? "n bad" : "n", b);
		snprintf(b, sizeof(b), "%zu", l->nruns);
		td(f, "n", b);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void chart(FILE *f, const struct class_lab *l, size_t i, const char *svgdir, int *script)
{
	char path[1200], prefix[32], b[400];

	class_plot_svg_name(svgdir, i, path, sizeof(path));
	snprintf(prefix, sizeof(prefix), "l%zu_", i);
	fputs("<div class=\"chart\">\n", f);
	if (access(path, R_OK) != 0 ||
	    html_svg_script(f, path, prefix, class_plot_interactive(l) ? *script : 0) < 0) {
		fputs("<p class=\"partial\">", f);
		html_text(f, _("No chart: gnuplot did not draw it (see leaklab class's messages)."));
		fputs("</p>\n", f);
	} else if (class_plot_interactive(l)) {
		*script = 0;
	}
	fputs("<p class=\"muted\">", f);
	if (class_plot_interactive(l))
		snprintf(b, sizeof(b), _("Each student's latest run: %s over time; the thick grey line is the class's "
					 "median, dashed lines stand out. Click a name in the key to hide its line."),
			 signal_words(l));
	else
		snprintf(b, sizeof(b), _("A panel a student (the latest run): %s over time, in blue, over the class's "
					 "median in grey; orange stands out. Every panel: 0 to %.0f s, 0 to %.0f."),
			 signal_words(l), l->xmax, l->ymax);
	html_text(f, b);
	fputs("</p>\n</div>\n", f);
}

static void outliers(FILE *f, const struct class *c, const struct class_lab *l)
{
	char why[2048];

	if (!l->outliers)
		return;
	html_tag(f, "h3", _("Who stands out, and the likely reason"));
	fputs("\n<ul class=\"out\">\n", f);
	for (size_t k = 0; k < l->nruns; k++) {
		const struct class_run *r = &c->runs[l->runs[k]];

		if (!r->why)
			continue;
		class_reasons(r, l, 0, why, sizeof(why));
		fputs("<li><b>", f);
		html_text(f, r->who);
		fputs("</b> <span class=\"muted\">(", f);
		html_text(f, base(r->dir));
		fputs(")</span>: ", f);
		html_text(f, why);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n", f);
}

static void stat_rows(FILE *f, const struct class_lab *l)
{
	static const char *const names[] = { N_("class min"), N_("class median"), N_("class max") };

	for (int s = 0; s < 3; s++) {
		fputs("<tr class=\"stat\">", f);
		td(f, NULL, _(names[s]));
		fputs("<td colspan=\"5\"></td>", f);
		for (int col = 0; col < CLASS_NCOLS; col++) {
			const struct class_stats *st = &l->stats[col];

			td_num(f, s == 0 ? st->min : s == 1 ? st->median : st->max, class_cols[col].fmt);
		}
		fputs("<td></td></tr>\n", f);
	}
}

static void runs_table(FILE *f, const struct class *c, const struct class_lab *l)
{
	char b[300];

	fputs("<table class=\"runs\">\n<tr>", f);
	html_tag(f, "th", _("student"));
	html_tag(f, "th", _("run"));
	html_tag(f, "th", "Go");
	html_tag(f, "th", "GOMAXPROCS");
	html_tag(f, "th", _("verdict"));
	html_tag(f, "th", _("expected"));
	for (int col = 0; col < CLASS_NCOLS; col++)
		html_tag(f, "th", _(class_cols[col].head));
	html_tag(f, "th", P_("class", "state"));
	fputs("</tr>\n", f);
	for (size_t k = 0; k < l->nruns; k++) {
		const struct class_run *r = &c->runs[l->runs[k]];

		fprintf(f, "<tr%s>", r->why ? " class=\"out\"" : !r->latest ? " class=\"old\"" : "");
		td(f, NULL, r->who);
		/* The run's own name; its whole path on hover (class.tsv has it). */
		fputs("<td class=\"dir\" title=\"", f);
		html_text(f, r->dir);
		fputs("\">", f);
		html_text(f, base(r->dir));
		fputs("</td>", f);
		td(f, NULL, r->go_version[0] ? r->go_version : "-");
		if (r->gomaxprocs > 0)
			snprintf(b, sizeof(b), "%ld", r->gomaxprocs);
		else
			snprintf(b, sizeof(b), "-");
		td(f, "n", b);
		td(f, NULL, r->verdict[0] ? (strcmp(r->verdict, "hidden") == 0 ? _("verdict hidden") : _(r->verdict)) : "-");
		td(f, r->expected_met == 1 ? "ok" : r->expected_met == 0 ? "bad" : NULL,
		   r->expected_met < 0 ? "-" : _(class_met_word(r->expected_met)));
		for (int col = 0; col < CLASS_NCOLS; col++)
			td_num(f, r->v[col], class_cols[col].fmt);
		if (r->unreadable[0])
			snprintf(b, sizeof(b), "%s", _("unreadable"));
		else
			snprintf(b, sizeof(b), "%s%s", r->partial ? _("partial") : _("complete"),
				 r->latest ? "" : _(", an older run"));
		td(f, r->unreadable[0] || r->partial ? "bad" : NULL, b);
		fputs("</tr>\n", f);
	}
	stat_rows(f, l);
	fputs("</table>\n", f);
}

/* The hunt's checks: which fields were right, after how many checks;
 * hunt-check.tsv never holds an answer's words, nor does the page. */
static void hunt(FILE *f, const struct class *c, const struct class_lab *l)
{
	char b[64];
	int any = 0;

	for (size_t k = 0; k < l->nruns; k++)
		any |= c->runs[l->runs[k]].latest && c->runs[l->runs[k]].hunt.present;
	html_tag(f, "h3", _("The hunt: each student's checks"));
	fputs("\n", f);
	if (!any) {
		fputs("<p class=\"muted\">", f);
		html_text(f, _("No check yet: make hunt-check records them in the hunt's run (hunt-check.tsv)."));
		fputs("</p>\n", f);
		return;
	}
	fputs("<table>\n<tr>", f);
	html_tag(f, "th", _("student"));
	html_tag(f, "th", _("variant"));
	for (int i = 0; i < CLASS_HUNT_FIELDS; i++)
		html_tag(f, "th", class_hunt_fields[i]);
	html_tag(f, "th", _("checks"));
	html_tag(f, "th", _("all four right at check"));
	fputs("</tr>\n", f);
	for (size_t k = 0; k < l->nruns; k++) {
		const struct class_run *r = &c->runs[l->runs[k]];
		const struct class_hunt *h = &r->hunt;

		if (!r->latest)
			continue;
		fputs("<tr>", f);
		td(f, NULL, r->who);
		td(f, NULL, h->present ? h->variant : "-");
		for (int i = 0; i < CLASS_HUNT_FIELDS; i++)
			td(f, strcmp(h->field[i], "right") == 0 ? "ok" : h->field[i][0] ? "bad" : NULL,
			   h->field[i][0] ? _(h->field[i]) : "-");
		snprintf(b, sizeof(b), "%d", h->tries);
		td(f, "n", h->present ? b : "-");
		snprintf(b, sizeof(b), "%d", h->all_at);
		td(f, "n", h->all_at ? b : "-");
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void lab_section(FILE *f, const struct class *c, size_t i, const char *svgdir, int *script)
{
	const struct class_lab *l = &c->labs[i];
	char b[600];

	fprintf(f, "<h2 id=\"lab-%zu\">", i);
	html_text(f, l->name);
	if (l->title[0]) {
		fputs(" <span class=\"muted\">", f);
		html_text(f, class_lab_title(l));
		fputs("</span>", f);
	}
	fputs("</h2>\n<p>", f);
	if (l->expected[0])
		snprintf(b, sizeof(b), _n("%zu student ran it; %zu showed the expected verdict, '%s'.",
					  "%zu students ran it; %zu showed the expected verdict, '%s'.", l->students),
			 l->students, l->met, _(l->expected));
	else
		snprintf(b, sizeof(b), _n("%zu student ran it.", "%zu students ran it.", l->students), l->students);
	html_text(f, b);
	if (l->gomaxprocs > 0 && l->version[0]) {
		snprintf(b, sizeof(b), _(" Most ran it with GOMAXPROCS %ld and leaklab %s."), l->gomaxprocs, l->version);
		html_text(f, b);
	}
	fputs("</p>\n", f);
	chart(f, l, i, svgdir, script);
	outliers(f, c, l);
	if (l->hunt)
		hunt(f, c, l);
	html_tag(f, "h3", _("Every run"));
	fputs("\n<p class=\"muted\">", f);
	html_text(f, _("A student's latest run counts (the class's rows are over those); older runs are grey."));
	fputs("</p>\n", f);
	runs_table(f, c, l);
}

static void exercises(FILE *f, const struct class *c)
{
	char b[64];

	if (!c->nex)
		return;
	fputs("<h2 id=\"exercises\">", f);
	html_text(f, _("Exercises"));
	fputs("</h2>\n<table>\n", f);
	html_head_row(f, _("student"), _("fixed"), _("each exercise"), _("tested at"), NULL);
	for (size_t e = 0; e < c->nex; e++) {
		const struct class_exercises *x = &c->ex[e];

		fputs("<tr>", f);
		td(f, NULL, x->who);
		snprintf(b, sizeof(b), _("%d of %d"), x->fixed, x->total);
		td(f, x->fixed == x->total ? "ok" : NULL, b);
		td(f, "bar", x->bar);
		td(f, NULL, x->time[0] ? x->time : "-");
		fputs("</tr>\n", f);
	}
	fputs("</table>\n<p class=\"muted\">", f);
	html_text(f, _("# fixed, . not yet, in the exercises' order (out/exercises.tsv, written by make exercises)."));
	fputs("</p>\n", f);
}

int class_page_write(FILE *f, const struct class *c, const char *svgdir, const char *from)
{
	char b[600];
	int script = 1;

	html_begin(f, i18n_lang(), _("leaklab: the class"));
	fputs(style, f);
	fputs("<h1>", f);
	html_text(f, _("The class"));
	fputs("</h1>\n<p class=\"sub\">", f);
	/* TRANSLATORS: "8 runs of 5 students in 2 labs, found in handed-in". */
	snprintf(b, sizeof(b), _n("%zu run", "%zu runs", c->nruns), c->nruns);
	html_text(f, b);
	snprintf(b, sizeof(b), _n(" of %zu student", " of %zu students", c->students), c->students);
	html_text(f, b);
	snprintf(b, sizeof(b), _n(" in %zu lab, found in %s", " in %zu labs, found in %s", c->nlabs), c->nlabs, from);
	html_text(f, b);
	if (c->unreadable) {
		snprintf(b, sizeof(b), _n("; %zu could not be read (listed with the reason in its lab)",
					  "; %zu could not be read (listed with the reason in their labs)", c->unreadable),
			 c->unreadable);
		html_text(f, b);
	}
	fputs(".</p>\n", f);
	overview(f, c);
	for (size_t i = 0; i < c->nlabs; i++)
		lab_section(f, c, i, svgdir, &script);
	exercises(f, c);
	fputs("<p class=\"muted\">", f);
	snprintf(b, sizeof(b), _("Written by leaklab %s (class.tsv has every run for a spreadsheet, class.pdf a slide a "
				 "lab). This page asks for nothing outside itself."), LEAKLAB_VERSION);
	html_text(f, b);
	fputs("</p>\n", f);
	html_end(f);
	return ferror(f) ? -1 : 0;
}

/* ------------------------------------------------------------ class.tsv */

/* A value for the table: no tab, newline or return inside; '-' for none. */
static void field(FILE *f, const char *s, int last)
{
	if (!s || !s[0])
		fputc('-', f);
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
	fputc(last ? '\n' : '\t', f);
}

int class_tsv_write(FILE *f, const struct class *c)
{
	char b[2048];

	fputs("student\tfolder\tlab\tdir\tlatest\tverdict\texpected\tmet\tgo_version\tgomaxprocs\tleaklab_version\tstate", f);
	for (int col = 0; col < CLASS_NCOLS; col++)
		fprintf(f, "\t%s", class_cols[col].tsv);
	fputs("\treasons\n", f);
	for (size_t i = 0; i < c->nlabs; i++) {
		const struct class_lab *l = &c->labs[i];

		for (size_t k = 0; k < l->nruns; k++) {
			const struct class_run *r = &c->runs[l->runs[k]];

			field(f, r->student, 0);
			field(f, r->folder, 0);
			field(f, l->name, 0);
			field(f, r->dir, 0);
			field(f, r->latest ? "yes" : "no", 0);
			field(f, r->verdict, 0);
			field(f, l->expected, 0);
			field(f, r->expected_met < 0 ? "" : r->expected_met ? "yes" : "no", 0);
			field(f, r->go_version, 0);
			if (r->gomaxprocs > 0)
				snprintf(b, sizeof(b), "%ld", r->gomaxprocs);
			else
				b[0] = '\0';
			field(f, b, 0);
			field(f, r->version, 0);
			field(f, r->unreadable[0] ? "unreadable" : r->partial ? "partial" : "complete", 0);
			for (int col = 0; col < CLASS_NCOLS; col++) {
				if (isnan(r->v[col]))
					b[0] = '\0';
				else
					snprintf(b, sizeof(b), class_cols[col].fmt, r->v[col]);
				field(f, b, 0);
			}
			class_reasons(r, l, 1, b, sizeof(b));
			field(f, b, 1);
		}
	}
	return ferror(f) ? -1 : 0;
}
