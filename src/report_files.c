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
	snprintf(in->probe, sizeof(in->probe), "%s", lab.probe);
	in->verdict_hidden = lab.verdict_hidden;
	in->gomaxprocs = m.gomaxprocs >= 0 ? m.gomaxprocs : lab.gomaxprocs;
	snprintf(in->go_version, sizeof(in->go_version), "%s", m.go_version);
	in->scheduled = m.requests_scheduled;
	in->sched_duration_ms = m.schedule_ms;
	in->malformed = m.malformed;
	in->stacks_t_ms = m.stacks_t_ms;
	in->cpu_leaklab_ms = m.cpu_leaklab_ms;
	in->cpu_program_ms = m.cpu_program_ms;
	load_pauses(&lab, m.schedule_start_ms, in);
	if (strcmp(m.state, "running") == 0) {
		/* meta.txt is completed at the end: this run never got there. */
		in->partial = 1;
		snprintf(in->ended, sizeof(in->ended), "killed before it ended (meta.txt still says running)");
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

static void load_requests(const char *dir, struct report_input *in)
{
	char path[4200];
	struct reqfile_reader *rd;
	struct reqfile_row row;

	snprintf(path, sizeof(path), "%s/%s", dir, RUNDIR_REQUESTS);
	if (!(rd = reqfile_open(path)))
		return;
	while (reqfile_next(rd, &row)) {
		if (row.outcome == REQ_DROPPED) {
			in->dropped++;
			continue;
		}
		in->sent++;
		later(in, row.t_start_ms);
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

/* Where the goroutines that grew wait, from the profiles the run kept. */
static void load_profiles(const char *dir, struct report_input *in)
{
	size_t blen = 0, flen = 0, llen = 0;
	char *base = read_in(dir, RUNDIR_STACKS0, &blen);
	char *final = read_in(dir, RUNDIR_STACKS, &flen);
	char *leak = read_in(dir, RUNDIR_LEAKPROF, &llen);
	long total;

	if (leak && pprof_total(leak, llen, "goroutineleak", &total) == 0 && total > 0)
		in->have_leakprof = pprof_top_site(leak, llen, &in->top_leakprof) == 0;
	if (final) {
		in->have_growth = pprof_top_growth(base, blen, final, flen, NULL, 0, 3, &in->top_growth) == 0;
		in->have_unlisted = pprof_top_growth(base, blen, final, flen, in->have_leakprof ? leak : NULL,
						     llen, 3, &in->top_unlisted) == 0;
	}
	free(base);
	free(final);
	free(leak);
}

int report_load(const char *dir, struct report_input *in, char *err, size_t errlen)
{
	struct report_input g_trace;
	int rc = -1;

	report_input_init(in);
	report_input_init(&g_trace);
	if (load_meta(dir, in, err, errlen) < 0 || load_trace(dir, in, &g_trace, err, errlen) < 0)
		goto out;
	load_requests(dir, in);
	if (load_polls(dir, in, &g_trace) < 0) {
		snprintf(err, errlen, "out of memory reading '%s'", dir);
		goto out;
	}
	load_profiles(dir, in);
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

int report_write(const char *dir, const struct report_input *in, const struct report *r,
		 char *err, size_t errlen)
{
	size_t n = report_text(in, r, NULL, 0) + 1, m = report_json(in, r, NULL, 0) + 1;
	char *buf = malloc(n > m ? n : m);
	int rc = -1;

	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	report_text(in, r, buf, n);
	if (write_file(dir, "summary.txt", buf, n - 1, err, errlen) < 0)
		goto out;
	report_json(in, r, buf, m);
	if (write_file(dir, "summary.json", buf, m - 1, err, errlen) < 0)
		goto out;
	rc = 0;
out:
	free(buf);
	return rc;
}

void report_print(const struct report_input *in, const struct report *r, int json)
{
	size_t n = (json ? report_json(in, r, NULL, 0) : report_text(in, r, NULL, 0)) + 1, m;
	char *text = malloc(n), *wrapped = NULL;
	int cols, rows;

	if (!text)
		return;
	if (json)
		report_json(in, r, text, n);
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
