/* report_files.c - read a run directory into a report_input; write summaries.
 * Each file is read through the module that owns its layout. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "lab.h"
#include "meta.h"
#include "pollfile.h"
#include "pprof.h"
#include "reqfile.h"
#include "i18n.h"
#include "report.h"
#include "rundir.h"
#include "schedule.h"
#include "term.h"
#include "tracefile.h"

#define PROFILE_MAX (256 * 1024 * 1024)

static char *read_in(const char *dir, const char *name, size_t *len)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return files_read(path, PROFILE_MAX, len);
}

/* The schedule's pauses, on the run's clock. */
static void load_pauses(const struct lab *lab, double start_ms, struct report_input *in)
{
	struct schedule_error se;
	struct schedule *s;

	if (start_ms < 0 || !(s = schedule_parse(lab->rate, 0, &se)))
		return;
	in->npauses = (int)schedule_pauses(s, in->pauses, SCHEDULE_MAX_PAUSES);
	for (int i = 0; i < in->npauses; i++) {
		in->pauses[i][0] += start_ms;
		in->pauses[i][1] += start_ms;
	}
	schedule_free(s);
}

static void later(struct report_input *in, double t_ms)
{
	if (!isnan(t_ms) && t_ms > in->xmax_ms)
		in->xmax_ms = t_ms;
}

static int load_meta(const char *dir, struct report_input *in, char *err, size_t errlen)
{
	static struct meta m;
	static struct lab lab;
	struct lab_error le;

	if (meta_read(dir, &m, err, errlen) < 0)
		return -1;
	if (meta_lab(&m, dir, &lab, &le) < 0) {
		snprintf(err, errlen, "%s", le.msg);
		return -1;
	}
	snprintf(in->lab_name, sizeof(in->lab_name), "%s", lab.name);
	snprintf(in->title, sizeof(in->title), "%s", lab.title);
	lab_describe_targets(&lab, in->targets, sizeof(in->targets));
	snprintf(in->title_shown, sizeof(in->title_shown), "%s", lab_title(&lab));
	lab_describe_targets_shown(&lab, in->targets_shown, sizeof(in->targets_shown));
	snprintf(in->probe, sizeof(in->probe), "%s", lab.probe);
	in->verdict_hidden = lab.verdict_hidden;
	in->gomaxprocs = m.attached ? -1 : m.gomaxprocs >= 0 ? m.gomaxprocs : lab.gomaxprocs;
	in->cpus = m.cpus;
	snprintf(in->student, sizeof(in->student), "%s", m.student[0] ? m.student : lab.student);
	snprintf(in->host, sizeof(in->host), "%s", m.host);
	snprintf(in->expected, sizeof(in->expected), "%s", lab.expected);
	in->attached = m.attached;
	in->scheddetail = lab.scheddetail;
	in->trace_runtimes = m.trace_runtimes > 0 ? m.trace_runtimes : 1;
	in->trace_dropped = m.trace_dropped;
	in->pprof_lost_ms = m.pprof_lost_ms;
	snprintf(in->pprof_url, sizeof(in->pprof_url), "%s", m.pprof_url);
	snprintf(in->profile_final, sizeof(in->profile_final), "%s", m.profile_final);
	snprintf(in->profile_full, sizeof(in->profile_full), "%s", m.profile_full);
	snprintf(in->profile_leak, sizeof(in->profile_leak), "%s", m.profile_leak);
	in->ntargets = lab.ntargets;
	for (int i = 0; i < lab.ntargets && i < 16; i++)
		lab_target_label(&lab.targets[i], in->target_names[i], sizeof(in->target_names[i]));
	snprintf(in->go_version, sizeof(in->go_version), "%s", m.go_version);
	in->scheduled = m.requests_scheduled;
	in->sched_duration_ms = m.schedule_ms;
	in->malformed = m.malformed;
	in->stacks_t_ms = m.stacks_t_ms;
	in->final_t_ms = m.final_t_ms;
	in->cpu_leaklab_ms = m.cpu_leaklab_ms;
	in->cpu_program_ms = m.cpu_program_ms;
	load_pauses(&lab, m.schedule_start_ms, in);
	if (strcmp(m.state, "running") == 0) {
		/* meta.txt is completed at the end: this run never got there. */
		in->partial = 1;
		snprintf(in->ended, sizeof(in->ended), META_KILLED_RUNNING);
	} else {
		in->partial = m.partial;
		snprintf(in->ended, sizeof(in->ended), "%s", m.ended);
	}
	return 0;
}

/* trace.tsv: queued over time, and the goroutines scheddetail lists (for a
 * program without pprof). */
static int load_trace(const char *dir, struct report_input *in, struct report_input *g_trace,
		      char *err, size_t errlen)
{
	char path[4200];
	struct trace_reader *tr;
	struct trace_row row;

	snprintf(path, sizeof(path), "%s/%s", dir, RUNDIR_TRACE);
	if (!(tr = trace_open(path))) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	in->np = trace_reader_shape(tr)->np;
	in->detail = trace_reader_shape(tr)->detail;
	while (trace_next(tr, &row)) {
		in->samples++;
		if (isnan(row.t_ms))
			continue;
		in->last_sample_ms = row.t_ms;
		later(in, row.t_ms);
		if (row.detail && row.g_leaked != TRACE_NONE && row.g_leaked > in->leaked_max)
			in->leaked_max = row.g_leaked;
		/* The time slice, from every P's schedtick (Go >= 1.25); an
		 * unknown value is TRACE_NONE, negative. */
		if (report_add_ticks(in, row.uptime_ms, row.idleprocs, row.queued,
				     row.nticks == row.np ? row.np : 0, row.ticks) < 0)
			goto oom;
		if (row.queued != TRACE_NONE && report_add_queued(in, row.t_ms, (double)row.queued) < 0)
			goto oom;
		if (row.detail && row.g_waiting != TRACE_NONE && row.g_runnable != TRACE_NONE &&
		    row.g_running != TRACE_NONE && row.g_syscall != TRACE_NONE) {
			double all = (double)(row.g_runnable + row.g_running + row.g_syscall + row.g_waiting);

			if (report_add_goroutines(g_trace, row.t_ms, all, all) < 0)
				goto oom;
		}
	}
	trace_close(tr);
	return 0;
oom:
	trace_close(tr);
	snprintf(err, errlen, "out of memory reading '%s'", path);
	return -1;
}

/* A request's target as an index into in->target_names; -1 none. */
static int target_index(const struct report_input *in, const char *name)
{
	for (int i = 0; name && i < in->ntargets; i++)
		if (strcmp(in->target_names[i], name) == 0)
			return i;
	return -1;
}

static int load_requests(const char *dir, struct report_input *in)
{
	char path[4200];
	struct reqfile_reader *rd;
	struct reqfile_row row;

	snprintf(path, sizeof(path), "%s/%s", dir, RUNDIR_REQUESTS);
	if (!(rd = reqfile_open(path)))
		return 0;
	while (reqfile_next(rd, &row)) {
		int k;

		if (row.outcome == REQ_DROPPED) {
			in->dropped++;
			continue;
		}
		in->sent++;
		later(in, row.t_start_ms);
		if (!isnan(row.t_start_ms) && (k = target_index(in, row.target)) >= 0 &&
		    report_add_request(in, row.t_start_ms, k, (int)row.outcome) < 0) {
			reqfile_close(rd);
			return -1;
		}
		if (!isnan(row.t_start_ms)) {
			if (isnan(in->first_start_ms) || row.t_start_ms < in->first_start_ms)
				in->first_start_ms = row.t_start_ms;
			if (isnan(in->last_start_ms) || row.t_start_ms > in->last_start_ms)
				in->last_start_ms = row.t_start_ms;
		}
		if (row.outcome == REQ_OK)
			in->ok++;
		else
			in->failed++;
		in->timeouts += row.outcome == REQ_TIMEOUT;
		in->aborted += row.outcome == REQ_ABORTED;
	}
	reqfile_close(rd);
	return 0;
}

static int load_polls(const char *dir, struct report_input *in, struct report_input *g_trace)
{
	struct pollfile_goroutines *g;
	struct pollfile_probe *p;
	size_t n, i;

	if (pollfile_read_goroutines(dir, &g, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		/* The load's idle connections are never the program's leak. */
		double idle = isnan(g[i].idle_conns) ? 0 : g[i].idle_conns;

		later(in, g[i].t_ms);
		in->have_idle_conns |= !isnan(g[i].idle_conns);

		if (report_add_goroutines(in, g[i].t_ms, g[i].total - idle, g[i].total) < 0) {
			free(g);
			return -1;
		}
	}
	free(g);
	in->pprof_served = in->ng > 0;
	if (in->ng == 0 && g_trace->ng > 0) {
		/* No pprof: what scheddetail's G lines say. */
		for (i = 0; i < g_trace->ng; i++)
			if (report_add_goroutines(in, g_trace->g_t_ms[i], g_trace->g[i], g_trace->g[i]) < 0)
				return -1;
		in->g_from_trace = 1;
	}
	if (pollfile_read_probes(dir, &p, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		in->probes++;
		later(in, p[i].t_ms + p[i].latency_ms);
		if (p[i].status >= 200 && p[i].status < 300 && !isnan(p[i].latency_ms))
			stats_hist_add(&in->probe_hist, p[i].latency_ms * 1000);
		else
			in->probes_failed++;
	}
	free(p);
	return 0;
}

static void add_start(void *ud, const struct pprof_goroutine *g)
{
	report_add_goroutine(ud, g, 0);
}

static void add_end(void *ud, const struct pprof_goroutine *g)
{
	report_add_goroutine(ud, g, 1);
}

/* Where the goroutines that grew wait, from the profiles the run kept:
 * debug=1 sites, the goroutineleak profile's proof, and each goroutine of
 * the debug=2 ones. */
static void load_profiles(const char *dir, struct report_input *in)
{
	size_t blen = 0, flen = 0, llen = 0, f0len = 0, f1len = 0;
	char *base = read_in(dir, RUNDIR_STACKS0, &blen);
	char *final = read_in(dir, RUNDIR_STACKS, &flen);
	char *leak = read_in(dir, RUNDIR_LEAKPROF, &llen);
	char *full0 = read_in(dir, RUNDIR_FULL0, &f0len);
	char *full1 = read_in(dir, RUNDIR_FULL, &f1len);
	long total;

	if (leak && pprof_total(leak, llen, "goroutineleak", &total) == 0) {
		in->proven_leaked = total;
		if (total > 0)
			in->have_leakprof = pprof_top_site(leak, llen, &in->top_leakprof) == 0;
	}
	if (final) {
		in->have_growth = pprof_top_growth(base, blen, final, flen, NULL, 0, 3, &in->top_growth) == 0;
		in->have_unlisted = pprof_top_growth(base, blen, final, flen, in->have_leakprof ? leak : NULL,
						     llen, 3, &in->top_unlisted) == 0;
	}
	if (full0 && full1 && pprof_is_full(full0, f0len) && pprof_is_full(full1, f1len)) {
		pprof_each_goroutine(full0, f0len, add_start, in);
		pprof_each_goroutine(full1, f1len, add_end, in);
		in->have_full = 1;
	}
	free(base);
	free(final);
	free(leak);
	free(full0);
	free(full1);
}

/* waits.tsv: the sample at or before the first request (else the first),
 * and the last. */
struct waits_reading {
	struct report_input *in;
	double first, t;                 /* the baseline's t_ms; the sample being read */
	struct report_wait cur[REPORT_MAX_WAITS], base[REPORT_MAX_WAITS];
	int ncur, nbase, have_base;
};

static void take(struct waits_reading *w)
{
	if (!w->ncur || (w->have_base && !(w->t <= w->first)))
		return;
	memcpy(w->base, w->cur, (size_t)w->ncur * sizeof(w->cur[0]));
	w->nbase = w->ncur;
	w->have_base = 1;
}

static void on_wait(void *ud, const struct trace_wait *t)
{
	struct waits_reading *w = ud;

	if (t->t_ms != w->t) {
		take(w);
		w->ncur = 0;
		w->t = t->t_ms;
	}
	if (w->ncur < REPORT_MAX_WAITS) {
		snprintf(w->cur[w->ncur].reason, sizeof(w->cur[0].reason), "%s", t->reason);
		w->cur[w->ncur].start = 0;
		w->cur[w->ncur++].end = (long)t->count;
	}
}

static void load_waits(const char *dir, struct report_input *in)
{
	static struct waits_reading w;
	char path[4200];
	int i;

	memset(&w, 0, sizeof(w));
	w.in = in;
	w.t = NAN;
	w.first = isnan(in->first_start_ms) ? -INFINITY : in->first_start_ms;
	snprintf(path, sizeof(path), "%s/%s", dir, RUNDIR_WAITS);
	if (trace_waits_each(path, on_wait, &w) < 0 || !w.ncur)
		return;
	/* The last sample is in cur; the baseline is the first one, or the
	 * last at or before the first request. */
	if (!w.have_base) {
		memcpy(w.base, w.cur, (size_t)w.ncur * sizeof(w.cur[0]));
		w.nbase = w.ncur;
	}
	for (i = 0; i < w.nbase; i++)
		report_add_wait(in, w.base[i].reason, w.base[i].end, 0);
	for (i = 0; i < w.ncur; i++)
		report_add_wait(in, w.cur[i].reason, w.cur[i].end, 1);
}

int report_load(const char *dir, struct report_input *in, char *err, size_t errlen)
{
	struct report_input g_trace;
	int rc = -1;

	report_input_init(in);
	report_input_init(&g_trace);
	if (load_meta(dir, in, err, errlen) < 0 || load_trace(dir, in, &g_trace, err, errlen) < 0)
		goto out;
	if (load_requests(dir, in) < 0 || load_polls(dir, in, &g_trace) < 0) {
		snprintf(err, errlen, "out of memory reading '%s'", dir);
		goto out;
	}
	load_profiles(dir, in);
	load_waits(dir, in);
	rc = 0;
out:
	report_input_free(&g_trace);
	return rc;
}

static int write_file(const char *dir, const char *name, const char *text, size_t len,
		      char *err, size_t errlen)
{
	if (files_write(dir, name, text, len) < 0) {
		snprintf(err, errlen, "cannot write '%s/%s': %s", dir, name, strerror(errno));
		return -1;
	}
	return 0;
}

/* summary.json is what programs read: its words in English whatever the
 * reader's language, so it is judged again with English forced. */
static size_t json_english(const struct report_input *in, char *buf, size_t len)
{
	struct report *en = malloc(sizeof(*en));
	int was;
	size_t n;

	if (!en)
		return 0;
	was = i18n_english(1);
	report_compute(in, en);
	n = report_json(in, en, buf, len);
	i18n_english(was);
	free(en);
	return n;
}

int report_write(const char *dir, const struct report_input *in, const struct report *r,
		 char *err, size_t errlen)
{
	size_t n = report_text(in, r, NULL, 0) + 1, m = json_english(in, NULL, 0) + 1;
	char *buf = malloc(n > m ? n : m);
	int rc = -1;

	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	report_text(in, r, buf, n);
	if (write_file(dir, "summary.txt", buf, n - 1, err, errlen) < 0)
		goto out;
	json_english(in, buf, m);
	if (write_file(dir, "summary.json", buf, m - 1, err, errlen) < 0)
		goto out;
	rc = 0;
out:
	free(buf);
	return rc;
}

void report_print(const struct report_input *in, const struct report *r, int json)
{
	size_t n = (json ? json_english(in, NULL, 0) : report_text(in, r, NULL, 0)) + 1, m;
	char *text = malloc(n), *wrapped = NULL;
	int cols, rows;

	if (!text)
		return;
	if (json)
		json_english(in, text, n);
	else
		report_text(in, r, text, n);
	if (!json && term_size(STDOUT_FILENO, &cols, &rows) && (m = term_wrap(text, cols - 1, NULL, 0) + 1) &&
	    (wrapped = malloc(m))) {
		term_wrap(text, cols - 1, wrapped, m);
		fputs(wrapped, stdout);
	} else {
		fputs(text, stdout);
	}
	fflush(stdout);
	free(wrapped);
	free(text);
}
