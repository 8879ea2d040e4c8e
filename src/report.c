/* report.c - judge a run: least-squares growth of the run queues and of the
 * goroutine count, and say which leak (if any) the numbers show */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "meta.h"
#include "report.h"
#include "textbuf.h"

void report_input_init(struct report_input *in)
{
	memset(in, 0, sizeof(*in));
	in->gomaxprocs = -1;
	in->first_start_ms = in->last_start_ms = NAN;
	in->last_sample_ms = NAN;
	in->stacks_t_ms = in->final_t_ms = -1;
	in->cpu_leaklab_ms = in->cpu_program_ms = -1;
	in->cpus = -1;
	in->pprof_lost_ms = -1;
	in->proven_leaked = -1;
	in->trace_runtimes = 1;
	stats_hist_init(&in->probe_hist);
	snprintf(in->ended, sizeof(in->ended), META_COMPLETE);
}

void report_input_free(struct report_input *in)
{
	free(in->q_t_ms);
	free(in->q);
	free(in->g_t_ms);
	free(in->g);
	free(in->g_total);
	free(in->slices);
	free(in->tick_prev);
	free(in->req_t_ms);
	free(in->req_target);
	free(in->req_outcome);
	in->q_t_ms = in->q = in->g_t_ms = in->g = in->g_total = in->slices = NULL;
	in->tick_prev = NULL;
	in->req_t_ms = NULL;
	in->req_target = in->req_outcome = NULL;
	in->nq = in->ng = in->nslices = in->nreq = 0;
	in->tick_np = 0;
}

/* Room for item n of *a: the array doubles when n reaches a power of two
 * (64 at first), so n items cost O(n). Returns 0, or -1 (*a unchanged). */
static int room_for(double **a, size_t n)
{
	double *b;

	if (n && (n & (n - 1)))
		return 0;
	if (!(b = realloc(*a, (n ? n * 2 : 64) * sizeof(double))))
		return -1;
	*a = b;
	return 0;
}

static int push(double **t, double **v, size_t *n, double tv, double vv)
{
	if (room_for(t, *n) < 0 || room_for(v, *n) < 0)
		return -1;
	(*t)[*n] = tv;
	(*v)[*n] = vv;
	(*n)++;
	return 0;
}

int report_add_slice(struct report_input *in, double ms)
{
	if (room_for(&in->slices, in->nslices) < 0)
		return -1;
	in->slices[in->nslices++] = ms;
	return 0;
}

int report_add_ticks(struct report_input *in, int64_t uptime_ms, int64_t idleprocs, int64_t queued,
		     int np, const int64_t *ticks)
{
	int busy = np > 0 && ticks && uptime_ms >= 0 && idleprocs == 0 && queued > 0, i;

	for (i = 0; busy && i < np; i++)
		busy = ticks[i] >= 0;
	if (!busy) {
		in->tick_np = 0;
		return 0;
	}
	if (in->tick_np == np && uptime_ms > in->tick_uptime_ms) {
		int64_t dt = 0;

		for (i = 0; i < np; i++)
			dt += ticks[i] - in->tick_prev[i];
		if (dt > 0 && report_add_slice(in, (double)(uptime_ms - in->tick_uptime_ms) * np / (double)dt) < 0)
			return -1;
	}
	if (in->tick_np != np) {
		int64_t *b = realloc(in->tick_prev, (size_t)np * sizeof(int64_t));

		if (!b)
			return -1;
		in->tick_prev = b;
	}
	memcpy(in->tick_prev, ticks, (size_t)np * sizeof(int64_t));
	in->tick_np = np;
	in->tick_uptime_ms = uptime_ms;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int report_add_queued(struct report_input *in, double t_ms, double queued)
{
	return push(&in->q_t_ms, &in->q, &in->nq, t_ms, queued);
}

int report_add_goroutines(struct report_input *in, double t_ms, double g, double g_total)
{
	size_t n = in->ng;

	if (room_for(&in->g_total, n) < 0 || push(&in->g_t_ms, &in->g, &in->ng, t_ms, g) < 0)
		return -1;
	in->g_total[n] = isnan(g_total) ? g : g_total;
	return 0;
}

const char *report_verdict_name(enum report_verdict v)
{
	switch (v) {
	case REPORT_RUNNABLE_LEAK: return N_("runnable leak");
	case REPORT_BLOCKED_LEAK: return N_("blocked leak");
	case REPORT_UNKNOWN: return N_("unknown");
	default: return N_("no leak");
	}
}

int report_verdict_matches(enum report_verdict v, const char *w)
{
	static const enum report_verdict words[] = { REPORT_NO_LEAK, REPORT_RUNNABLE_LEAK, REPORT_BLOCKED_LEAK };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(w, report_verdict_name(words[i])) == 0)
			return v == words[i];
	return -1;
}

/* ------------------------------------------------- what the goroutines wait on */

void report_add_goroutine(struct report_input *in, const struct pprof_goroutine *g, int end)
{
	struct report_group *x = NULL;
	int i;

	if (g->own)
		return;
	for (i = 0; i < in->ngroups; i++)
		if (in->groups[i].line == g->line && strcmp(in->groups[i].site, g->site) == 0 &&
		    strcmp(in->groups[i].state, g->state) == 0) {
			x = &in->groups[i];
			break;
		}
	if (!x) {
		if (in->ngroups == REPORT_MAX_GROUPS) {
			in->groups_other += end ? 1 : -1;
			return;
		}
		x = &in->groups[in->ngroups++];
		memset(x, 0, sizeof(*x));
		snprintf(x->site, sizeof(x->site), "%s", g->site);
		snprintf(x->state, sizeof(x->state), "%s", g->state);
		x->line = g->line;
		x->user = g->user;
		x->by_creator = g->by_creator;
		x->idle_conn = g->idle_conn;
		x->meaning = g->meaning;
	}
	if (!end) {
		x->start++;
		return;
	}
	x->end++;
	x->leaked += g->leaked;
	if (g->minutes > x->minutes)
		x->minutes = g->minutes;
}

void report_add_wait(struct report_input *in, const char *reason, long count, int end)
{
	struct report_wait *w = NULL;

	for (int i = 0; i < in->nwaits; i++)
		if (strcmp(in->waits[i].reason, reason) == 0) {
			w = &in->waits[i];
			break;
		}
	if (!w) {
		if (in->nwaits == REPORT_MAX_WAITS)
			return;
		w = &in->waits[in->nwaits++];
		memset(w, 0, sizeof(*w));
		snprintf(w->reason, sizeof(w->reason), "%s", reason);
	}
	if (end)
		w->end = count;
	else
		w->start = count;
	in->have_waits = 1;
}

/* The mean of the last k values: with several Ps the queues slosh between
 * global and local from one sample to the next, so one sample is noisy. */
static double tail_mean(const double *v, size_t n, size_t k)
{
	double s = 0;
	size_t i;

	if (n == 0)
		return NAN;
	if (k > n)
		k = n;
	for (i = n - k; i < n; i++)
		s += v[i];
	return s / (double)k;
}

static void fit_per_second(const double *t_ms, const double *v, size_t n, struct stats_fit *fit)
{
	double *ts = malloc((n ? n : 1) * sizeof(double));
	size_t i;

	if (!ts) {
		memset(fit, 0, sizeof(*fit));
		return;
	}
	for (i = 0; i < n; i++)
		ts[i] = t_ms[i] / 1000.0;
	stats_linear_fit(ts, v, n, fit);
	free(ts);
}

/* The slope that matters is the one while requests arrive: fit from the
 * first send to one second after the last, when that holds two points. */
static void fit_load_phase(const struct report_input *in, const double *t_ms, const double *v,
			   size_t n, struct stats_fit *fit)
{
	size_t lo = 0, hi = n;

	if (!isnan(in->first_start_ms) && !isnan(in->last_start_ms)) {
		while (lo < n && t_ms[lo] < in->first_start_ms)
			lo++;
		while (hi > lo && t_ms[hi - 1] > in->last_start_ms + 1000)
			hi--;
		if (hi - lo < 2) {
			lo = 0;
			hi = n;
		}
	}
	fit_per_second(t_ms + lo, v + lo, hi - lo, fit);
}

/* The baseline: the last value at or before the first request. */
static double baseline(const struct report_input *in, const double *t_ms, const double *v, size_t n)
{
	double b = v[0];

	for (size_t i = 0; i < n && !isnan(in->first_start_ms) && t_ms[i] <= in->first_start_ms; i++)
		b = v[i];
	return b;
}

/* The run queues: start, end, max, the fit, and the growth by the end
 * (the mean of the last samples over the baseline). NAN without a trace. */
static double queued_numbers(const struct report_input *in, struct report *r, struct report_evidence *e)
{
	double growth, sa = 0, sb = 0;
	size_t lo, k = 0, i;

	if (!in->nq)
		return NAN;
	r->queued_start = baseline(in, in->q_t_ms, in->q, in->nq);
	r->queued_end = in->q[in->nq - 1];
	r->queued_max = in->q[0];
	for (i = 1; i < in->nq; i++)
		if (in->q[i] > r->queued_max)
			r->queued_max = in->q[i];
	fit_load_phase(in, in->q_t_ms, in->q, in->nq, &r->queued_fit);
	growth = tail_mean(in->q, in->nq, 3) - r->queued_start;
	e->queued_last = in->q[in->nq - 1] - r->queued_start;
	if (in->sent > 0)
		r->queued_per_leak = growth / (double)in->sent;
	/* After the last request nothing new arrives: goroutines that never
	 * end hold their level, finite work drains. Compare the two halves of
	 * the samples from half a second after it (four at least). */
	r->drain_from = r->drain_to = NAN;
	for (lo = 0; !isnan(in->last_start_ms) && lo < in->nq && in->q_t_ms[lo] <= in->last_start_ms + 500; lo++)
		;
	if (isnan(in->last_start_ms) || in->nq - lo < 4)
		return growth;
	k = (in->nq - lo) / 2;
	for (i = 0; i < k; i++) {
		sa += in->q[lo + i];
		sb += in->q[in->nq - k + i];
	}
	r->drain_from = sa / (double)k;
	r->drain_to = sb / (double)k;
	e->draining = r->drain_to < 0.8 * r->drain_from && r->drain_from - r->drain_to >= 2;
	r->draining = e->draining;
	return growth;
}

/* The goroutines that can be a leak: start, end, the load's idle
 * connections at the end, the fit, and the growth by the end. NAN
 * without a count. */
static double goroutine_numbers(const struct report_input *in, struct report *r)
{
	if (!in->ng)
		return NAN;
	r->goroutines_start = baseline(in, in->g_t_ms, in->g, in->ng);
	r->goroutines_end = in->g[in->ng - 1];
	r->idle_conns_end = in->g_total[in->ng - 1] - in->g[in->ng - 1];
	fit_load_phase(in, in->g_t_ms, in->g, in->ng, &r->goroutines_fit);
	/* A starving program answers no poll: its last answer may be long
	 * before the end. Say so where its numbers are shown. */
	r->stale_goroutines = !isnan(in->last_sample_ms) && in->last_sample_ms - in->g_t_ms[in->ng - 1] > 3000 &&
			      !(in->final_t_ms >= 0 && in->g_t_ms[in->ng - 1] >= in->final_t_ms);
	return r->goroutines_end - r->goroutines_start;
}

/*
 * A leak is what is still there at the end, after the load: goroutines
 * that started and never ended. Real leaks happen under a condition (the
 * client gave up, one call in five fails, a certain input), so the growth
 * is a share of the requests, not one each: demand 2% of them, at least
 * 3. A healthy program's requests end, and the load's own idle
 * connections are not counted, so its count comes back. Runnable ones sit
 * in the run queues (about leaked - P); blocked ones only raise the
 * goroutine count. How the queues got there does not matter: a burst puts
 * them all there at once and the queues then settle a little lower (lab
 * 06), a fit's slope is no test.
 */
double report_need(double requests)
{
	return requests * 0.02 > 3 ? requests * 0.02 : 3;
}

/*
 * The rules, in order. The queues first: a runnable leak is a level that
 * holds after the load (finite work drains, still draining is unknown).
 * Then the goroutines: grown and stayed is a blocked leak, proven when the
 * runtime's goroutineleak profile lists some; grown goroutines asleep (or
 * held by sleepers) may end when they wake: unknown; grown ones that run
 * are a runnable leak when there is no trace to say so (attached). No
 * growth is "no leak" only with a goroutine count over the whole load.
 */
enum report_verdict report_judge(const struct report_evidence *e, const char **proof)
{
	int queues = !isnan(e->queued_growth) && e->queued_growth >= e->need;
	int grew = !isnan(e->goroutine_growth) && e->goroutine_growth >= e->need;

	*proof = NULL;
	if (queues && !e->draining && e->queued_last >= e->need / 2) {
		*proof = N_("run queues");
		return REPORT_RUNNABLE_LEAK;
	}
	if (queues && e->draining && e->queued_last >= e->need)
		return REPORT_UNKNOWN;              /* still draining at the end */
	if (grew) {
		if (e->grown > 0 && e->grown_running * 2 > e->grown) {
			if (!isnan(e->queued_growth))
				return REPORT_UNKNOWN;      /* running, yet the queues did not hold them */
			*proof = N_("goroutine states");
			return REPORT_RUNNABLE_LEAK;
		}
		if (e->proven_leaked > 0) {
			*proof = N_("goroutineleak profile");
			return REPORT_BLOCKED_LEAK;
		}
		if (e->sleepers_hold)
			return REPORT_UNKNOWN;
		*proof = N_("growth only");
		return REPORT_BLOCKED_LEAK;
	}
	if (isnan(e->goroutine_growth) || e->count_cut)
		return REPORT_UNKNOWN;
	*proof = isnan(e->queued_growth) ? N_("goroutine count") : N_("run queues and goroutine count");
	return REPORT_NO_LEAK;
}

static long max0(long v)
{
	return v > 0 ? v : 0;
}

/* Which site to show first: the user's code, then what the standard
 * library does for it (an HTTP client's connection), and last an HTTP
 * server's idle connection (someone keeps it open: the effect, not the
 * cause). */
static int rank(const struct report_group *g)
{
	return g->user ? 2 : g->idle_conn ? 0 : 1;
}

/* The grown goroutines of the debug=2 profiles: by state, asleep, running,
 * proven; and the top site among them (the user's code first). */
static void grown_numbers(const struct report_input *in, struct report *r)
{
	struct report_wait by[REPORT_MAX_GROUPS];
	int nby = 0, i, j, best = -1;

	r->grown = r->grown_sleeping = r->grown_running = r->grown_leaked = r->wait_minutes = -1;
	if (in->have_full) {
		r->grown = r->grown_sleeping = r->grown_running = r->grown_leaked = r->wait_minutes = 0;
		for (i = 0; i < in->ngroups; i++) {
			const struct report_group *g = &in->groups[i];
			long d = max0(g->end - g->start);

			if (!d)
				continue;
			r->grown += d;
			r->grown_leaked += g->leaked < d ? g->leaked : d;
			if (strcmp(g->state, "sleep") == 0)
				r->grown_sleeping += d;
			if (strcmp(g->state, "running") == 0 || strcmp(g->state, "runnable") == 0)
				r->grown_running += d;
			if (g->minutes > r->wait_minutes)
				r->wait_minutes = g->minutes;
			for (j = 0; j < nby && strcmp(by[j].reason, g->state) != 0; j++)
				;
			if (j == nby) {
				snprintf(by[nby].reason, sizeof(by[nby].reason), "%s", g->state);
				by[nby++].end = 0;
			}
			by[j].end += d;
			if (best < 0 || rank(g) > rank(&in->groups[best]) ||
			    (rank(g) == rank(&in->groups[best]) && d > max0(in->groups[best].end - in->groups[best].start)))
				best = i;
		}
		r->waiting_source = N_("goroutine profile");
	} else if (in->have_waits) {
		for (i = 0; i < in->nwaits && nby < REPORT_MAX_GROUPS; i++)
			if (in->waits[i].end > in->waits[i].start) {
				by[nby] = in->waits[i];
				by[nby].end = in->waits[i].end - in->waits[i].start;
				nby++;
			}
		r->waiting_source = N_("scheddetail G lines");
	}
	/* Most first: a few of them. */
	for (i = 0; i < nby; i++)
		for (j = i + 1; j < nby; j++)
			if (by[j].end > by[i].end) {
				struct report_wait t = by[i];

				by[i] = by[j];
				by[j] = t;
			}
	for (i = 0; i < nby && r->nwaiting_on < (int)(sizeof(r->waiting_on) / sizeof(r->waiting_on[0])); i++) {
		r->waiting_on[r->nwaiting_on] = by[i];
		r->waiting_on[r->nwaiting_on].start = 0;
		r->nwaiting_on++;
	}
	if (best >= 0) {
		const struct report_group *g = &in->groups[best];

		if (g->line)
			snprintf(r->top_full.text, sizeof(r->top_full.text), "%.200s:%ld)", g->site, g->line);
		else
			snprintf(r->top_full.text, sizeof(r->top_full.text), "%s", g->site);
		r->top_full.user = g->user;
		r->top_full.count = g->end;
		r->top_full.growth = g->end - g->start;
		r->top_by_creator = g->by_creator;
		r->top_meaning = g->meaning;
	}
}

/* The goroutineleak profile was asked for and did not come (a time-out,
 * an error), as opposed to a Go without it ("not served"). */
int report_leak_profile_lost(const struct report_input *in)
{
	return in->profile_leak[0] && strcmp(in->profile_leak, "ok") != 0 &&
	       strncmp(in->profile_leak, META_NOT_SERVED, strlen(META_NOT_SERVED)) != 0;
}



static void say_leaks(char *buf, size_t len, const struct report_input *in, const struct report_evidence *e,
		      const struct report *r, double growth, const char *what)
{
	double n = r->culprit.target >= 0 ? r->culprit.requests : (double)in->sent;
	char of[400] = "";

	if (r->culprit.target >= 0)
		snprintf(of, sizeof(of), _(" of %s%s%s"), in->target_names[r->culprit.target],
			 r->culprit.outcome >= 0 ? _(" that ended ") : "",
			 r->culprit.outcome == 0 ? _("ok") : r->culprit.outcome == 1 ? _("with an HTTP error") :
			 r->culprit.outcome == 2 ? _("timed out") : r->culprit.outcome == 3 ? _("in an error") : "");
	snprintf(buf, len, _("%s grew by %.0f over %.0f requests%s, %.2f per request"), what, growth, n, of,
		 n > 0 ? growth / n : 0);
	(void)e;
}

/* The numbers behind the verdict, in sentences; and for unknown, why and
 * what would tell. */
static void why(const struct report_input *in, const struct report_evidence *e, struct report *r)
{
	struct textbuf o;
	char lead[600], words[256];

	textbuf_init(&o, r->why, sizeof(r->why));
	switch (r->verdict) {
	case REPORT_RUNNABLE_LEAK:
		if (r->proof && strcmp(r->proof, "goroutine states") == 0) {
			say_leaks(lead, sizeof(lead), in, e, r, e->goroutine_growth, _("goroutines"));
			textbuf_printf(&o, _("%s, and %ld of the %ld that grew were running or runnable at the end "
				       "(from the goroutine profile: no trace, so no run queues). Runnable goroutines "
				       "that never end."), lead, r->grown_running, r->grown);
			break;
		}
		say_leaks(lead, sizeof(lead), in, e, r, e->queued_growth, _("the run queues"));
		textbuf_printf(&o, _("%s (from %.0f to about %.0f over the last samples, max %.0f), %.2f per second "
			       "(R\xc2\xb2 %.2f)"), lead, r->queued_start, r->queued_start + e->queued_growth,
			       r->queued_max, r->queued_fit.slope, r->queued_fit.r2);
		if (!isnan(r->drain_from))
			textbuf_printf(&o, _(", and held their level after the load (%.0f, then %.0f)"), r->drain_from,
				       r->drain_to);
		textbuf_printf(&o, _(". Runnable goroutines that never end."));
		break;
	case REPORT_BLOCKED_LEAK: {
		say_leaks(lead, sizeof(lead), in, e, r, e->goroutine_growth, _("goroutines"));
		textbuf_printf(&o, _("%s, and stayed up to the end (from %.0f to %.0f"), lead, r->goroutines_start,
			       r->goroutines_end);
		if (r->idle_conns_end > 0)
			textbuf_printf(&o, _(", not counting %.0f of leaklab's own connections"), r->idle_conns_end);
		textbuf_printf(&o, _("), %.2f per second (R\xc2\xb2 %.2f), while the run queues %s. "),
			       r->goroutines_fit.slope, r->goroutines_fit.r2,
			       isnan(e->queued_growth) ? _("were not seen (no trace)") : _("did not grow"));
		if (e->proven_leaked > 0)
			textbuf_printf(&o, _("The runtime's goroutineleak profile proves %ld goroutines leaked: "
				       "nothing can ever wake them, they wait forever."), e->proven_leaked);
		else if (e->proven_leaked == 0)
			textbuf_printf(&o, _("The runtime cannot prove these leaked (its goroutineleak profile lists "
				       "none): something can still wake them, a channel or lock reachable from a "
				       "global variable, or a goroutine that still runs. Grown and stayed, not proven."));
		else if (report_leak_profile_lost(in))
			textbuf_printf(&o, _("Grown and stayed, not proven: the goroutineleak profile did not come "
				       "(%s)."), meta_words(in->profile_leak, words, sizeof(words)));
		else if (in->pprof_served)
			textbuf_printf(&o, _("Grown and stayed, not proven: this Go has no goroutineleak profile to "
				       "prove it (Go 1.27, or 1.26 built with GOEXPERIMENT=goroutineleakprofile)."));
		else
			textbuf_printf(&o, _("Grown and stayed, not proven: without pprof there is no goroutineleak "
				       "profile to prove it."));
		break;
	}
	case REPORT_UNKNOWN:
		textbuf_printf(&o, "%s", r->unknown);
		break;
	default:
		textbuf_printf(&o, _("over %llu requests the run queues grew by %.0f and the goroutines by %.0f by the "
			       "end. A leak is growth that stays: here %.0f or more (2%% of the requests sent, and "
			       "never fewer than 3)"),
			       (unsigned long long)in->sent, isnan(e->queued_growth) ? 0 : e->queued_growth,
			       isnan(e->goroutine_growth) ? 0 : e->goroutine_growth, e->need);
		if (r->draining)
			textbuf_printf(&o, _("; the run queues drained after the load (%.0f, then %.0f): finite work, "
				       "not goroutines that never end"), r->drain_from, r->drain_to);
		if (isnan(e->queued_growth))
			textbuf_printf(&o, _("; no trace, so no run queues: the goroutine count (it holds runnable "
				       "goroutines too) came back"));
		textbuf_printf(&o, ".");
		break;
	}
}

/* Why unknown, and what would make it known. */
static void unknown_words(const struct report_input *in, const struct report_evidence *e, struct report *r)
{
	struct textbuf w, k;

	textbuf_init(&w, r->unknown, sizeof(r->unknown));
	textbuf_init(&k, r->to_know, sizeof(r->to_know));
	if (!isnan(e->queued_growth) && e->queued_growth >= e->need && e->draining) {
		textbuf_printf(&w, _("the run queues were still draining when the run ended (%.0f, then %.0f, over "
			       "the samples after the load): finite work still being done, or goroutines that "
			       "never end under it; the run cannot tell which."), r->drain_from, r->drain_to);
		textbuf_printf(&k, _("a longer pause after the load (rate = '... , pause 30s'): a leak holds its "
			       "level, finite work drains to 0."));
	} else if (!isnan(e->goroutine_growth) && e->goroutine_growth >= e->need && e->grown > 0 &&
		   e->grown_running * 2 > e->grown) {
		textbuf_printf(&w, _("goroutines grew by %.0f and %ld of them were running at the end, but the run "
			       "queues did not hold them."), e->goroutine_growth, e->grown_running);
		textbuf_printf(&k, _("a longer pause after the load."));
	} else if (!isnan(e->goroutine_growth) && e->goroutine_growth >= e->need && e->sleepers_hold) {
		textbuf_printf(&w, _("goroutines grew by %.0f and stayed, but %ld of those that grew are asleep "
			       "(time.Sleep)%s, and %s: they, and the goroutines waiting on them, may end when "
			       "they wake. "), e->goroutine_growth, e->grown_sleeping,
			       e->grown_sleeping < e->grown ? _(", the others wait on them or beside them") : "",
			       e->proven_leaked == 0 ? _("the runtime proves none leaked") :
			       _("nothing proves they leaked (this Go has no goroutineleak profile)"));
		if (r->wait_minutes > 0)
			textbuf_printf(&w, _("They have waited %ld minutes or more."), r->wait_minutes);
		else
			textbuf_printf(&w, _("They have waited less than a minute (at most %.0f s, since the load began)."),
				       in->ng && !isnan(in->first_start_ms) ?
				       (in->g_t_ms[in->ng - 1] - in->first_start_ms) / 1000 : 0);
		textbuf_printf(&k, _("a pause longer than their sleep, or read the sleep's length in the code at the "
			       "top stack; a sleep of an hour per request is a leak in all but name."));
	} else if (e->count_cut) {
		textbuf_printf(&w, _("pprof stopped answering at %.1f s, before the load ended, and the goroutines "
			       "had not grown by then: the rest of the run is unseen."), in->pprof_lost_ms / 1000);
		textbuf_printf(&k, _("a program that keeps answering /debug/pprof/ under the load (a starving "
			       "program: a longer timeout, or scheddetail = on for the G lines)."));
	} else {
		textbuf_printf(&w, _("no goroutine count: %s, and %s; a blocked leak only shows in the goroutines."),
			       in->pprof_served ? _("pprof stopped answering") :
			       in->pprof_url[0] ? _("no pprof answered") : _("no pprof"),
			       isnan(e->queued_growth) ? _("no trace (leaklab did not start the program)") :
			       _("the run queues did not grow (no runnable leak)"));
		textbuf_printf(&k, _("serve net/http/pprof on the API's mux (import _ \"net/http/pprof\" with "
			       "http.DefaultServeMux), or say where it is (pprof = http://127.0.0.1:PORT), or set "
			       "scheddetail = on%s."), in->attached ? _(" (that needs a trace: run the program under "
			       "leaklab, or pipe its stderr to leaklab collect)") : "");
	}
}

/* The time slice a spinner gets: ms per schedtick while every P was busy
 * and goroutines waited; the median of the intervals. NAN: none. */
static double time_slice(const struct report_input *in)
{
	double *v, m;

	if (!in->nslices || !(v = malloc(in->nslices * sizeof(double))))
		return NAN;
	memcpy(v, in->slices, in->nslices * sizeof(double));
	qsort(v, in->nslices, sizeof(double), cmp_double);
	m = in->nslices % 2 ? v[in->nslices / 2] : (v[in->nslices / 2 - 1] + v[in->nslices / 2]) / 2;
	free(v);
	return m;
}

/* The queues during the last pause: nothing new arrives, what is there
 * stays. The mean over its samples, not one row. */
static void pause_mean(const struct report_input *in, struct report *r)
{
	double sum = 0, a, b;

	r->pause_queued_mean = NAN;
	r->pause_samples = 0;
	if (!in->npauses)
		return;
	a = in->pauses[in->npauses - 1][0];
	b = in->pauses[in->npauses - 1][1];
	for (size_t i = 0; i < in->nq; i++)
		if (in->q_t_ms[i] >= a && in->q_t_ms[i] <= b) {
			sum += in->q[i];
			r->pause_samples++;
		}
	if (r->pause_samples)
		r->pause_queued_mean = sum / (double)r->pause_samples;
}

/* Where they wait: for spinners, what grew that the goroutineleak profile
 * does not list; for waiters, what it lists, else what grew (debug=2
 * first: it names a creator and a meaning). */
static void top_site(const struct report_input *in, struct report *r)
{
	r->top = NULL;
	if (r->verdict == REPORT_RUNNABLE_LEAK && in->have_unlisted) {
		r->top = &in->top_unlisted;
		r->top_source = N_("goroutine profiles (growth since the start)");
	} else if (r->verdict == REPORT_NO_LEAK) {
		return;
	} else if (r->verdict == REPORT_BLOCKED_LEAK && in->have_leakprof && in->proven_leaked > 0) {
		r->top = &in->top_leakprof;
		r->top_source = N_("goroutineleak profile");
	} else if (r->top_full.text[0] && (r->top_full.user || !in->have_growth || !in->top_growth.user)) {
		r->top = &r->top_full;
		r->top_source = N_("goroutine profiles (debug=2, growth since the start)");
	} else if (in->have_growth) {
		r->top = &in->top_growth;
		r->top_source = N_("goroutine profiles (growth since the start)");
	}
	/* A meaning belongs to the debug=2 top; for another top, only when
	 * it names the same function. */
	if (r->top && r->top != &r->top_full && r->top_full.text[0]) {
		size_t n = strcspn(r->top->text, " ");

		if (strncmp(r->top->text, r->top_full.text, n) != 0 || r->top_full.text[n] != ' ') {
			r->top_meaning = NULL;
			r->top_by_creator = 0;
		}
	} else if (!r->top) {
		r->top_meaning = NULL;
	}
}

static void judge(const struct report_input *in, struct report_evidence *e, struct report *r)
{
	const double *y = NULL, *t = NULL;
	double base = 0;
	size_t n = 0;

	r->verdict = report_judge(e, &r->proof);
	/* With several targets: which one, and per request of it. */
	r->culprit.target = -1;
	r->culprit.outcome = -1;
	if (in->ntargets >= 2 && (r->verdict == REPORT_RUNNABLE_LEAK || r->verdict == REPORT_BLOCKED_LEAK ||
				  r->verdict == REPORT_UNKNOWN)) {
		if (r->verdict == REPORT_RUNNABLE_LEAK && in->nq && strcmp(r->proof, "run queues") == 0) {
			y = in->q;
			t = in->q_t_ms;
			n = in->nq;
			base = r->queued_start;
		} else if (in->ng) {
			y = in->g;
			t = in->g_t_ms;
			n = in->ng;
			base = r->goroutines_start;
		}
		if (y)
			report_find_culprit(in, t, y, n, base, &r->culprit);
		if (r->culprit.target >= 0 && r->culprit.requests > 0 && !isnan(e->queued_growth))
			r->queued_per_leak = e->queued_growth / r->culprit.requests;
	}
	if (r->verdict == REPORT_UNKNOWN)
		unknown_words(in, e, r);
	why(in, e, r);
}

void report_compute(const struct report_input *in, struct report *r)
{
	struct report_evidence e;

	memset(r, 0, sizeof(*r));
	r->queued_start = r->queued_end = r->queued_max = NAN;
	r->goroutines_start = r->goroutines_end = NAN;
	r->queued_per_leak = NAN;
	r->idle_conns_end = NAN;
	r->sending_achieved = r->sending_target = NAN;

	memset(&e, 0, sizeof(e));
	e.requests = (double)in->sent;
	e.need = report_need(e.requests);
	e.queued_last = NAN;
	e.queued_growth = queued_numbers(in, r, &e);
	e.goroutine_growth = goroutine_numbers(in, r);
	e.proven_leaked = r->proven_leaked = in->proven_leaked;
	e.attached = in->attached;
	grown_numbers(in, r);
	e.grown = r->grown;
	e.grown_sleeping = r->grown_sleeping;
	e.grown_running = r->grown_running;
	e.sleepers_hold = e.proven_leaked <= 0 && r->grown_sleeping > 0 && r->grown_sleeping * 2 >= e.need;
	/* pprof lost before the load ended: what came after is unseen. */
	e.count_cut = in->pprof_lost_ms >= 0 && !isnan(in->last_start_ms) && in->ng &&
		      in->g_t_ms[in->ng - 1] < in->last_start_ms;
	/* Both over the whole schedule, pauses included: open loop means they
	 * match unless requests were dropped or the run was cut short. */
	if (in->sched_duration_ms > 0) {
		double paused = 0;

		r->achieved_rate = (double)in->sent / in->sched_duration_ms * 1000;
		r->target_rate = (double)in->scheduled / in->sched_duration_ms * 1000;
		/* The rate a lab says ("20/s for 30s, pause 10s") is the one while
		 * sending: the same number, said the same way. */
		for (int i = 0; i < in->npauses; i++)
			paused += in->pauses[i][1] - in->pauses[i][0];
		if (in->npauses && in->sched_duration_ms - paused > 0) {
			r->sending_achieved = (double)in->sent / (in->sched_duration_ms - paused) * 1000;
			r->sending_target = (double)in->scheduled / (in->sched_duration_ms - paused) * 1000;
		}
	}
	judge(in, &e, r);
	r->time_slice_ms = time_slice(in);
	pause_mean(in, r);
	top_site(in, r);
}
