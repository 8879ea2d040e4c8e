/* run.c - one run's loop: trace in, load out, polls and probes on the side */
#include <curl/curl.h>
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
#include "program.h"
#include "i18n.h"
#include "run.h"
#include "run_polls.h"
#include "run_view.h"
#include "signals.h"
#include "term.h"
#include "textbuf.h"

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

/* Two runtimes' traces on one stderr: said once, as soon as it shows. */
static void mixed_warning(struct run *r, const struct collector_stats *st)
{
	r->mixed_warned = 1;
	warnf("two Go runtimes write their schedtrace to this stderr (their uptimes interleave: %lld ms, then %lld ms): "
	      "a wrapper, or a child that inherits GODEBUG. %s raw-stderr.log has both. Instead: env = "
	      "KEY=VALUE in the lab for the environment, $ADDR or $PORT in the command for the address, or "
	      "run a built binary.", (long long)st->back_from, (long long)st->back_to,
	      st->separated ? _("trace.tsv keeps the one started last (the program);")
			    : _("They could not be told apart: trace.tsv has both;"));
}

static void on_stderr(void *ud, const char *buf, size_t len)
{
	struct run *r = ud;
	struct collector_stats st;

	if (collector_feed(r->col, buf, len, now_ms(r)) < 0)
		rundir_failed(&r->dir, collector_failed_file(r->col));
	collector_get_stats(r->col, &st);
	if (st.mixed && !r->mixed_warned)
		mixed_warning(r, &st);
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
	r->meta.trace_runtimes = st.runtimes > 1 && st.mixed ? st.runtimes : 1;
	r->meta.trace_dropped = st.dropped;
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
	static char trace_path[PATH_MAX + 64], waits_path[PATH_MAX + 64];
	struct collector_opts co;

	snprintf(trace_path, sizeof(trace_path), "%s/%s", r->dir.path, RUNDIR_TRACE);
	memset(&co, 0, sizeof(co));
	co.raw = r->dir.raw;
	co.trace = r->dir.trace;
	co.trace_path = trace_path;
	co.waits = r->dir.waits;
	snprintf(waits_path, sizeof(waits_path), "%s/%s", r->dir.path, RUNDIR_WAITS);
	co.waits_path = waits_path;
	co.separate_runtimes = 1;
	co.raw_name = RUNDIR_RAW;
	co.trace_name = RUNDIR_TRACE;
	co.waits_name = RUNDIR_WAITS;
	co.on_sample = on_sample;
	co.ud = r;
	if (!(r->col = collector_new(&co))) {
		snprintf(r->err, sizeof(r->err), _("out of memory"));
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
	if (c->attach)
		textbuf_printf(&o, "(attached to %s: started elsewhere)", c->lab->url);
	for (int i = 0; !c->attach && c->argv[i]; i++)
		textbuf_printf(&o, "%s%s", i ? " " : "", c->argv[i]);
	r->meta.attached = c->attach;
	snprintf(r->meta.student, sizeof(r->meta.student), "%s", c->lab->student);
	if (gethostname(r->meta.host, sizeof(r->meta.host)) < 0)
		r->meta.host[0] = '\0';
	r->meta.host[sizeof(r->meta.host) - 1] = '\0';
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

		snprintf(urls[i], sizeof(urls[i]), "%s%s", run_api_url(r), t->path);
		lab_target_label(t, labels[i], sizeof(labels[i]));
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

/* Start the program and wait until it listens. Returns 0, or -1 with
 * r->err, meta.txt saying so and nothing left running. */
/* The run ends before any load: no program to drive (r->meta.ended says
 * why). meta.txt is written partial and ended; returns -1. */
static int end_before_load(struct run *r)
{
	r->meta.partial = 1;
	snprintf(r->meta.state, sizeof(r->meta.state), "ended");
	r->end = RUN_PROGRAM_EXITED;
	collector_finish(r->col, now_ms(r));
	rundir_close(&r->dir);
	write_meta(r);
	return -1;
}

static int start_program(struct run *r)
{
	const struct run_config *cfg = r->cfg;
	const struct lab *lab = cfg->lab;
	struct program_opts po;
	char err[2048], *env[LAB_MAX_ENV + 1];
	int i;

	if (!(r->prog = program_new())) {
		snprintf(r->err, sizeof(r->err), _("out of memory"));
		return -1;
	}
	for (i = 0; i < lab->nenv; i++)
		env[i] = (char *)lab->env[i];
	env[i] = NULL;
	memset(&po, 0, sizeof(po));
	po.argv = cfg->argv;
	po.bundled = cfg->bundled;
	po.host = cfg->host;
	po.port = cfg->port;
	po.env = env;
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
		/* meta.txt keeps English: the reason, when it is English. */
		if (strcmp(i18n_lang(), "en") == 0)
			snprintf(r->meta.ended, sizeof(r->meta.ended), META_NOT_STARTED_WHY,
				 (int)strcspn(err, "\n;"), err);
		else
			snprintf(r->meta.ended, sizeof(r->meta.ended), META_NOT_STARTED);
		/* A program that started and never listened had a pid: say it,
		 * so that what ran can be checked to be gone. */
		r->meta.pid = program_pid(r->prog);
		return end_before_load(r);
	}
	r->meta.pid = program_pid(r->prog);
	snprintf(r->meta.url, sizeof(r->meta.url), "%s", program_url(r->prog));
	if (plat_go_version(program_pid(r->prog), r->go_version, sizeof(r->go_version)) < 0)
		r->go_version[0] = '\0';
	return 0;
}

/* A service already running: something must listen at its url. Tried
 * for a few seconds (it may be starting). Returns 0, or -1 with r->err. */
#define ATTACH_WAIT_MS 5000.0

static int attach_check(struct run *r)
{
	const struct lab *lab = r->cfg->lab;
	double until = mono_now_ms() + ATTACH_WAIT_MS;
	CURL *e = curl_easy_init();
	CURLcode rc = CURLE_COULDNT_CONNECT;

	if (!e) {
		snprintf(r->err, sizeof(r->err), _("libcurl failed to start"));
		return -1;
	}
	curl_easy_setopt(e, CURLOPT_URL, lab->url);
	curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 1000L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	while (!signals_caught()) {
		if ((rc = curl_easy_perform(e)) == CURLE_OK || mono_now_ms() >= until)
			break;
		poll(NULL, 0, 200);
	}
	curl_easy_cleanup(e);
	if (rc == CURLE_OK)
		return 0;
	snprintf(r->err, sizeof(r->err), _("url: nothing listens at %s (%s, for %.0f s): with a url and no "
		 "command, leaklab drives a service already running and starts nothing; start it first, or "
		 "give the command to run (-- COMMAND, or command = ...)"), lab->url,
		 signals_caught() ? _("interrupted") : curl_easy_strerror(rc), ATTACH_WAIT_MS / 1000);
	return -1;
}

int run_start(struct run *r, const struct run_config *cfg)
{
	const struct lab *lab = cfg->lab;
	const struct schedule *s = cfg->sched;
	double tail;

	r->cfg = cfg;
	r->last_probe_ms = -1;
	r->last_goroutines = -1;
	r->last_queued = -1;
	fill_meta(r);
	if (rundir_open(&r->dir, r->err, sizeof(r->err)) < 0 || open_collector(r) < 0)
		return -1;
	/* Written now, so that report and plot read even a run that is killed. */
	write_meta(r);
	if (cfg->attach) {
		/* A service already running: nothing to start, nothing to stop. */
		r->t0 = mono_now_ms();
		snprintf(r->meta.url, sizeof(r->meta.url), "%s", lab->url);
		if (attach_check(r) < 0) {
			snprintf(r->meta.ended, sizeof(r->meta.ended), META_NOTHING_LISTENED, lab->url);
			return end_before_load(r);
		}
	} else if (start_program(r) < 0) {
		return -1;
	}
	write_meta(r);

	/* A baseline before the first request: one trace interval, at most 2 s.
	 * The tail after the schedule lets the last samples in. */
	r->start_ms = now_ms(r) + (lab->schedtrace_ms < 2000 ? (double)lab->schedtrace_ms : 2000);
	tail = 2.0 * (double)lab->schedtrace_ms + 200;
	r->run_end_ms = r->start_ms + s->duration_ms + tail;
	r->hard_end_ms = lab->duration_ms > 0 ? lab->duration_ms : r->run_end_ms + (double)lab->timeout_ms;
	if (r->run_end_ms > r->hard_end_ms)
		r->run_end_ms = r->hard_end_ms;
	r->leak_at = r->start_ms + (s->total && !s->poisson ? schedule_time_ms(s, s->total - 1) : s->duration_ms) + 500;
	r->meta.schedule_start_ms = r->start_ms;
	if (new_driver(r) < 0)
		return -1;
	run_polls_start(r);
	return 0;
}

/* ----------------------------------------------------------------- loop */

int run_step(struct run *r, double until)
{
	int fds[MAX_FDS];
	short rev[MAX_FDS];
	size_t n = r->prog ? program_fds(r->prog, fds, MAX_FDS - 1) : 0, i;
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
		snprintf(r->err, sizeof(r->err), _("out of memory for the live view"));
		return -1;
	}
	live_init(r->live, r->cfg->lab->name, lab_title(r->cfg->lab), r->run_end_ms, r->cfg->sched->total);
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
	const struct schedule *s = r->cfg->sched;

	for (;;) {
		double now = now_ms(r), until, due;

		if (signals_caught()) {
			r->end = RUN_SIGNAL;
			snprintf(r->meta.ended, sizeof(r->meta.ended), META_INTERRUPTED,
				 signals_english(signals_caught()), now / 1000);
			break;
		}
		if (r->prog && program_exited(r->prog)) {
			/* Its last words first. */
			program_drain(r->prog);
			r->end = RUN_PROGRAM_EXITED;
			snprintf(r->meta.ended, sizeof(r->meta.ended), META_PROGRAM_ENDED,
				 program_exit_text(r->prog), now / 1000);
			break;
		}
		if (r->dir.failed) {
			r->end = RUN_FAILED;
			snprintf(r->meta.ended, sizeof(r->meta.ended), META_WRITE_FAILED_AT, r->dir.failed,
				 now / 1000);
			break;
		}
		if (now >= r->hard_end_ms || (now >= r->run_end_ms && driver_load_done(r->drv))) {
			struct driver_counts dc;

			driver_get_counts(r->drv, &dc);
			if (dc.scheduled < s->total) {
				r->end = RUN_CAPPED;
				snprintf(r->meta.ended, sizeof(r->meta.ended), META_CAPPED, r->hard_end_ms / 1000,
					 (unsigned long long)dc.scheduled, (unsigned long long)s->total);
			} else {
				r->end = RUN_COMPLETE;
				snprintf(r->meta.ended, sizeof(r->meta.ended), META_COMPLETE);
			}
			break;
		}
		due = run_polls_due(r, now);
		run_view_draw(r, now, 0);

		/* Past run_end only late answers are awaited, up to hard_end. */
		until = now < r->run_end_ms ? r->run_end_ms : r->hard_end_ms;
		if (due < until)
			until = due;
		if ((r->cfg->tty || r->live) && now + 250 < until)
			until = now + 250;
		if (run_step(r, until) < 0) {
			r->end = RUN_FAILED;
			snprintf(r->meta.ended, sizeof(r->meta.ended), META_DRIVER_FAILED,
				 now / 1000, r->err);
			run_view_draw(r, now, 1);
			return -1;
		}
	}
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

	if (r->drv) {
		driver_stop_sending(r->drv);
		/* The final profiles, in their own time, while the program still
		 * answers; the load's connections closed first. */
		run_polls_final(r);
		driver_abort(r->drv, r->end == RUN_COMPLETE ? "aborted: the run ended first"
							    : "aborted: the run was stopped");
	}
	run_view_draw(r, 0, 1);
	if (r->prog) {
		/* Stop the program and its tree, keeping every byte it writes
		 * until its end. The cap holds: the grace shrinks to what is left
		 * of it. */
		deadline = mono_now_ms() + STOP_GRACE_MS;
		if (r->cfg->lab->duration_ms > 0 && deadline > cap_abs)
			deadline = cap_abs > mono_now_ms() + 200 ? cap_abs : mono_now_ms() + 200;
		program_stop(r->prog, deadline);
		program_drain_rest(r->prog, mono_now_ms() + 1000);
	}
	/* What the run cost: leaklab's own CPU beside the program's (its
	 * shepherd has reaped it by now; the live view must stay small). */
	r->meta.cpu_leaklab_ms = cpu_ms(RUSAGE_SELF);
	if (r->prog && program_stopped(r->prog))
		r->meta.cpu_program_ms = cpu_ms(RUSAGE_CHILDREN);
	if (collector_finish(r->col, now_ms(r)) < 0)
		rundir_failed(&r->dir, collector_failed_file(r->col));
	run_polls_keep(r);
	rundir_close(&r->dir);
	r->meta.partial = r->end != RUN_COMPLETE;
	r->meta.end_ms = now_ms(r);
	snprintf(r->meta.state, sizeof(r->meta.state), "ended");
	if (r->end == RUN_COMPLETE && r->dir.failed) {
		r->end = RUN_FAILED;
		r->meta.partial = 1;
		snprintf(r->meta.ended, sizeof(r->meta.ended), META_WRITE_FAILED, r->dir.failed);
	}
	write_meta(r);
	if (r->dir.failed) {
		snprintf(r->err, sizeof(r->err), _("writing '%s/%s': %s (the program is stopped)"), r->dir.path,
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
