/* run_polls.c - a run's side requests: the probe, the goroutine polls, the
 * profiles kept and /stats; and the final profiles, in a window of their own */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "keyval.h"
#include "mono.h"
#include "msg.h"
#include "pollfile.h"
#include "pprof.h"
#include "program.h"
#include "run.h"
#include "run_polls.h"
#include "run_view.h"
#include "signals.h"

#define FETCH_TIMEOUT_MS 5000
/* The final profiles' own time: a program busy with spinners, or holding
 * a hundred thousand goroutines, may take twenty seconds to write its
 * goroutineleak profile (it runs a GC cycle for it). */
#define FINAL_WINDOW_MS 30000.0
/* The last goroutine profile is taken again this often, a few times,
 * while the load's closed connections still show in it. */
#define REFETCH_MS 150.0
#define REFETCH_TRIES 6

static double now_ms(const struct run *r)
{
	return mono_now_ms() - r->t0;
}

const char *run_api_url(const struct run *r)
{
	return r->prog ? program_url(r->prog) : r->cfg->lab->url;
}

const char *run_pprof_url(const struct run *r)
{
	return r->cfg->lab->pprof[0] ? r->cfg->lab->pprof : run_api_url(r);
}

/* Ask base + path; cb runs when it ends. final: counted among the final
 * fetches the end waits for. Returns 0, or -1 when it could not be sent. */
static int fetch(struct run *r, const char *base, const char *path, double timeout_ms,
		 void (*cb)(void *, const struct driver_fetch_result *), int final)
{
	char u[700];

	snprintf(u, sizeof(u), "%s%s", base, path);
	if (driver_fetch(r->drv, u, (long)(timeout_ms > 1 ? timeout_ms : 1), cb, r) < 0)
		return -1;
	if (final)
		r->final_fetches++;
	return 0;
}

/* Why a fetch gave nothing, in a few words, for meta.txt. */
static void fetch_status(const struct driver_fetch_result *f, char *buf, size_t len)
{
	if (f->error && strstr(f->error, "imed out"))
		snprintf(buf, len, META_TIMED_OUT, (f->t_end_ms - f->t_start_ms) / 1000);
	else if (f->error)
		snprintf(buf, len, "%.100s", f->error);
	else if (f->status != 200)
		snprintf(buf, len, META_HTTP, f->status);
	else
		snprintf(buf, len, "ok");
}

/* ----------------------------------------------------------- the probe */

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

/* ------------------------------------------------------------ the polls */

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
	const struct lab *lab = r->cfg->lab;

	if (r->pprof_missing)
		return;
	r->pprof_missing = 1;
	warnf("%s/debug/pprof/ answers HTTP %ld: no goroutine profile, so no goroutine count or top "
	      "stack from pprof%s. %s", run_pprof_url(r), status,
	      lab->scheddetail ? _("; the goroutines by state come from scheddetail's G lines")
			       : _("; a blocked leak can then only be seen with scheddetail = on"),
	      lab->pprof[0] ? _("Is pprof = right?")
			    : _("If the program serves it elsewhere (a debug port), say where: pprof = "
			      "http://127.0.0.1:PORT. To add it: import _ \"net/http/pprof\" and serve "
			      "http.DefaultServeMux, or mount the net/http/pprof handlers on your mux."));
}

/* A poll that gave nothing: after one that did, pprof is lost (for now). */
static void poll_failed(struct run *r, double t_ms)
{
	if (r->polls_ok && r->poll_fail_since < 0)
		r->poll_fail_since = t_ms;
}

/* The first full profile (debug=2): the baseline of the waits. */
static void on_full0(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;

	if (!f->error && f->status == 200)
		rundir_write(&r->dir, RUNDIR_FULL0, f->body, f->body_len);
}

/* A goroutine poll's row. In the final ones the load's connections are
 * closed: the only idle connection of leaklab's is the one asking, and
 * every other is the program's own (to its backends, say), counted. */
static void put_goroutines(struct run *r, const struct driver_fetch_result *f, int final)
{
	struct pollfile_goroutines g;
	struct pprof_counts c;
	char row[128];

	r->sample_busy = 0;
	if (!f->error && f->status == 404) {
		pprof_absent(r, f->status);
		return;
	}
	if (f->error || f->status != 200 || pprof_count(f->body, f->body_len, &c) < 0) {
		poll_failed(r, f->t_start_ms);
		return;
	}
	r->polls_ok++;
	r->poll_fail_since = -1;
	r->last_goroutines = c.total - (final ? c.own : c.idle_conns);   /* as the summary counts them */
	keep_profile(r, f);
	if (!r->full_asked) {
		r->full_asked = 1;
		fetch(r, run_pprof_url(r), "/debug/pprof/goroutine?debug=2", FETCH_TIMEOUT_MS, on_full0, 0);
	}
	g.t_ms = f->t_start_ms;
	g.total = (double)c.total;
	g.idle_conns = (double)(final ? c.own : c.idle_conns);
	rundir_put(&r->dir, r->dir.goroutines, RUNDIR_GOROUTINES, row, pollfile_goroutines_row(&g, row, sizeof(row)));
}

static void on_goroutines(void *ud, const struct driver_fetch_result *f)
{
	put_goroutines(ud, f, 0);
}

static void on_leak_profile(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;
	long total;

	r->leak_busy = 0;
	r->final_fetches -= r->final_fetches > 0;
	/* Go >= 1.26 (1.26 with GOEXPERIMENT=goroutineleakprofile); a 404 is
	 * a Go without it, no fault. */
	if (!f->error && f->status == 200 && pprof_total(f->body, f->body_len, "goroutineleak", &total) == 0) {
		rundir_write(&r->dir, RUNDIR_LEAKPROF, f->body, f->body_len);
		snprintf(r->meta.profile_leak, sizeof(r->meta.profile_leak), "ok");
	} else if (!f->error && f->status == 404) {
		snprintf(r->meta.profile_leak, sizeof(r->meta.profile_leak), META_NO_LEAK_PROFILE);
	} else {
		fetch_status(f, r->meta.profile_leak, sizeof(r->meta.profile_leak));
	}
}

static void on_stats(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;

	r->final_fetches -= r->final_fetches > 0;
	if (!f->error && f->status == 200)
		keyval_get(f->body, f->body_len, "go_version", r->go_version, sizeof(r->go_version));
}

void run_polls_start(struct run *r)
{
	r->poll_fail_since = -1;
	r->next_probe = r->next_sample = now_ms(r);
	if (r->cfg->bundled)
		fetch(r, run_api_url(r), "/stats", FETCH_TIMEOUT_MS, on_stats, 0);
}

double run_polls_due(struct run *r, double now)
{
	const struct lab *lab = r->cfg->lab;
	double next = INFINITY;

	if (lab->probe[0]) {
		if (now >= r->next_probe) {
			/* One probe at a time: a slow answer is the measurement. */
			if (!r->probe_busy)
				r->probe_busy = fetch(r, run_api_url(r), lab->probe, FETCH_TIMEOUT_MS, on_probe, 0) == 0;
			while (r->next_probe <= now)
				r->next_probe += lab->probe_every_ms;
		}
		next = r->next_probe;
	}
	if (!r->pprof_missing) {
		if (now >= r->next_sample) {
			if (!r->sample_busy)
				r->sample_busy = fetch(r, run_pprof_url(r), "/debug/pprof/goroutine?debug=1",
						       FETCH_TIMEOUT_MS, on_goroutines, 0) == 0;
			while (r->next_sample <= now)
				r->next_sample += lab->sample_every_ms;
		}
		if (r->next_sample < next)
			next = r->next_sample;
		/* The goroutineleak profile runs a GC cycle, which takes seconds
		 * behind a crowd of spinners: ask as soon as the last request is
		 * out; the end waits for it in its own window. */
		if (!r->leak_asked && now >= r->leak_at) {
			r->leak_asked = 1;
			r->leak_busy = fetch(r, run_pprof_url(r), "/debug/pprof/goroutineleak?debug=1", FINAL_WINDOW_MS,
					     on_leak_profile, 1) == 0;
		}
		if (!r->leak_asked && r->leak_at < next)
			next = r->leak_at;
	}
	return next;
}

/* ---------------------------------------------------------- the end */

static void on_final_profile(void *ud, const struct driver_fetch_result *f);

/* Run the driver until the final fetches are in, or a signal, or end_ms. */
static void await(struct run *r, double end_ms, int (*done)(const struct run *r))
{
	while (!done(r) && now_ms(r) < end_ms && !signals_caught() && !(r->prog && program_exited(r->prog))) {
		double until = end_ms;

		if (r->refetch_at > 0 && r->refetch_at < until)
			until = r->refetch_at;
		if (r->cfg->tty && now_ms(r) + 250 < until)
			until = now_ms(r) + 250;
		run_view_draw(r, now_ms(r), 0);
		if (run_step(r, until) < 0)
			break;
		if (r->refetch_at > 0 && now_ms(r) >= r->refetch_at) {
			r->refetch_at = 0;
			fetch(r, run_pprof_url(r), "/debug/pprof/goroutine?debug=1", end_ms - now_ms(r),
			      on_final_profile, 1);
		}
	}
}

static int leak_done(const struct run *r)
{
	return !r->leak_busy;
}

static int all_done(const struct run *r)
{
	return r->final_fetches <= 0 && r->refetch_at <= 0;
}

/* The last poll: a row like the others, and the stacks.txt to keep. While
 * the load's closed connections still show (their goroutines end as the
 * server reads the closing), it is taken again a few times. */
static void on_final_profile(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;
	struct pprof_counts c;

	r->final_fetches -= r->final_fetches > 0;
	fetch_status(f, r->meta.profile_final, sizeof(r->meta.profile_final));
	r->sample_busy = 1;
	put_goroutines(r, f, 1);
	if (!f->error && f->status == 200)
		r->meta.final_t_ms = f->t_start_ms;
	/* Idle connections besides the one asking for this profile: the
	 * load's, still closing (or the program's own, which stay). */
	if (!f->error && f->status == 200 && pprof_count(f->body, f->body_len, &c) == 0 && c.idle_conns > c.own &&
	    ++r->final_tries < REFETCH_TRIES)
		r->refetch_at = now_ms(r) + REFETCH_MS;
}

static void on_full(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;

	r->final_fetches -= r->final_fetches > 0;
	fetch_status(f, r->meta.profile_full, sizeof(r->meta.profile_full));
	if (!f->error && f->status == 200)
		rundir_write(&r->dir, RUNDIR_FULL, f->body, f->body_len);
}

void run_polls_final(struct run *r)
{
	const struct lab *lab = r->cfg->lab;
	double end = now_ms(r) + FINAL_WINDOW_MS;
	char err[256];

	/* The lab's duration caps everything, the end too. */
	if (lab->duration_ms > 0 && end > r->hard_end_ms)
		end = r->hard_end_ms;
	if (r->pprof_missing) {
		snprintf(r->meta.profile_final, sizeof(r->meta.profile_final), META_NOT_SERVED);
		return;
	}
	if (r->end != RUN_COMPLETE || !r->drv || now_ms(r) >= end) {
		snprintf(r->meta.profile_final, sizeof(r->meta.profile_final), META_NOT_ASKED,
			 r->end == RUN_SIGNAL ? META_RUN_STOPPED : r->end == RUN_COMPLETE ? META_CAP_CAME
			 : META_NOT_AS_PLANNED);
		if (r->leak_busy)
			snprintf(r->meta.profile_leak, sizeof(r->meta.profile_leak), META_NOT_AWAITED);
		return;
	}
	/* For the status line (run_view.c), in the reader's language. */
	r->phase = _("the final profiles");
	if (!r->leak_asked) {
		r->leak_asked = 1;
		r->leak_busy = fetch(r, run_pprof_url(r), "/debug/pprof/goroutineleak?debug=1", end - now_ms(r),
				     on_leak_profile, 1) == 0;
	}
	await(r, end, leak_done);
	if (r->leak_busy) {
		snprintf(r->meta.profile_leak, sizeof(r->meta.profile_leak), META_TIMED_OUT,
			 (now_ms(r) - r->leak_at) / 1000);
		driver_abort(r->drv, "aborted: the run ended first");
		r->leak_busy = 0;
	}
	if (now_ms(r) >= end) {
		/* The leak profile took the whole window. */
		snprintf(r->meta.profile_final, sizeof(r->meta.profile_final), META_WINDOW_SPENT, (end - r->leak_at) / 1000,
			 lab->duration_ms > 0 && end >= r->hard_end_ms ? META_WINDOW_CAP : "");
		snprintf(r->meta.profile_full, sizeof(r->meta.profile_full), "%s", r->meta.profile_final);
		r->phase = NULL;
		return;
	}
	/* Nothing of the load stays: the program's HTTP server then has no
	 * goroutine of ours when the last profile is taken. */
	driver_abort(r->drv, "aborted: the run ended first");
	r->final_fetches = 0;
	if (driver_close_connections(r->drv, err, sizeof(err)) < 0)
		warnf("closing the load's connections: %s", err);
	/* The last profile alone: another request's connection would show
	 * in it. Then the full one (debug=2) and /stats. */
	fetch(r, run_pprof_url(r), "/debug/pprof/goroutine?debug=1", end - now_ms(r), on_final_profile, 1);
	await(r, end, all_done);
	fetch(r, run_pprof_url(r), "/debug/pprof/goroutine?debug=2", end - now_ms(r), on_full, 1);
	if (r->cfg->bundled)
		fetch(r, run_api_url(r), "/stats", end - now_ms(r), on_stats, 1);
	await(r, end, all_done);
	if (!r->meta.profile_final[0])
		snprintf(r->meta.profile_final, sizeof(r->meta.profile_final), "no answer within the final window");
	if (!r->meta.profile_full[0])
		snprintf(r->meta.profile_full, sizeof(r->meta.profile_full), "no answer within the final window");
	r->phase = NULL;
}

void run_polls_keep(struct run *r)
{
	if (r->profile0 && r->profile0 != r->profile)
		rundir_write(&r->dir, RUNDIR_STACKS0, r->profile0, r->profile0_len);
	if (r->profile) {
		rundir_write(&r->dir, RUNDIR_STACKS, r->profile, r->profile_len);
		r->meta.stacks_t_ms = r->profile_t_ms;
	}
	if (r->poll_fail_since >= 0)
		r->meta.pprof_lost_ms = r->poll_fail_since;
	snprintf(r->meta.pprof_url, sizeof(r->meta.pprof_url), "%s", run_pprof_url(r));
}
