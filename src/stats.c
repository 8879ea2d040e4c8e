/* stats.c - histograms and fits for the summary */
#include <math.h>
#include <string.h>

#include "stats.h"

void stats_hist_init(struct stats_hist *h)
{
	memset(h, 0, sizeof(*h));
}

static size_t bucket_of(uint64_t v)
{
	int e;

	if (v < 1024)
		return (size_t)v;
	e = 63 - __builtin_clzll(v);        /* 10 .. 63 */
	if (e > 40)
		return STATS_HIST_BUCKETS - 1;
	/* 64 sub-buckets between 2^e and 2^(e+1). */
	return 1024 + (size_t)(e - 10) * STATS_HIST_SUB + (size_t)((v >> (e - 6)) & (STATS_HIST_SUB - 1));
}

static double bucket_upper(size_t b)
{
	size_t e, sub;

	if (b < 1024)
		return (double)b + 1;
	e = (b - 1024) / STATS_HIST_SUB + 10;
	sub = (b - 1024) % STATS_HIST_SUB;
	return ldexp(1.0 + (double)(sub + 1) / STATS_HIST_SUB, (int)e);
}

void stats_hist_add(struct stats_hist *h, double us)
{
	if (!(us > 0))
		us = 0;
	if (h->count == 0 || us < h->min_us)
		h->min_us = us;
	if (us > h->max_us)
		h->max_us = us;
	h->count++;
	h->sum_us += us;
	h->b[bucket_of(us >= 1.8e19 ? UINT64_MAX : (uint64_t)us)]++;
}

double stats_hist_quantile(const struct stats_hist *h, double q)
{
	uint64_t rank, seen = 0;
	size_t i;

	if (h->count == 0)
		return 0;
	if (q <= 0)
		return h->min_us;
	if (q >= 1)
		return h->max_us;
	rank = (uint64_t)ceil(q * (double)h->count);
	for (i = 0; i < STATS_HIST_BUCKETS; i++) {
		seen += h->b[i];
		if (seen >= rank) {
			double v = bucket_upper(i);

			if (v > h->max_us)
				v = h->max_us;
			if (v < h->min_us)
				v = h->min_us;
			return v;
		}
	}
	return h->max_us;
}

void stats_linear_fit(const double *x, const double *y, size_t n, struct stats_fit *fit)
{
	double mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0;
	size_t i;

	memset(fit, 0, sizeof(*fit));
	fit->n = n;
	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (i = 0; i < n; i++) {
		double dx = x[i] - mx, dy = y[i] - my;

		sxx += dx * dx;
		sxy += dx * dy;
		syy += dy * dy;
	}
	fit->intercept = my;
	if (n < 2 || sxx == 0)
		return;
	fit->slope = sxy / sxx;
	fit->intercept = my - fit->slope * mx;
	/* A constant y has nothing to explain: R^2 is undefined, not 1. */
	fit->r2 = syy == 0 ? NAN : (sxy * sxy) / (sxx * syy);
}
