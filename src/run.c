/* run.c - one run's loop: trace in, load out, polls and probes on the side */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "mono.h"
#include "msg.h"
#include "platform.h"
#include "pollfile.h"
#include "keyval.h"
#include "pprof.h"
#include "run.h"
#include "signals.h"
#include "term.h"
#include "textbuf.h"

#define FETCH_TIMEOUT_MS 5000
#define FINAL_FETCH_MS 4000
#define LEAK_FETCH_MS 15000
#define STOP_GRACE_MS 2000
#define MAX_FDS 8

static double now_ms(const struct run *r)
{
	return mono_now_ms() - r->t0;
}

/* --------------------------------------------------------------- callbacks */

static void on_sample(void *ud, const struct trace_row *s)
{
	struct run *r = ud;

	if (s->queued != TRACE_NONE)
		r->last_queued = s->queued;
	if (r->live) {
		live_sample(r->live, s, r->sent);
		r->frame_due = 1;
	}
}

static void on_stderr(void *ud, const char *buf, size_t len)
{
	struct run *r = ud;

	if (collector_feed(r->col, buf, len, now_ms(r)) < 0)
		rundir_failed(&r->dir, collector_failed_file(r->col));
}

static void on_result(void *ud, const struct reqfile_row *res)
{
	struct run *r = ud;
	char row[768];
	size_t n = reqfile_format(res, row, sizeof(row));

	if (res->outcome != REQ_DROPPED)
		r->sent++;
	rundir_put(&r->dir, r->dir.requests, RUNDIR_REQUESTS, row, n);
}

static void on_probe(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;
	struct pollfile_probe p = { f->t_start_ms, f->t_end_ms - f->t_start_ms, f->error ? 0L : f->status };
	char row[128];

	r->probe_busy = 0;
	if (!f->error && f->status >= 200 && f->status < 300)
		r->last_probe_ms = p.latency_ms;
	rundir_put(&r->dir, r->dir.probe, RUNDIR_PROBE, row, pollfile_probe_row(&p, row, sizeof(row)));
}

static char *copy_body(const struct driver_fetch_result *f)
{
	char *c = malloc(f->body_len + 1);

	if (c)
		memcpy(c, f->body, f->body_len + 1);
	return c;
}

/* Keep the newest profile (stacks.txt) and the first one (the baseline
 * the growth is measured from). */
static void keep_profile(struct run *r, const struct driver_fetch_result *f)
{
	char *copy = copy_body(f);

	if (!copy)
		return;
	if (!r->profile0) {
		r->profile0 = copy;
		r->profile0_len = f->body_len;
		if (!(copy = copy_body(f)))
			return;
	}
	free(r->profile);
	r->profile = copy;
	r->profile_len = f->body_len;
	r->profile_t_ms = f->t_start_ms;
}

/* pprof is the program's choice: without it, say so once, and go on with
 * what the trace gives. */
static void pprof_absent(struct run *r, long status)
{
	if (r->pprof_missing)
		return;
	r->pprof_missing = 1;
	warnf("'%s' does not serve /debug/pprof/ (HTTP %ld): no goroutine profile, so no goroutine "
	      "count or top stack from pprof%s. To add it: import _ \"net/http/pprof\" and serve "
	      "http.DefaultServeMux, or mount the net/http/pprof handlers on your mux.",
	      program_label(r->prog), status, r->cfg->lab->scheddetail ? "; the goroutines by state come from "
	      "scheddetail's G lines" : "; a blocked leak can then only be seen with scheddetail = on");
}

static void on_goroutines(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;
	struct pollfile_goroutines g;
	struct pprof_counts c;
	char row[128];

	r->sample_busy = 0;
	if (!f->error && f->status == 404) {
		pprof_absent(r, f->status);
		return;
	}
	if (f->error || f->status != 200 || pprof_count(f->body, f->body_len, &c) < 0)
		return;
	r->last_goroutines = c.total;
	keep_profile(r, f);
	g.t_ms = f->t_start_ms;
	g.total = (double)c.total;
	g.idle_conns = (double)c.idle_conns;
	rundir_put(&r->dir, r->dir.goroutines, RUNDIR_GOROUTINES, row, pollfile_goroutines_row(&g, row, sizeof(row)));
}

static void on_final_profile(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;

	r->final_fetches--;
	/* The last poll: a row like the others, and the stacks.txt to keep. */
	r->sample_busy = 1;
	on_goroutines(ud, f);
}

static void on_leak_profile(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;
	long total;

	r->final_fetches--;
	/* Go >= 1.26 (1.26 with GOEXPERIMENT=goroutineleakprofile). */
	if (!f->error && f->status == 200 && pprof_total(f->body, f->body_len, "goroutineleak", &total) == 0)
		rundir_write(&r->dir, RUNDIR_LEAKPROF, f->body, f->body_len);
}

static void on_stats(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;

	r->final_fetches--;
	if (!f->error && f->status == 200)
		keyval_get(f->body, f->body_len, "go_version", r->go_version, sizeof(r->go_version));
}

static void fetch(struct run *r, const char *path, long timeout_ms,
		  void (*cb)(void *, const struct driver_fetch_result *), int counted)
{
	char u[700];

	snprintf(u, sizeof(u), "%s%s", program_url(r->prog), path);
	if (driver_fetch(r->drv, u, timeout_ms, cb, r) == 0 && counted)
		r->final_fetches++;
}

/* --------------------------------------------------------------- status */

/* The live view: a frame on every sample, and four a second for the
 * clock. Drawn over the last one, never cleared first: no flicker. */
static void live_frame_draw(struct run *r, double now)
{
	int cols, rows;
	size_t n;

	if (!r->frame_due && now - r->last_frame < 250)
		return;
	r->frame_due = 0;
	r->last_frame = now;
	r->live->now_ms = now;
	r->live->now_sent = r->sent;
	r->live->goroutines = r->last_goroutines;
	r->live->probe_ms = r->last_probe_ms;
	snprintf(r->live->note, sizeof(r->live->note), "%s", msg_last());
	term_size(STDOUT_FILENO, &cols, &rows);
	n = live_frame(r->live, cols, rows, term_color(STDOUT_FILENO), term_utf8(), NULL, 0) + 1;
	if (n > r->frame_cap) {
		char *b = realloc(r->frame, n);

		if (!b)
			return;
		r->frame = b;
		r->frame_cap = n;
	}
	live_frame(r->live, cols, rows, term_color(STDOUT_FILENO), term_utf8(), r->frame, r->frame_cap);
	term_write(STDOUT_FILENO, r->frame, n - 1);
}

static void status_line(struct run *r, double now, int final)
{
	if (r->live) {
		if (!final)
			live_frame_draw(r, now);
		return;
	}
	if (!r->cfg->tty)
		return;
	if (final) {
		fputs("\r\033[K", stderr);
		return;
	}
	if (now - r->last_status < 250)
		return;
	r->last_status = now;
	{
		char line[256], probe[32] = "-";
		int cols, rows;

		if (r->last_probe_ms >= 0)
			snprintf(probe, sizeof(probe), "%.1f ms", r->last_probe_ms);
		snprintf(line, sizeof(line), "[%5.1f/%.1f s] sent %llu  queued %lld  goroutines %ld  probe %s",
			 now / 1000, r->run_end_ms / 1000, (unsigned long long)r->sent, (long long)r->last_queued,
			 r->last_goroutines, probe);
		/* One line that fits: a line that wraps cannot be redrawn. */
		term_size(STDERR_FILENO, &cols, &rows);
		if (cols - 1 > 0 && (size_t)(cols - 1) < strlen(line))
			line[cols - 1] = '\0';
		fprintf(stderr, "\r\033[K%s", line);
		fflush(stderr);
	}
}

/* ---------------------------------------------------------------- start */

static void meta_counts(struct run *r)
{
	struct collector_stats st;

	collector_get_stats(r->col, &st);
	r->meta.samples = st.samples;
	r->meta.detail_samples = st.detail_samples;
	r->meta.malformed = st.malformed;
	r->meta.other_lines = st.other_lines;
	r->meta.orphan_lines = st.orphan_lines;
	r->meta.stderr_bytes = st.bytes;
	if (r->go_version[0])
		snprintf(r->meta.go_version, sizeof(r->meta.go_version), "%s", r->go_version);
}

static void write_meta(struct run *r)
{
	meta_counts(r);
	if (meta_write(r->dir.path, &r->meta) < 0)
		rundir_failed(&r->dir, "meta.txt");
}

static int open_collector(struct run *r)
{
	char trace_path[PATH_MAX + 64];
	struct collector_opts co;

	snprintf(trace_path, sizeof(trace_path), "%s/%s", r->dir.path, RUNDIR_TRACE);
	memset(&co, 0, sizeof(co));
	co.raw = r->dir.raw;
	co.trace = r->dir.trace;
	co.trace_path = trace_path;
	co.waits = r->dir.waits;
	co.raw_name = RUNDIR_RAW;
	co.trace_name = RUNDIR_TRACE;
	co.waits_name = RUNDIR_WAITS;
	co.on_sample = on_sample;
	co.ud = r;
	if (!(r->col = collector_new(&co))) {
		snprintf(r->err, sizeof(r->err), "out of memory");
		return -1;
	}
	return 0;
}

static void fill_meta(struct run *r)
{
	const struct run_config *c = r->cfg;
	struct utsname un;
	struct textbuf o;
	time_t wall = time(NULL);

	meta_init(&r->meta);
	if (uname(&un) == 0)
		snprintf(r->meta.os, sizeof(r->meta.os), "%.40s %.60s %.40s", un.sysname, un.release, un.machine);
	strftime(r->meta.start_time, sizeof(r->meta.start_time), "%Y-%m-%dT%H:%M:%S%z", localtime(&wall));
	r->meta.cpus = sysconf(_SC_NPROCESSORS_ONLN);
	r->meta.gomaxprocs = c->lab->gomaxprocs;
	textbuf_init(&o, r->meta.program, sizeof(r->meta.program));
	for (int i = 0; c->argv[i]; i++)
		textbuf_printf(&o, "%s%s", i ? " " : "", c->argv[i]);
	r->meta.requests_scheduled = c->sched->total;
	r->meta.schedule_ms = c->sched->duration_ms;
	lab_format(c->lab, r->meta.lab_text, sizeof(r->meta.lab_text));
}

static int new_driver(struct run *r)
{
	const struct run_config *c = r->cfg;
	static struct driver_target targets[LAB_MAX_TARGETS];
	static char urls[LAB_MAX_TARGETS][600], labels[LAB_MAX_TARGETS][300];
	const char *headers[LAB_MAX_HEADERS];
	struct driver_config dc;
	int i;

	for (i = 0; i < c->lab->ntargets; i++) {
		const struct lab_target *t = &c->lab->targets[i];

		snprintf(urls[i], sizeof(urls[i]), "%s%s", program_url(r->prog), t->path);
		/* Two targets may differ only by their body: say which. */
		snprintf(labels[i], sizeof(labels[i]), "%s %s%s%s", t->method, t->path,
			 t->body_file[0] ? " @" : "", t->body_file);
		targets[i].url = urls[i];
		targets[i].method = t->method;
		targets[i].body = c->bodies[i];
		targets[i].body_len = c->body_lens[i];
		targets[i].weight = t->weight;
		targets[i].label = labels[i];
	}
	for (i = 0; i < c->lab->nheaders; i++)
		headers[i] = c->lab->headers[i];
	memset(&dc, 0, sizeof(dc));
	dc.targets = targets;
	dc.ntargets = (size_t)c->lab->ntargets;
	dc.headers = headers;
	dc.nheaders = (size_t)c->lab->nheaders;
	dc.sched = c->sched;
	dc.timeout_ms = c->lab->timeout_ms;
	dc.concurrency = 1024;
	dc.t0_ms = r->t0;
	dc.start_ms = r->start_ms;
	dc.end_ms = r->hard_end_ms;
	dc.on_result = on_result;
	dc.ud = r;
	if (!(r->drv = driver_new(&dc, r->err, sizeof(r->err))))
		return -1;
	return 0;
}

int run_start(struct run *r, const struct run_config *cfg)
{
	const struct lab *lab = cfg->lab;
	struct program_opts po;
	char err[2048];
	double tail;

	r->cfg = cfg;
	r->last_probe_ms = -1;
	r->last_goroutines = -1;
	r->last_queued = -1;
	fill_meta(r);
	if (!(r->prog = program_new())) {
		snprintf(r->err, sizeof(r->err), "out of memory");
		return -1;
	}
	if (rundir_open(&r->dir, r->err, sizeof(r->err)) < 0 || open_collector(r) < 0)
		return -1;
	/* Written now, so that report and plot read even a run that is killed. */
	write_meta(r);

	memset(&po, 0, sizeof(po));
	po.argv = cfg->argv;
	po.bundled = cfg->bundled;
	po.host = cfg->host;
	po.port = cfg->port;
	po.gomaxprocs = lab->gomaxprocs;
	po.schedtrace_ms = lab->schedtrace_ms;
	po.scheddetail = lab->scheddetail;
	po.ready_timeout_ms = lab->ready_timeout_ms;
	po.out_log = r->dir.out;
	po.on_stderr = on_stderr;
	po.ud = r;
	r->t0 = mono_now_ms();
	if (program_start(r->prog, &po, err, sizeof(err)) < 0) {
		snprintf(r->err, sizeof(r->err), "%s", err);
		snprintf(r->meta.ended, sizeof(r->meta.ended), "the program did not start: %.*s",
			 (int)strcspn(err, "\n;"), err);
		r->meta.partial = 1;
		/* A program that started and never listened had a pid: say it,
		 * so that what ran can be checked to be gone. */
		r->meta.pid = program_pid(r->prog);
		snprintf(r->meta.state, sizeof(r->meta.state), "ended");
		r->end = RUN_PROGRAM_EXITED;
		collector_finish(r->col, now_ms(r));
		rundir_close(&r->dir);
		write_meta(r);
		return -1;
	}
	r->meta.pid = program_pid(r->prog);
	snprintf(r->meta.url, sizeof(r->meta.url), "%s", program_url(r->prog));
	if (plat_go_version(program_pid(r->prog), r->go_version, sizeof(r->go_version)) < 0)
		r->go_version[0] = '\0';
	write_meta(r);

	/* A baseline before the first request: one trace interval, at most 2 s.
	 * The tail after the schedule lets the last samples in. */
	r->start_ms = now_ms(r) + (lab->schedtrace_ms < 2000 ? (double)lab->schedtrace_ms : 2000);
	tail = 2.0 * (double)lab->schedtrace_ms + 200;
	r->run_end_ms = r->start_ms + cfg->sched->duration_ms + tail;
	r->hard_end_ms = lab->duration_ms > 0 ? lab->duration_ms : r->run_end_ms + (double)lab->timeout_ms;
	if (r->run_end_ms > r->hard_end_ms)
		r->run_end_ms = r->hard_end_ms;
	r->meta.schedule_start_ms = r->start_ms;
	if (new_driver(r) < 0)
		return -1;
	if (cfg->bundled)
		fetch(r, "/stats", FETCH_TIMEOUT_MS, on_stats, 1);
	return 0;
}

/* ----------------------------------------------------------------- loop */

/* Wait on the program's fds, the signal pipe and the driver until 'until';
 * read what came. Returns 0, or -1 when libcurl failed (r->err). */
static int step(struct run *r, double until)
{
	int fds[MAX_FDS];
	short rev[MAX_FDS];
	size_t n = program_fds(r->prog, fds, MAX_FDS - 1), i;
	double due = collector_deadline(r->col);

	fds[n++] = r->cfg->sigfd;
	if (due < until)
		until = due;
	memset(rev, 0, sizeof(rev));
	if (driver_step(r->drv, until, fds, rev, n, r->err, sizeof(r->err)) < 0)
		return -1;
	for (i = 0; i + 1 < n; i++)
		if (rev[i]) {
			program_drain(r->prog);
			break;
		}
	if (rev[n - 1])
		signals_drain();
	if (collector_tick(r->col, now_ms(r)) < 0)
		rundir_failed(&r->dir, collector_failed_file(r->col));
	return 0;
}

static int loop(struct run *r);

int run_loop(struct run *r)
{
	int rc;

	if (!r->cfg->live)
		return loop(r);
	if (!(r->live = malloc(sizeof(*r->live)))) {
		snprintf(r->err, sizeof(r->err), "out of memory for the live view");
		return -1;
	}
	live_init(r->live, r->cfg->lab->name, r->cfg->lab->title, r->run_end_ms, r->cfg->sched->total);
	{
		double p[SCHEDULE_MAX_PAUSES][2];
		size_t n = schedule_pauses(r->cfg->sched, p, SCHEDULE_MAX_PAUSES);

		for (size_t i = 0; i < n; i++)
			live_pause(r->live, r->start_ms + p[i][0], r->start_ms + p[i][1]);
	}
	/* The view owns the terminal: messages wait, shown in its footer. */
	msg_hold(1);
	term_screen_enter(STDOUT_FILENO);
	rc = loop(r);
	term_screen_leave();
	msg_hold(0);
	free(r->live);
	free(r->frame);
	r->live = NULL;
	r->frame = NULL;
	return rc;
}

static int loop(struct run *r)
{
	const struct lab *lab = r->cfg->lab;
	const struct schedule *s = r->cfg->sched;
	double next_probe = now_ms(r), next_sample = now_ms(r);
	/* The goroutineleak profile runs a GC cycle, which takes seconds behind
	 * a crowd of spinners: ask for it as soon as the last request is out. */
	double leak_at = r->start_ms + (s->total && !s->poisson ? schedule_time_ms(s, s->total - 1)
								 : s->duration_ms) + 500;

	for (;;) {
		double now = now_ms(r), until;

		if (signals_caught()) {
			r->end = RUN_SIGNAL;
			snprintf(r->meta.ended, sizeof(r->meta.ended), "interrupted by %s at %.1f s",
				 strsignal(signals_caught()), now / 1000);
			break;
		}
		if (program_exited(r->prog)) {
			/* Its last words first. */
			program_drain(r->prog);
			r->end = RUN_PROGRAM_EXITED;
			snprintf(r->meta.ended, sizeof(r->meta.ended), "the program %s at %.1f s, before the run's end",
				 program_exit_text(r->prog), now / 1000);
			break;
		}
		if (r->dir.failed) {
			r->end = RUN_FAILED;
			snprintf(r->meta.ended, sizeof(r->meta.ended), "writing %s failed at %.1f s", r->dir.failed,
				 now / 1000);
			break;
		}
		if (now >= r->hard_end_ms || (now >= r->run_end_ms && driver_load_done(r->drv))) {
			struct driver_counts dc;

			driver_get_counts(r->drv, &dc);
			if (dc.scheduled < s->total) {
				r->end = RUN_CAPPED;
				snprintf(r->meta.ended, sizeof(r->meta.ended), "the duration cap (%.1f s) came after "
					 "%llu of %llu requests", r->hard_end_ms / 1000,
					 (unsigned long long)dc.scheduled, (unsigned long long)s->total);
			} else {
				r->end = RUN_COMPLETE;
				snprintf(r->meta.ended, sizeof(r->meta.ended), "complete");
			}
			break;
		}

		if (lab->probe[0] && now >= next_probe) {
			if (!r->probe_busy) {
				char u[700];

				snprintf(u, sizeof(u), "%s%s", program_url(r->prog), lab->probe);
				/* One probe at a time: a slow answer is the measurement. */
				r->probe_busy = driver_fetch(r->drv, u, FETCH_TIMEOUT_MS, on_probe, r) == 0;
			}
			while (next_probe <= now)
				next_probe += lab->probe_every_ms;
		}
		if (now >= next_sample && !r->pprof_missing) {
			if (!r->sample_busy) {
				char u[700];

				snprintf(u, sizeof(u), "%s/debug/pprof/goroutine?debug=1", program_url(r->prog));
				r->sample_busy = driver_fetch(r->drv, u, FETCH_TIMEOUT_MS, on_goroutines, r) == 0;
			}
			while (next_sample <= now)
				next_sample += lab->sample_every_ms;
		}
		if (!r->leak_asked && now >= leak_at) {
			r->leak_asked = 1;
			if (!r->pprof_missing)
				fetch(r, "/debug/pprof/goroutineleak?debug=1", LEAK_FETCH_MS, on_leak_profile, 1);
		}
		status_line(r, now, 0);

		/* Past run_end only late answers are awaited, up to hard_end. */
		until = now < r->run_end_ms ? r->run_end_ms : r->hard_end_ms;
		if (!r->leak_asked && leak_at < until)
			until = leak_at;
		if (lab->probe[0] && next_probe < until)
			until = next_probe;
		if (!r->pprof_missing && next_sample < until)
			until = next_sample;
		if ((r->cfg->tty || r->live) && now + 250 < until)
			until = now + 250;
		if (step(r, until) < 0) {
			r->end = RUN_FAILED;
			snprintf(r->meta.ended, sizeof(r->meta.ended), "the load driver failed at %.1f s: %.160s",
				 now / 1000, r->err);
			status_line(r, now, 1);
			return -1;
		}
	}
	status_line(r, 0, 1);
	return 0;
}

/* ----------------------------------------------------------------- finish */

static double cpu_ms(int who)
{
	struct rusage ru;

	if (getrusage(who, &ru) < 0)
		return -1;
	return (double)ru.ru_utime.tv_sec * 1000 + (double)ru.ru_utime.tv_usec / 1000 +
	       (double)ru.ru_stime.tv_sec * 1000 + (double)ru.ru_stime.tv_usec / 1000;
}

int run_finish(struct run *r)
{
	double cap_abs = r->t0 + r->hard_end_ms, deadline;

	if (r->drv)
		driver_stop_sending(r->drv);
	/* The final profiles, while the program still answers and the cap
	 * leaves time. */
	if (r->end == RUN_COMPLETE && r->drv && now_ms(r) < r->hard_end_ms) {
		deadline = now_ms(r) + FINAL_FETCH_MS;
		if (deadline > r->hard_end_ms)
			deadline = r->hard_end_ms;
		if (!r->pprof_missing)
			fetch(r, "/debug/pprof/goroutine?debug=1", FINAL_FETCH_MS, on_final_profile, 1);
		if (r->cfg->bundled)
			fetch(r, "/stats", FINAL_FETCH_MS, on_stats, 1);
		while (r->final_fetches > 0 && now_ms(r) < deadline && !signals_caught() &&
		       !program_exited(r->prog))
			if (step(r, deadline) < 0)
				break;
	}
	if (r->drv)
		driver_abort(r->drv, r->end == RUN_COMPLETE ? "aborted: the run ended first"
							    : "aborted: the run was stopped");
	/* Stop the program and its tree, keeping every byte it writes until
	 * its end. The cap holds: the grace shrinks to what is left of it. */
	deadline = mono_now_ms() + STOP_GRACE_MS;
	if (deadline > cap_abs)
		deadline = cap_abs > mono_now_ms() + 200 ? cap_abs : mono_now_ms() + 200;
	program_stop(r->prog, deadline);
	program_drain_rest(r->prog, mono_now_ms() + 1000);
	/* What the run cost: leaklab's own CPU beside the program's (its
	 * shepherd has reaped it by now; the live view must stay small). */
	r->meta.cpu_leaklab_ms = cpu_ms(RUSAGE_SELF);
	if (program_stopped(r->prog))
		r->meta.cpu_program_ms = cpu_ms(RUSAGE_CHILDREN);
	if (collector_finish(r->col, now_ms(r)) < 0)
		rundir_failed(&r->dir, collector_failed_file(r->col));
	if (r->profile0 && r->profile0 != r->profile)
		rundir_write(&r->dir, RUNDIR_STACKS0, r->profile0, r->profile0_len);
	if (r->profile) {
		rundir_write(&r->dir, RUNDIR_STACKS, r->profile, r->profile_len);
		r->meta.stacks_t_ms = r->profile_t_ms;
	}
	rundir_close(&r->dir);
	r->meta.partial = r->end != RUN_COMPLETE;
	r->meta.end_ms = now_ms(r);
	snprintf(r->meta.state, sizeof(r->meta.state), "ended");
	if (r->end == RUN_COMPLETE && r->dir.failed) {
		r->end = RUN_FAILED;
		r->meta.partial = 1;
		snprintf(r->meta.ended, sizeof(r->meta.ended), "writing %s failed", r->dir.failed);
	}
	write_meta(r);
	if (r->dir.failed) {
		snprintf(r->err, sizeof(r->err), "writing '%s/%s': %s (the program is stopped)", r->dir.path,
			 r->dir.failed, strerror(r->dir.failed_errno));
		return -1;
	}
	return 0;
}

void run_free(struct run *r)
{
	program_free(r->prog);
	r->prog = NULL;
	driver_free(r->drv);
	collector_free(r->col);
	rundir_close(&r->dir);
	free(r->profile);
	free(r->profile0);
	r->drv = NULL;
	r->col = NULL;
	r->profile = r->profile0 = NULL;
}
