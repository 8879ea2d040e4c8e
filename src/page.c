/* page.c - report.html: one run on one self-contained web page */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "html.h"
#include "install.h"
#include "lab.h"
#include "meta.h"
#include "i18n.h"
#include "page.h"
#include "plot.h"
#include "report.h"
#include "reqfile.h"
#include "rundir.h"
#include "textbuf.h"

/* A paragraph that starts with a word in bold ("Proof: ..."): its start. */
static void lead(FILE *f, const char *cls, const char *word)
{
	fprintf(f, "<p%s%s%s><b>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	html_text(f, word);
	fputs("</b> ", f);
}

/* before, a word, then a value (in bold or not), both escaped. */
static void said(FILE *f, const char *before, const char *word, const char *value, int bold)
{
	fputs(before, f);
	html_text(f, word);
	fputs(bold ? " <b>" : " ", f);
	html_text(f, value);
	if (bold)
		fputs("</b>", f);
}

/* A table's head cell, its text escaped. */
/* A number for a table cell: "-" when unknown. */
static void cell_num(FILE *f, double v, const char *fmt)
{
	fputs("<td class=\"n\">", f);
	if (isnan(v))
		fputs("-", f);
	else
		fprintf(f, fmt, v);
	fputs("</td>", f);
}

static void row_text(FILE *f, const char *what, const char *text)
{
	fputs("<tr><th>", f);
	html_text(f, what);
	fputs("</th><td>", f);
	html_text(f, text);
	fputs("</td></tr>\n", f);
}

/* The relative path from directory from to file to (both as given);
 * "" when either cannot be resolved. */
static void relative(const char *from, const char *to, char *out, size_t len)
{
	char a[PATH_MAX], b[PATH_MAX];
	size_t i = 0, common = 0;
	const char *p;

	out[0] = '\0';
	if (!realpath(from, a) || !realpath(to, b))
		return;
	while (a[i] && a[i] == b[i]) {
		if (a[i] == '/')
			common = i;
		i++;
	}
	if (!a[i] && b[i] == '/')
		common = i;
	out[0] = '\0';
	for (p = a + common; *p; p++)
		if (*p == '/' && strlen(out) + 4 < len)
			strcat(out, "../");
	if (strlen(out) + strlen(b + common + 1) + 1 < len)
		strcat(out, b + common + 1);
}

static void head(FILE *f, const struct report_input *in, const struct meta *m)
{
	char b[512];

	fputs("<h1>", f);
	html_text(f, in->title_shown[0] ? in->title_shown : in->title[0] ? in->title : in->lab_name);
	fputs("</h1>\n<p class=\"sub\">", f);
	html_text(f, in->lab_name);
	if (in->student[0])
		said(f, " &middot; ", _("run by"), in->student, 1);
	if (in->host[0])
		said(f, " ", _("on"), in->host, 0);
	fputs(" &middot; ", f);
	html_text(f, m->start_time);
	fputs(" &middot; ", f);
	html_text(f, in->go_version[0] && strcmp(in->go_version, "-") ? in->go_version : "Go ?");
	if (in->gomaxprocs > 0)
		fprintf(f, ", GOMAXPROCS %ld", in->gomaxprocs);
	if (in->cpus > 0) {
		snprintf(b, sizeof(b), _n(", %ld CPU", ", %ld CPUs", (unsigned long)in->cpus), in->cpus);
		html_text(f, b);
	}
	fputs("</p>\n", f);
	if (in->partial) {
		lead(f, "partial", _("Partial run:"));
		html_text(f, meta_words(in->ended, b, sizeof(b)));
		fputs("</p>\n", f);
	}
	if (in->trace_runtimes > 1) {
		lead(f, "partial", _("Mixed trace:"));
		snprintf(b, sizeof(b), _("%d Go runtimes wrote a schedtrace to the same stderr; %llu samples of the "
					 "others are left out (raw-stderr.log keeps them)."),
			 in->trace_runtimes, (unsigned long long)in->trace_dropped);
		html_text(f, b);
		fputs("</p>\n", f);
	}
}

/* A verdict's name: the reader's word and, when it differs, the one
 * summary.json and the worksheets use. */
static void verdict_name(FILE *f, const char *name)
{
	html_text(f, _(name));
	if (strcmp(_(name), name) != 0) {
		fputs(" <span class=\"en\">(", f);
		html_text(f, name);
		fputs(")</span>", f);
	}
}

static void verdict_box(FILE *f, const struct report_input *in, const struct report *r)
{
	const char *v = in->verdict_hidden ? "hidden" : report_verdict_name(r->verdict);
	char b[256];

	fprintf(f, "<div class=\"verdict %s\"><div class=\"word\">", html_verdict_class(v));
	if (in->verdict_hidden)
		html_text(f, _("verdict hidden"));
	else
		verdict_name(f, v);
	fputs("</div>\n<p>", f);
	if (in->verdict_hidden)
		html_text(f, _("This lab is a hunt: is there a leak, runnable or blocked, where, and when? Decide from the "
			       "charts, stacks.txt, waits.tsv and requests.tsv."));
	else
		html_text(f, r->why);
	fputs("</p>\n", f);
	if (!in->verdict_hidden && r->proof) {
		lead(f, NULL, _("Proof:"));
		html_text(f, _(r->proof));
		if (r->verdict == REPORT_BLOCKED_LEAK && r->proven_leaked > 0) {
			snprintf(b, sizeof(b), _n(" (the runtime proved %ld goroutine leaked)",
						  " (the runtime proved %ld goroutines leaked)", (unsigned long)r->proven_leaked),
				 r->proven_leaked);
			html_text(f, b);
		}
		fputs("</p>\n", f);
	}
	if (!in->verdict_hidden && r->verdict == REPORT_UNKNOWN) {
		lead(f, NULL, _("To know:"));
		html_text(f, r->to_know);
		fputs("</p>\n", f);
	}
	if (!in->verdict_hidden && in->expected[0]) {
		lead(f, NULL, _("Expected:"));
		verdict_name(f, in->expected);
		fputs(" &mdash; ", f);
		if (report_verdict_matches(r->verdict, in->expected) == 1) {
			html_text(f, _("met"));
		} else {
			fputs("<b>", f);
			html_text(f, _("not met"));
			fputs("</b>", f);
		}
		fputs("</p>\n", f);
	}
	fputs("</div>\n", f);
}

static void numbers(FILE *f, const struct report_input *in, const struct report *r)
{
	char b[512];

	fputs("<table class=\"numbers\">\n", f);
	snprintf(b, sizeof(b), _("%llu sent of %llu scheduled to %s: %llu ok, %llu failed (%llu timed out), %llu dropped"),
		 (unsigned long long)in->sent, (unsigned long long)in->scheduled,
		 in->targets_shown[0] ? in->targets_shown : in->targets,
		 (unsigned long long)in->ok, (unsigned long long)in->failed, (unsigned long long)in->timeouts,
		 (unsigned long long)in->dropped);
	row_text(f, P_("summary", "requests"), b);
	if (!isnan(r->sending_target))
		snprintf(b, sizeof(b), _("%.2f/s while sending (target %.2f/s); %.2f/s over the whole schedule with "
			 "its pauses"), r->sending_achieved, r->sending_target, r->achieved_rate);
	else
		snprintf(b, sizeof(b), _("%.2f/s achieved, %.2f/s target"), r->achieved_rate, r->target_rate);
	row_text(f, P_("summary", "rate"), b);
	if (isnan(r->queued_start))
		snprintf(b, sizeof(b), "%s", _("no trace"));
	else
		snprintf(b, sizeof(b), _("start %.0f, end %.0f, max %.0f; slope %.2f/s"), r->queued_start, r->queued_end,
			 r->queued_max, r->queued_fit.slope);
	row_text(f, P_("summary", "queued"), b);
	if (isnan(r->goroutines_start))
		snprintf(b, sizeof(b), "%s", _("no count (no pprof, no scheddetail)"));
	else
		snprintf(b, sizeof(b), _("start %.0f, end %.0f; slope %.2f/s (%s)"), r->goroutines_start,
			 r->goroutines_end, r->goroutines_fit.slope, in->g_from_trace ? _("scheddetail G lines") : "pprof");
	row_text(f, P_("summary", "goroutines"), b);
	if (r->pause_samples) {
		snprintf(b, sizeof(b), _("queued %.1f on average over its %zu samples"), r->pause_queued_mean, r->pause_samples);
		row_text(f, P_("summary", "pause"), b);
	}
	if (!isnan(r->time_slice_ms)) {
		snprintf(b, sizeof(b), _("%.1f ms per schedtick while every P was busy"), r->time_slice_ms);
		row_text(f, P_("summary", "time slice"), b);
	}
	if (in->probe[0] && in->probe_hist.count) {
		snprintf(b, sizeof(b), _("%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%llu probes, %llu failed)"), in->probe,
			 stats_hist_quantile(&in->probe_hist, 0.5) / 1000, stats_hist_quantile(&in->probe_hist, 0.99) / 1000,
			 in->probe_hist.max_us / 1000, (unsigned long long)in->probes, (unsigned long long)in->probes_failed);
		row_text(f, P_("summary", "probe"), b);
	}
	if (!in->verdict_hidden && r->top) {
		snprintf(b, sizeof(b), _("%s%s x %ld (%+ld since the start), from the %s"), r->top_by_creator ? _("created by ") : "",
			 r->top->text, r->top->count, r->top->growth, _(r->top_source));
		row_text(f, P_("summary", "top stack"), b);
		if (r->top_meaning)
			row_text(f, _("what it means"), _(r->top_meaning));
	}
	if (!in->verdict_hidden && r->nwaiting_on && r->verdict != REPORT_NO_LEAK) {
		struct textbuf o;

		textbuf_init(&o, b, sizeof(b));
		for (int i = 0; i < r->nwaiting_on; i++)
			textbuf_printf(&o, "%s%s %ld", i ? ", " : "", r->waiting_on[i].reason, r->waiting_on[i].end);
		textbuf_printf(&o, _(" (from the %s)"), _(r->waiting_source));
		row_text(f, r->verdict == REPORT_RUNNABLE_LEAK ? P_("summary", "by state") : P_("summary", "waiting on"), b);
	}
	if (!in->verdict_hidden && r->culprit.target >= 0) {
		snprintf(b, sizeof(b), _("%s: %.2f per request of it (%.0f requests)"), in->target_names[r->culprit.target],
			 r->culprit.per_request, r->culprit.requests);
		row_text(f, _("leaking target"), b);
	}
	snprintf(b, sizeof(b), _("%llu samples, %llu malformed lines"), (unsigned long long)in->samples,
		 (unsigned long long)in->malformed);
	row_text(f, P_("summary", "trace"), in->attached && !in->samples ? _("none: attached to a service already running") : b);
	row_text(f, P_("summary", "run"), meta_words(in->ended, b, sizeof(b)));
	fputs("</table>\n", f);
}

/* A column of requests by outcome: requests.tsv's word for it, as the
 * reader reads it. */
static const char *outcome_head(int outcome)
{
	switch (outcome) {
	case REQ_OK: return P_("request outcome", "ok");
	case REQ_HTTP: return P_("request outcome", "http");
	case REQ_TIMEOUT: return P_("request outcome", "timeout");
	case REQ_ERROR: return P_("request outcome", "error");
	case REQ_ABORTED: return P_("request outcome", "aborted");
	default: return reqfile_outcome_name((enum reqfile_outcome)outcome);
	}
}

/* Every request by its target and how it ended. */
static void requests(FILE *f, const struct report_input *in)
{
	static const int shown[] = { REQ_OK, REQ_HTTP, REQ_TIMEOUT, REQ_ERROR, REQ_ABORTED };
	unsigned long counts[16][REQ_NOUTCOMES];
	int k;

	if (!in->nreq || in->ntargets < 1)
		return;
	memset(counts, 0, sizeof(counts));
	for (size_t i = 0; i < in->nreq; i++)
		if (in->req_target[i] < 16 && in->req_outcome[i] < REQ_NOUTCOMES)
			counts[in->req_target[i]][in->req_outcome[i]]++;
	html_tag(f, "h2", _("Requests by target and outcome"));
	fputs("\n<table>\n<tr>", f);
	html_tag(f, "th", _("target"));
	/* requests.tsv's words (ok, http, ...), in the reader's language. */
	for (k = 0; k < (int)(sizeof(shown) / sizeof(shown[0])); k++)
		html_tag(f, "th", outcome_head(shown[k]));
	fputs("</tr>\n", f);
	for (int t = 0; t < in->ntargets && t < 16; t++) {
		fputs("<tr><td><code>", f);
		html_text(f, in->target_names[t]);
		fputs("</code></td>", f);
		for (k = 0; k < (int)(sizeof(shown) / sizeof(shown[0])); k++)
			cell_num(f, (double)counts[t][shown[k]], "%.0f");
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* The sites whose goroutines grew (the debug=2 profiles), most first. */
static void sites(FILE *f, const struct report_input *in)
{
	int order[REPORT_MAX_GROUPS], n = 0, i, j;

	if (!in->have_full || in->verdict_hidden)
		return;
	for (i = 0; i < in->ngroups; i++)
		if (in->groups[i].end > in->groups[i].start)
			order[n++] = i;
	if (!n)
		return;
	for (i = 1; i < n; i++)
		for (j = i; j > 0; j--) {
			const struct report_group *a = &in->groups[order[j - 1]], *b = &in->groups[order[j]];

			if (b->end - b->start <= a->end - a->start)
				break;
			int t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	html_tag(f, "h2", _("Where the grown goroutines are"));
	fputs("\n<p class=\"muted\">", f);
	html_text(f, _("From the full goroutine profiles"));
	fputs(" (", f);
	html_link(f, RUNDIR_FULL0, _("at the start"));
	fputs(", ", f);
	html_link(f, RUNDIR_FULL, _("at the end"));
	fputs("): ", f);
	html_text(f, _("each site, the goroutines' state, how many at the start and at the end."));
	fputs("</p>\n<table>\n<tr>", f);
	/* TRANSLATORS: the heads of the table of goroutine sites. */
	html_tag(f, "th", _("site"));
	html_tag(f, "th", _("state"));
	html_tag(f, "th", _("start"));
	html_tag(f, "th", _("end"));
	html_tag(f, "th", _("what it means"));
	fputs("</tr>\n", f);
	for (i = 0; i < n && i < 12; i++) {
		const struct report_group *g = &in->groups[order[i]];
		char site[300];

		if (g->line)
			snprintf(site, sizeof(site), "%s%.200s:%ld)", g->by_creator ? _("created by ") : "", g->site, g->line);
		else
			snprintf(site, sizeof(site), "%s%s", g->by_creator ? _("created by ") : "", g->site);
		fputs("<tr><td><code>", f);
		html_text(f, site);
		fputs("</code></td><td>", f);
		html_text(f, g->state);
		fputs("</td>", f);
		cell_num(f, (double)g->start, "%.0f");
		cell_num(f, (double)g->end, "%.0f");
		fputs("<td>", f);
		html_text(f, g->meaning ? _(g->meaning) : "");
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* The charts: only (when given) that one, else all but skip. The first
 * chart on the page brings gnuplot's script for all of them. */
static void charts(FILE *f, const char *dir, const char *only, const char *skip, int *first)
{
	for (size_t i = 0; i < plot_ncharts(); i++) {
		const struct plot_chart *c = plot_chart_at(i);
		char path[PATH_MAX + 64], prefix[32];
		FILE *probe;

		if ((only && strcmp(c->name, only) != 0) || (skip && strcmp(c->name, skip) == 0))
			continue;
		snprintf(path, sizeof(path), "%s/charts/%s.page.svg", dir, c->name);
		if (!(probe = fopen(path, "r")))
			continue;
		fclose(probe);
		fprintf(f, "<div class=\"chart\" id=\"chart-%s\"><h3>", c->name);
		html_text(f, c->name);
		fputs(" <span class=\"muted\">", f);
		html_text(f, _(c->what));
		fputs("</span></h3>\n", f);
		snprintf(prefix, sizeof(prefix), "c%zu_", i);
		html_svg_script(f, path, prefix, *first);
		*first = 0;
		fputs("</div>\n", f);
	}
}

static void files(FILE *f, const char *dir, const struct report_input *in)
{
	static const char *const names[] = {
		"summary.txt", "summary.json", "meta.txt", RUNDIR_TRACE, RUNDIR_WAITS, RUNDIR_REQUESTS,
		RUNDIR_GOROUTINES, RUNDIR_PROBE, RUNDIR_STACKS0, RUNDIR_STACKS, RUNDIR_FULL0, RUNDIR_FULL,
		RUNDIR_LEAKPROF, RUNDIR_RAW, RUNDIR_STDOUT, "plot.gp",
	};
	char path[PATH_MAX + 64], where[PATH_MAX], rel[PATH_MAX];

	html_tag(f, "h2", _("Files of this run"));
	fputs("\n<p>", f);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (access(path, R_OK) != 0)
			continue;
		html_link(f, names[i], names[i]);
		fputc(' ', f);
	}
	fputs("</p>\n", f);
	/* The reader's language first. */
	for (int i = 0; i < 2; i++) {
		int l = i18n_pt() ? !i : i;

		snprintf(path, sizeof(path), "worksheets/%s/%s.md", l ? "pt-BR" : "en", in->lab_name);
		relative(dir, install_path(path, where, sizeof(where)), rel, sizeof(rel));
		if (!rel[0])
			continue;
		fputs("<p>", f);
		html_text(f, l ? _("The lab's worksheet in Portuguese:") : _("The lab's worksheet:"));
		fputc(' ', f);
		html_link(f, rel, rel);
		fputs("</p>\n", f);
	}
}

int page_write(const char *dir, char *err, size_t errlen)
{
	static struct meta m;
	struct report_input in;
	struct report r;
	char path[PATH_MAX + 64], tmp[PATH_MAX + 64], title[300], foot[300];
	FILE *f;
	int rc = -1, first = 1;

	if (report_load(dir, &in, err, errlen) < 0) {
		report_input_free(&in);
		return -1;
	}
	report_compute(&in, &r);
	if (meta_read(dir, &m, err, errlen) < 0)
		meta_init(&m);
	snprintf(path, sizeof(path), "%s/%s", dir, RUNDIR_PAGE);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, RUNDIR_PAGE);
	if (!(f = fopen(tmp, "w"))) {
		snprintf(err, errlen, _("cannot write '%s': %s"), tmp, strerror(errno));
		goto out;
	}
	if (in.student[0])
		snprintf(title, sizeof(title), _("leaklab: %s by %s"), in.lab_name, in.student);
	else
		snprintf(title, sizeof(title), "leaklab: %s", in.lab_name);
	html_begin(f, i18n_lang(), title);
	head(f, &in, &m);
	/* Above the fold on a laptop: the verdict and the lecture's chart. */
	fputs("<div class=\"top\"><div>\n", f);
	verdict_box(f, &in, &r);
	numbers(f, &in, &r);
	fputs("</div><div>\n", f);
	charts(f, dir, "queue", NULL, &first);
	fputs("</div></div>\n", f);
	html_tag(f, "h2", _("The other charts"));
	fputs("\n<p class=\"muted\">", f);
	html_text(f, _("Hover for values; click a line's name in a key to hide it. The PNGs are in"));
	fputc(' ', f);
	html_link(f, "charts/", "charts/");
	fputs(".</p>\n<div class=\"pair\">\n", f);
	charts(f, dir, NULL, "queue", &first);
	fputs("</div>\n", f);
	requests(f, &in);
	sites(f, &in);
	files(f, dir, &in);
	fputs("<p class=\"muted\">", f);
	snprintf(foot, sizeof(foot), _("Written by leaklab %s. This page asks for nothing outside itself."), m.version);
	html_text(f, foot);
	fputs("</p>\n", f);
	html_end(f);
	if (ferror(f) | fclose(f)) {
		snprintf(err, errlen, "writing '%s': %s", tmp, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	/* The page holds its charts now. */
	for (size_t i = 0; i < plot_ncharts(); i++) {
		snprintf(tmp, sizeof(tmp), "%s/charts/%s.page.svg", dir, plot_chart_at(i)->name);
		unlink(tmp);
	}
	rc = 0;
out:
	report_input_free(&in);
	return rc;
}
