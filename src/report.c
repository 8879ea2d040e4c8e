/* report.c - judge a run: least-squares growth of the run queues and of the
 * goroutine count, and say which leak (if any) the numbers show */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "textbuf.h"

void report_input_init(struct report_input *in)
{
	memset(in, 0, sizeof(*in));
	in->gomaxprocs = -1;
	in->first_start_ms = in->last_start_ms = NAN;
	in->last_sample_ms = NAN;
	in->stacks_t_ms = -1;
	in->cpu_leaklab_ms = in->cpu_program_ms = -1;
	stats_hist_init(&in->probe_hist);
	snprintf(in->ended, sizeof(in->ended), "complete");
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
	in->q_t_ms = in->q = in->g_t_ms = in->g = in->g_total = in->slices = NULL;
	in->tick_prev = NULL;
	in->nq = in->ng = in->nslices = 0;
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
	case REPORT_RUNNABLE_LEAK: return "runnable leak";
	case REPORT_BLOCKED_LEAK: return "blocked leak";
	default: return "no leak";
	}
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
static double queued_numbers(const struct report_input *in, struct report *r)
{
	double growth;

	if (!in->nq)
		return NAN;
	r->queued_start = baseline(in, in->q_t_ms, in->q, in->nq);
	r->queued_end = in->q[in->nq - 1];
	r->queued_max = in->q[0];
	for (size_t i = 1; i < in->nq; i++)
		if (in->q[i] > r->queued_max)
			r->queued_max = in->q[i];
	fit_load_phase(in, in->q_t_ms, in->q, in->nq, &r->queued_fit);
	growth = tail_mean(in->q, in->nq, 3) - r->queued_start;
	if (in->sent > 0)
		r->queued_per_leak = growth / (double)in->sent;
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
	r->stale_goroutines = !isnan(in->last_sample_ms) && in->last_sample_ms - in->g_t_ms[in->ng - 1] > 3000;
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

enum report_verdict report_judge(const struct report_evidence *e)
{
	if (!isnan(e->queued_growth) && e->queued_growth >= e->need)
		return REPORT_RUNNABLE_LEAK;
	if (!isnan(e->goroutine_growth) && e->goroutine_growth >= e->need)
		return REPORT_BLOCKED_LEAK;
	return REPORT_NO_LEAK;
}

/* The numbers behind the verdict, in a sentence. */
static void why(const struct report_input *in, const struct report_evidence *e, struct report *r)
{
	double leaks = (double)in->sent;

	switch (r->verdict) {
	case REPORT_RUNNABLE_LEAK:
		snprintf(r->why, sizeof(r->why),
			 "the run queues grew by %.0f goroutines (from %.0f to about %.0f over the last samples, "
			 "max %.0f) over %llu requests: %.2f per request, %.2f per second (R\xc2\xb2 %.2f). "
			 "Runnable goroutines that never end.",
			 e->queued_growth, r->queued_start, r->queued_start + e->queued_growth, r->queued_max,
			 (unsigned long long)in->sent, r->queued_per_leak, r->queued_fit.slope, r->queued_fit.r2);
		break;
	case REPORT_BLOCKED_LEAK: {
		char idle[96] = "";

		if (r->idle_conns_end > 0)
			snprintf(idle, sizeof(idle), ", not counting %.0f idle connections of the load",
				 r->idle_conns_end);
		snprintf(r->why, sizeof(r->why),
			 "goroutines grew by %.0f and stayed up to the end (from %.0f to %.0f%s) over %llu "
			 "requests, %.2f per request, %.2f per second (R\xc2\xb2 %.2f), while the run queues "
			 "changed by %+.0f: goroutines that wait forever.",
			 e->goroutine_growth, r->goroutines_start, r->goroutines_end, idle, (unsigned long long)in->sent,
			 leaks > 0 ? e->goroutine_growth / leaks : 0, r->goroutines_fit.slope, r->goroutines_fit.r2,
			 isnan(e->queued_growth) ? 0 : e->queued_growth);
		break;
	}
	default:
		snprintf(r->why, sizeof(r->why),
			 "over %llu requests the run queues grew by %.0f and goroutines by %.0f by the end "
			 "(%.0f, 2%% of the requests and at least 3, would be a leak)%s.",
			 (unsigned long long)in->sent, isnan(e->queued_growth) ? 0 : e->queued_growth,
			 isnan(e->goroutine_growth) ? 0 : e->goroutine_growth, e->need,
			 in->ng ? "" : in->nq ? "; no goroutine count: no pprof answered and no scheddetail" : "");
		break;
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
 * does not list; for waiters, what it lists, or what grew. */
static void top_site(const struct report_input *in, struct report *r)
{
	r->top = NULL;
	if (r->verdict == REPORT_RUNNABLE_LEAK && in->have_unlisted) {
		r->top = &in->top_unlisted;
		r->top_source = "goroutine profiles (growth since the start)";
	} else if (r->verdict == REPORT_BLOCKED_LEAK && in->have_leakprof) {
		r->top = &in->top_leakprof;
		r->top_source = "goroutineleak profile";
	} else if (r->verdict != REPORT_NO_LEAK && in->have_growth) {
		r->top = &in->top_growth;
		r->top_source = "goroutine profiles (growth since the start)";
	}
}

void report_compute(const struct report_input *in, struct report *r)
{
	struct report_evidence e;

	memset(r, 0, sizeof(*r));
	r->queued_start = r->queued_end = r->queued_max = NAN;
	r->goroutines_start = r->goroutines_end = NAN;
	r->queued_per_leak = NAN;
	r->idle_conns_end = NAN;

	memset(&e, 0, sizeof(e));
	e.requests = (double)in->sent;
	e.need = report_need(e.requests);
	e.queued_growth = queued_numbers(in, r);
	e.goroutine_growth = goroutine_numbers(in, r);
	/* Both over the whole schedule, pauses included: open loop means they
	 * match unless requests were dropped or the run was cut short. */
	if (in->sched_duration_ms > 0) {
		r->achieved_rate = (double)in->sent / in->sched_duration_ms * 1000;
		r->target_rate = (double)in->scheduled / in->sched_duration_ms * 1000;
	}
	r->verdict = report_judge(&e);
	why(in, &e, r);
	r->time_slice_ms = time_slice(in);
	pause_mean(in, r);
	top_site(in, r);
}

/* ----------------------------------------------------------------- text */

static const char *num(double v, char *buf, size_t len, const char *fmt)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, fmt, v);
	return buf;
}

/* The top stack, when there is one to show. */
static int show_top(const struct report_input *in, const struct report *r)
{
	return r->top && !in->verdict_hidden;
}

static void put_top(struct textbuf *o, const struct report_input *in, const struct report *r)
{
	if (!show_top(in, r)) {
		textbuf_printf(o, "top stack   %s\n", in->verdict_hidden ? "(hidden: find it in stacks.txt)" :
			       r->verdict != REPORT_NO_LEAK && (in->g_from_trace || !in->ng) ?
			       "- (the program serves no pprof, so no stacks: import _ \"net/http/pprof\")" : "-");
		return;
	}
	textbuf_printf(o, "top stack   %s x %ld", r->top->text, r->top->count);
	if (r->top->growth != r->top->count)
		textbuf_printf(o, " (%+ld since the start)", r->top->growth);
	textbuf_printf(o, "; from the %s", r->top_source);
	if (r->stale_goroutines && in->stacks_t_ms >= 0)
		textbuf_printf(o, " taken at %.1f s", in->stacks_t_ms / 1000);
	textbuf_printf(o, "\n");
}

size_t report_text(const struct report_input *in, const struct report *r, char *buf, size_t len)
{
	struct textbuf o;
	char a[32], b[32], c[32], d[32], e[32], f[32];

	textbuf_init(&o, buf, len);
	textbuf_printf(&o, "leaklab summary: %s%s\n", in->lab_name, in->partial ? " (PARTIAL: the run was cut short)" : "");
	if (in->title[0])
		textbuf_printf(&o, "  %s\n", in->title);
	if (in->verdict_hidden)
		textbuf_printf(&o, "\nverdict: hidden\n  This lab is a hunt: is there a leak, runnable or blocked, where, "
			       "and when? Decide from the charts, stacks.txt, waits.tsv and requests.tsv.\n\n");
	else
		textbuf_printf(&o, "\nverdict: %s\n  %s\n\n", report_verdict_name(r->verdict), r->why);
	textbuf_printf(&o, "requests    %llu sent of %llu scheduled to %s: %llu ok, %llu failed",
		       (unsigned long long)in->sent, (unsigned long long)in->scheduled, in->targets,
		       (unsigned long long)in->ok, (unsigned long long)in->failed);
	if (in->timeouts)
		textbuf_printf(&o, " (%llu timed out: the client gave up)", (unsigned long long)in->timeouts);
	textbuf_printf(&o, ", %llu dropped", (unsigned long long)in->dropped);
	if (in->aborted)
		textbuf_printf(&o, ", %llu still in flight at the end", (unsigned long long)in->aborted);
	textbuf_printf(&o, "\n");
	textbuf_printf(&o, "rate        %.2f/s achieved, %.2f/s target (averaged over the schedule, pauses included)\n",
		       r->achieved_rate, r->target_rate);
	textbuf_printf(&o, "queued      start %s, end %s, max %s; slope %s/s (R\xc2\xb2 %s); %s per leak request\n",
		       num(r->queued_start, a, sizeof(a), "%.0f"), num(r->queued_end, b, sizeof(b), "%.0f"),
		       num(r->queued_max, c, sizeof(c), "%.0f"), num(r->queued_fit.slope, d, sizeof(d), "%.2f"),
		       num(r->queued_fit.n >= 2 ? r->queued_fit.r2 : NAN, e, sizeof(e), "%.2f"),
		       num(r->queued_per_leak, f, sizeof(f), "%.2f"));
	textbuf_printf(&o, "goroutines  start %s, end %s; slope %s/s (%s, %zu %s)",
		       num(r->goroutines_start, a, sizeof(a), "%.0f"), num(r->goroutines_end, b, sizeof(b), "%.0f"),
		       num(in->ng >= 2 ? r->goroutines_fit.slope : NAN, c, sizeof(c), "%.2f"),
		       in->g_from_trace ? "scheddetail G lines" : "pprof", in->ng,
		       in->g_from_trace ? "samples" : "polls");
	if (r->idle_conns_end > 0)
		textbuf_printf(&o, "; %.0f idle connections of the load not counted", r->idle_conns_end);
	if (r->stale_goroutines)
		textbuf_printf(&o, "; the end is from %.1f s: later polls went unanswered (a starving program)",
			       in->g_t_ms[in->ng - 1] / 1000);
	textbuf_printf(&o, "\n");
	if (r->pause_samples)
		textbuf_printf(&o, "pause       queued %.1f on average over its %zu samples (the last pause, %.1f s)\n",
			       r->pause_queued_mean, r->pause_samples,
			       (in->pauses[in->npauses - 1][1] - in->pauses[in->npauses - 1][0]) / 1000);
	if (!isnan(r->time_slice_ms))
		textbuf_printf(&o, "time slice  %.1f ms per schedtick while every P was busy (median of %zu intervals)\n",
			       r->time_slice_ms, in->nslices);
	if (in->probe[0])
		textbuf_printf(&o, "probe       %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%llu probes, %llu failed)\n",
			       in->probe, stats_hist_quantile(&in->probe_hist, 0.5) / 1000,
			       stats_hist_quantile(&in->probe_hist, 0.99) / 1000, in->probe_hist.max_us / 1000,
			       (unsigned long long)in->probes, (unsigned long long)in->probes_failed);
	put_top(&o, in, r);
	textbuf_printf(&o, "trace       %llu samples, %llu malformed lines; %s, GOMAXPROCS %ld\n",
		       (unsigned long long)in->samples, (unsigned long long)in->malformed,
		       in->go_version[0] && strcmp(in->go_version, "-") ? in->go_version : "Go ?", in->gomaxprocs);
	textbuf_printf(&o, "run         %s", in->ended);
	if (in->cpu_leaklab_ms >= 0 && in->cpu_program_ms >= 0)
		textbuf_printf(&o, "; CPU time: the program %.1f s, leaklab %.1f s", in->cpu_program_ms / 1000,
			       in->cpu_leaklab_ms / 1000);
	textbuf_printf(&o, "\n");
	return o.used;
}

/* The length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes
 * there are not one (overlong forms and surrogates included). */
static size_t utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	size_t n, i;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* A JSON string: escaped, and valid UTF-8 (what is not becomes U+FFFD). */
static void put_json_str(struct textbuf *o, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	textbuf_printf(o, "\"");
	while (*s) {
		size_t n = utf8_len(s);

		if (n == 0) {
			textbuf_printf(o, "\xef\xbf\xbd");
			s++;
		} else if (*s == '"' || *s == '\\') {
			textbuf_printf(o, "\\%c", *s++);
		} else if (*s < 0x20) {
			textbuf_printf(o, "\\u%04x", *s++);
		} else {
			textbuf_printf(o, "%.*s", (int)n, (const char *)s);
			s += n;
		}
	}
	textbuf_printf(o, "\"");
}

static void put_json_num(struct textbuf *o, const char *key, double v, const char *fmt, int last)
{
	textbuf_printf(o, "  \"%s\": ", key);
	if (isnan(v) || isinf(v))
		textbuf_printf(o, "null");
	else
		textbuf_printf(o, fmt, v);
	textbuf_printf(o, "%s\n", last ? "" : ",");
}

static void put_json_key_str(struct textbuf *o, const char *key, const char *v)
{
	textbuf_printf(o, "  \"%s\": ", key);
	if (v)
		put_json_str(o, v);
	else
		textbuf_printf(o, "null");
	textbuf_printf(o, ",\n");
}

size_t report_json(const struct report_input *in, const struct report *r, char *buf, size_t len)
{
	struct textbuf o;
	int top = show_top(in, r);

	textbuf_init(&o, buf, len);
	textbuf_printf(&o, "{\n");
	put_json_key_str(&o, "lab", in->lab_name);
	put_json_key_str(&o, "title", in->title);
	put_json_key_str(&o, "verdict", in->verdict_hidden ? "hidden" : report_verdict_name(r->verdict));
	put_json_key_str(&o, "why", in->verdict_hidden ? NULL : r->why);
	textbuf_printf(&o, "  \"partial\": %s,\n", in->partial ? "true" : "false");
	put_json_key_str(&o, "ended", in->ended);
	put_json_key_str(&o, "targets", in->targets);
	put_json_key_str(&o, "go_version", in->go_version);
	put_json_num(&o, "gomaxprocs", in->gomaxprocs < 0 ? NAN : (double)in->gomaxprocs, "%.0f", 0);
	put_json_num(&o, "requests_scheduled", (double)in->scheduled, "%.0f", 0);
	put_json_num(&o, "requests_sent", (double)in->sent, "%.0f", 0);
	put_json_num(&o, "requests_ok", (double)in->ok, "%.0f", 0);
	put_json_num(&o, "requests_failed", (double)in->failed, "%.0f", 0);
	put_json_num(&o, "requests_timed_out", (double)in->timeouts, "%.0f", 0);
	put_json_num(&o, "requests_dropped", (double)in->dropped, "%.0f", 0);
	put_json_num(&o, "requests_aborted", (double)in->aborted, "%.0f", 0);
	put_json_num(&o, "rate_achieved_per_s", r->achieved_rate, "%.3f", 0);
	put_json_num(&o, "rate_target_per_s", r->target_rate, "%.3f", 0);
	put_json_num(&o, "queued_start", r->queued_start, "%.0f", 0);
	put_json_num(&o, "queued_end", r->queued_end, "%.0f", 0);
	put_json_num(&o, "queued_max", r->queued_max, "%.0f", 0);
	put_json_num(&o, "queued_slope_per_s", r->queued_fit.n >= 2 ? r->queued_fit.slope : NAN, "%.4f", 0);
	put_json_num(&o, "queued_r2", r->queued_fit.n >= 2 ? r->queued_fit.r2 : NAN, "%.4f", 0);
	put_json_num(&o, "queued_per_leak", r->queued_per_leak, "%.4f", 0);
	put_json_num(&o, "goroutines_start", r->goroutines_start, "%.0f", 0);
	put_json_num(&o, "goroutines_end", r->goroutines_end, "%.0f", 0);
	put_json_num(&o, "goroutines_end_t_ms", in->ng ? in->g_t_ms[in->ng - 1] : NAN, "%.0f", 0);
	put_json_num(&o, "goroutines_idle_conns_end", r->idle_conns_end, "%.0f", 0);
	put_json_num(&o, "goroutines_slope_per_s", in->ng >= 2 ? r->goroutines_fit.slope : NAN, "%.4f", 0);
	put_json_num(&o, "goroutines_r2", in->ng >= 2 ? r->goroutines_fit.r2 : NAN, "%.4f", 0);
	put_json_key_str(&o, "goroutines_source", in->ng ? (in->g_from_trace ? "scheddetail" : "pprof") : NULL);
	put_json_num(&o, "probes", (double)in->probes, "%.0f", 0);
	put_json_num(&o, "probes_failed", (double)in->probes_failed, "%.0f", 0);
	put_json_num(&o, "probe_p50_ms", in->probe_hist.count ? stats_hist_quantile(&in->probe_hist, 0.5) / 1000 : NAN, "%.3f", 0);
	put_json_num(&o, "probe_p99_ms", in->probe_hist.count ? stats_hist_quantile(&in->probe_hist, 0.99) / 1000 : NAN, "%.3f", 0);
	put_json_num(&o, "probe_max_ms", in->probe_hist.count ? in->probe_hist.max_us / 1000 : NAN, "%.3f", 0);
	put_json_num(&o, "time_slice_ms", r->time_slice_ms, "%.3f", 0);
	put_json_num(&o, "pause_queued_mean", r->pause_queued_mean, "%.2f", 0);
	put_json_num(&o, "malformed_lines", (double)in->malformed, "%.0f", 0);
	put_json_num(&o, "samples", (double)in->samples, "%.0f", 0);
	put_json_num(&o, "cpu_program_ms", in->cpu_program_ms >= 0 ? in->cpu_program_ms : NAN, "%.0f", 0);
	put_json_num(&o, "cpu_leaklab_ms", in->cpu_leaklab_ms >= 0 ? in->cpu_leaklab_ms : NAN, "%.0f", 0);
	put_json_key_str(&o, "top_stack", top ? r->top->text : NULL);
	put_json_num(&o, "top_stack_count", top ? (double)r->top->count : NAN, "%.0f", 0);
	put_json_num(&o, "top_stack_growth", top ? (double)r->top->growth : NAN, "%.0f", 0);
	put_json_key_str(&o, "top_stack_source", top ? r->top_source : NULL);
	put_json_num(&o, "top_stack_t_ms", top && in->stacks_t_ms >= 0 ? in->stacks_t_ms : NAN, "%.0f", 1);
	textbuf_printf(&o, "}\n");
	return o.used;
}
