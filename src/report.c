/* report.c - judge a run: least-squares growth of the run queues and of the
 * goroutine count, and say which leak (if any) the numbers show */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "report.h"
#include "textbuf.h"
#include "tsv.h"

void report_input_init(struct report_input *in)
{
	memset(in, 0, sizeof(*in));
	in->gomaxprocs = -1;
	in->first_start_ms = in->last_start_ms = NAN;
	stats_hist_init(&in->probe_hist);
	snprintf(in->ended, sizeof(in->ended), "complete");
}

void report_input_free(struct report_input *in)
{
	free(in->q_t_ms);
	free(in->q);
	free(in->g_t_ms);
	free(in->g);
	in->q_t_ms = in->q = in->g_t_ms = in->g = NULL;
	in->nq = in->ng = 0;
}

static int push(double **t, double **v, size_t *n, double tv, double vv)
{
	/* Grow by doubling when n reaches a power of two. */
	if ((*n & (*n - 1)) == 0) {
		size_t cap = *n ? *n * 2 : 64;
		double *nt = realloc(*t, cap * sizeof(double)), *nv;

		if (!nt)
			return -1;
		*t = nt;
		if (!(nv = realloc(*v, cap * sizeof(double))))
			return -1;
		*v = nv;
	}
	(*t)[*n] = tv;
	(*v)[*n] = vv;
	(*n)++;
	return 0;
}

int report_add_queued(struct report_input *in, double t_ms, double queued)
{
	return push(&in->q_t_ms, &in->q, &in->nq, t_ms, queued);
}

int report_add_goroutines(struct report_input *in, double t_ms, double total)
{
	return push(&in->g_t_ms, &in->g, &in->ng, t_ms, total);
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

void report_compute(const struct report_input *in, struct report *r)
{
	double growth_q = NAN, growth_g = NAN, leaks = (double)in->sent;
	double need_q, need_g;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->queued_start = r->queued_end = r->queued_max = NAN;
	r->goroutines_start = r->goroutines_end = NAN;
	r->queued_per_leak = NAN;

	if (in->nq) {
		/* The baseline: the last sample before the first request. */
		r->queued_start = in->q[0];
		for (i = 0; i < in->nq && !isnan(in->first_start_ms) && in->q_t_ms[i] <= in->first_start_ms; i++)
			r->queued_start = in->q[i];
		r->queued_end = in->q[in->nq - 1];
		r->queued_max = in->q[0];
		for (i = 1; i < in->nq; i++)
			if (in->q[i] > r->queued_max)
				r->queued_max = in->q[i];
		fit_load_phase(in, in->q_t_ms, in->q, in->nq, &r->queued_fit);
		growth_q = tail_mean(in->q, in->nq, 3) - r->queued_start;
		if (leaks > 0)
			r->queued_per_leak = growth_q / leaks;
	}
	if (in->ng) {
		r->goroutines_start = in->g[0];
		for (i = 0; i < in->ng && !isnan(in->first_start_ms) && in->g_t_ms[i] <= in->first_start_ms; i++)
			r->goroutines_start = in->g[i];
		r->goroutines_end = in->g[in->ng - 1];
		fit_load_phase(in, in->g_t_ms, in->g, in->ng, &r->goroutines_fit);
		growth_g = r->goroutines_end - r->goroutines_start;
	}
	/* Both over the whole schedule, pauses included: open loop means they
	 * match unless requests were dropped or the run was cut short. */
	if (in->sched_duration_ms > 0) {
		r->achieved_rate = (double)in->sent / in->sched_duration_ms * 1000;
		r->target_rate = (double)in->scheduled / in->sched_duration_ms * 1000;
	}

	/*
	 * A runnable leak keeps about (leaked - P) goroutines in the queues
	 * for good: demand a quarter of the requests sent, at least 3. A
	 * blocked leak never queues but raises the goroutine count by about
	 * one per request: demand half. The thresholds are loose on purpose:
	 * a starving server answers late, yet the goroutines are leaked.
	 */
	need_q = leaks * 0.25 > 3 ? leaks * 0.25 : 3;
	need_g = leaks * 0.5 > 3 ? leaks * 0.5 : 3;
	if (!isnan(growth_q) && growth_q >= need_q && r->queued_fit.slope > 0) {
		r->verdict = REPORT_RUNNABLE_LEAK;
		snprintf(r->why, sizeof(r->why),
			 "the run queues grew by %.0f goroutines (from %.0f to about %.0f over the last samples, "
			 "max %.0f) over %llu requests: %.2f per request, %.2f per second (R\xc2\xb2 %.2f). "
			 "Runnable goroutines that never end.",
			 growth_q, r->queued_start, r->queued_start + growth_q, r->queued_max, (unsigned long long)in->sent,
			 r->queued_per_leak, r->queued_fit.slope, r->queued_fit.r2);
	} else if (!isnan(growth_g) && growth_g >= need_g) {
		r->verdict = REPORT_BLOCKED_LEAK;
		snprintf(r->why, sizeof(r->why),
			 "goroutines grew by %.0f (from %.0f to %.0f) over %llu requests, %.2f per second "
			 "(R\xc2\xb2 %.2f), while the run queues changed by %+.0f: goroutines that wait forever.%s%s",
			 growth_g, r->goroutines_start, r->goroutines_end, (unsigned long long)in->sent,
			 r->goroutines_fit.slope, r->goroutines_fit.r2, isnan(growth_q) ? 0 : growth_q,
			 in->top_stack[0] ? " Top stack: " : "", in->top_stack);
	} else {
		r->verdict = REPORT_NO_LEAK;
		snprintf(r->why, sizeof(r->why),
			 "over %llu requests the run queues grew by %.0f (needed %.0f for a runnable leak) and "
			 "goroutines by %.0f (needed %.0f for a blocked leak).",
			 (unsigned long long)in->sent, isnan(growth_q) ? 0 : growth_q, need_q,
			 isnan(growth_g) ? 0 : growth_g, need_g);
	}
}

/* --------------------------------------------------------------- stacks */

int report_top_stack(const char *profile, size_t len, char *out, size_t outlen, long *count)
{
	const char *p = profile, *end = profile + len;
	long best = -1, cur = -1;
	int have_main = 0;

	out[0] = '\0';
	*count = 0;
	/* Groups: "N @ 0x..." then "#\t0x...\tfunc+0x..\tfile:line" frames,
	 * innermost first; groups come largest first. */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t n = (size_t)(le - p);

		if (n > 0 && isdigit((unsigned char)p[0])) {
			/* "N @ 0x...": count the digits within the line only. */
			const char *e = p;
			long c = 0;

			while (e < le && isdigit((unsigned char)*e) && c < 1000000000L)
				c = c * 10 + (*e++ - '0');
			cur = (e + 1 < le && e[0] == ' ' && e[1] == '@') ? c : -1;
			have_main = 0;
		} else if (cur > best && !have_main && n > 2 && p[0] == '#' && p[1] == '\t') {
			const char *f = memchr(p + 2, '\t', n - 2), *fe, *file, *slash;

			if (f && le - f > 6 && strncmp(f + 1, "main.", 5) == 0) {
				f++;
				fe = f;
				while (fe < le && *fe != '+' && *fe != '\t' && *fe != ' ')
					fe++;
				file = memchr(fe, '\t', (size_t)(le - fe));
				if (file) {
					file++;
					slash = file;
					for (const char *q = file; q < le; q++)
						if (*q == '/')
							slash = q + 1;
					snprintf(out, outlen, "%.*s (%.*s)", (int)(fe - f), f, (int)(le - slash), slash);
				} else {
					snprintf(out, outlen, "%.*s", (int)(fe - f), f);
				}
				best = cur;
				*count = cur;
				have_main = 1;
			}
		}
		p = nl ? nl + 1 : end;
	}
	return best >= 0 ? 0 : -1;
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

size_t report_text(const struct report_input *in, const struct report *r, char *buf, size_t len)
{
	struct textbuf o;

	textbuf_init(&o, buf, len);
	char a[32], b[32], c[32], d[32], e[32], f[32];

	textbuf_printf(&o, "leaklab summary: %s%s\n", in->lab_name, in->partial ? " (PARTIAL: the run was interrupted)" : "");
	if (in->title[0])
		textbuf_printf(&o, "  %s\n", in->title);
	textbuf_printf(&o, "\nverdict: %s\n  %s\n\n", report_verdict_name(r->verdict), r->why);
	textbuf_printf(&o, "requests    %llu sent of %llu scheduled to %s: %llu ok, %llu failed, %llu dropped\n",
	    (unsigned long long)in->sent, (unsigned long long)in->scheduled, in->endpoint,
	    (unsigned long long)in->ok, (unsigned long long)in->failed, (unsigned long long)in->dropped);
	textbuf_printf(&o, "rate        %.2f/s achieved, %.2f/s target (averaged over the schedule, pauses included)\n",
	    r->achieved_rate, r->target_rate);
	textbuf_printf(&o, "queued      start %s, end %s, max %s; slope %s/s (R\xc2\xb2 %s); %s per leak request\n",
	    num(r->queued_start, a, sizeof(a), "%.0f"), num(r->queued_end, b, sizeof(b), "%.0f"),
	    num(r->queued_max, c, sizeof(c), "%.0f"), num(r->queued_fit.slope, d, sizeof(d), "%.2f"),
	    num(r->queued_fit.n >= 2 ? r->queued_fit.r2 : NAN, e, sizeof(e), "%.2f"),
	    num(r->queued_per_leak, f, sizeof(f), "%.2f"));
	textbuf_printf(&o, "goroutines  start %s, end %s; slope %s/s (pprof, %zu polls)\n",
	    num(r->goroutines_start, a, sizeof(a), "%.0f"), num(r->goroutines_end, b, sizeof(b), "%.0f"),
	    num(in->ng >= 2 ? r->goroutines_fit.slope : NAN, c, sizeof(c), "%.2f"), in->ng);
	if (in->probe[0])
		textbuf_printf(&o, "probe       %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%llu probes, %llu failed)\n",
		    in->probe, stats_hist_quantile(&in->probe_hist, 0.5) / 1000,
		    stats_hist_quantile(&in->probe_hist, 0.99) / 1000, in->probe_hist.max_us / 1000,
		    (unsigned long long)in->probes, (unsigned long long)in->probes_failed);
	/* Without a leak the biggest main. stack is just the server at rest. */
	if (in->top_stack[0] && r->verdict != REPORT_NO_LEAK)
		textbuf_printf(&o, "top stack   %s x %ld\n", in->top_stack, in->top_stack_count);
	else
		textbuf_printf(&o, "top stack   -\n");
	textbuf_printf(&o, "trace       %llu samples, %llu malformed lines; %s, GOMAXPROCS %ld\n",
	    (unsigned long long)in->samples, (unsigned long long)in->malformed,
	    in->go_version[0] ? in->go_version : "Go ?", in->gomaxprocs);
	textbuf_printf(&o, "run         %s\n", in->ended);
	return o.used;
}

static void put_json_str(struct textbuf *o, const char *s)
{
	textbuf_printf(o, "\"");
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			textbuf_printf(o, "\\%c", ch);
		else if (ch < 0x20)
			textbuf_printf(o, "\\u%04x", ch);
		else
			textbuf_printf(o, "%c", ch);
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

size_t report_json(const struct report_input *in, const struct report *r, char *buf, size_t len)
{
	struct textbuf o;

	textbuf_init(&o, buf, len);

	textbuf_printf(&o, "{\n  \"lab\": ");
	put_json_str(&o, in->lab_name);
	textbuf_printf(&o, ",\n  \"title\": ");
	put_json_str(&o, in->title);
	textbuf_printf(&o, ",\n  \"verdict\": \"%s\",\n  \"why\": ", report_verdict_name(r->verdict));
	put_json_str(&o, r->why);
	textbuf_printf(&o, ",\n  \"partial\": %s,\n  \"ended\": ", in->partial ? "true" : "false");
	put_json_str(&o, in->ended);
	textbuf_printf(&o, ",\n  \"endpoint\": ");
	put_json_str(&o, in->endpoint);
	textbuf_printf(&o, ",\n  \"go_version\": ");
	put_json_str(&o, in->go_version);
	textbuf_printf(&o, ",\n");
	put_json_num(&o, "gomaxprocs", in->gomaxprocs < 0 ? NAN : (double)in->gomaxprocs, "%.0f", 0);
	put_json_num(&o, "requests_scheduled", (double)in->scheduled, "%.0f", 0);
	put_json_num(&o, "requests_sent", (double)in->sent, "%.0f", 0);
	put_json_num(&o, "requests_ok", (double)in->ok, "%.0f", 0);
	put_json_num(&o, "requests_failed", (double)in->failed, "%.0f", 0);
	put_json_num(&o, "requests_dropped", (double)in->dropped, "%.0f", 0);
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
	put_json_num(&o, "goroutines_slope_per_s", in->ng >= 2 ? r->goroutines_fit.slope : NAN, "%.4f", 0);
	put_json_num(&o, "goroutines_r2", in->ng >= 2 ? r->goroutines_fit.r2 : NAN, "%.4f", 0);
	put_json_num(&o, "probes", (double)in->probes, "%.0f", 0);
	put_json_num(&o, "probes_failed", (double)in->probes_failed, "%.0f", 0);
	put_json_num(&o, "probe_p50_ms", in->probe_hist.count ? stats_hist_quantile(&in->probe_hist, 0.5) / 1000 : NAN, "%.3f", 0);
	put_json_num(&o, "probe_p99_ms", in->probe_hist.count ? stats_hist_quantile(&in->probe_hist, 0.99) / 1000 : NAN, "%.3f", 0);
	put_json_num(&o, "probe_max_ms", in->probe_hist.count ? in->probe_hist.max_us / 1000 : NAN, "%.3f", 0);
	put_json_num(&o, "malformed_lines", (double)in->malformed, "%.0f", 0);
	put_json_num(&o, "samples", (double)in->samples, "%.0f", 0);
	textbuf_printf(&o, "  \"top_stack\": ");
	if (in->top_stack[0] && r->verdict != REPORT_NO_LEAK)
		put_json_str(&o, in->top_stack);
	else
		textbuf_printf(&o, "null");
	textbuf_printf(&o, ",\n");
	put_json_num(&o, "top_stack_count", in->top_stack[0] && r->verdict != REPORT_NO_LEAK ?
		     (double)in->top_stack_count : NAN, "%.0f", 1);
	textbuf_printf(&o, "}\n");
	return o.used;
}
