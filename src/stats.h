/* stats.h - latency histograms and least-squares lines (pure) */
#ifndef LEAKLAB_STATS_H
#define LEAKLAB_STATS_H

#include <stddef.h>
#include <stdint.h>

/*
 * A log-linear histogram of non-negative values in microseconds: exact
 * below 1 ms, then 64 buckets per power of two (under 1.6% error), up to
 * about 2^40 us. Constant memory whatever the count: a long run at a high
 * rate costs nothing more.
 */
#define STATS_HIST_SUB 64
#define STATS_HIST_BUCKETS (1024 + 31 * STATS_HIST_SUB)

struct stats_hist {
	uint64_t count;
	double min_us, max_us, sum_us;
	uint64_t b[STATS_HIST_BUCKETS];
};

/* Empty the histogram. */
void stats_hist_init(struct stats_hist *h);

/* Add one value; negative values count as 0. */
void stats_hist_add(struct stats_hist *h, double us);

/* The value at quantile q (0..1), the bucket's upper edge clamped to the
 * true max; 0 when empty. */
double stats_hist_quantile(const struct stats_hist *h, double q);

/* A least-squares line y = slope x + intercept, with R^2. */
struct stats_fit {
	size_t n;
	double slope;
	double intercept;
	double r2;          /* NAN when y is constant; 0 when n < 2 */
};

/* Fit y over x. n < 2 or x all equal gives slope 0. */
void stats_linear_fit(const double *x, const double *y, size_t n, struct stats_fit *fit);

#endif
