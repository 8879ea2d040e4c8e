/* report_attrib.c - which of a mix's targets the growth follows: a
 * nonnegative least-squares fit of the growth over time on each target's
 * count of requests so far (pure) */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define MAX_K 64
#define SWEEPS 2000

int report_add_request(struct report_input *in, double t_ms, int target, int outcome)
{
	size_t n = in->nreq;

	/* Room doubles at powers of two, like report.c's arrays. */
	if (!n || !(n & (n - 1))) {
		size_t cap = n ? n * 2 : 64;
		double *t = realloc(in->req_t_ms, cap * sizeof(double));
		unsigned char *a, *b;

		if (!t)
			return -1;
		in->req_t_ms = t;
		if (!(a = realloc(in->req_target, cap)))
			return -1;
		in->req_target = a;
		if (!(b = realloc(in->req_outcome, cap)))
			return -1;
		in->req_outcome = b;
	}
	in->req_t_ms[n] = t_ms;
	in->req_target[n] = (unsigned char)target;
	in->req_outcome[n] = (unsigned char)outcome;
	in->nreq++;
	return 0;
}

/* Projected coordinate descent on the normal equations: for a handful of
 * columns it converges in a few sweeps, and every step keeps beta >= 0. */
double report_nnls(const double *x, const double *y, size_t n, int k, double *beta)
{
	double a[MAX_K][MAX_K], b[MAX_K], rss = 0;
	size_t i;
	int j, l, s;

	if (k < 1 || k > MAX_K)
		return NAN;
	for (j = 0; j < k; j++) {
		b[j] = 0;
		beta[j] = 0;
		for (l = 0; l < k; l++)
			a[j][l] = 0;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < k; j++) {
			b[j] += x[i * (size_t)k + (size_t)j] * y[i];
			for (l = 0; l < k; l++)
				a[j][l] += x[i * (size_t)k + (size_t)j] * x[i * (size_t)k + (size_t)l];
		}
	for (s = 0; s < SWEEPS; s++) {
		double moved = 0;

		for (j = 0; j < k; j++) {
			double g = b[j], v;

			if (a[j][j] <= 0)
				continue;
			for (l = 0; l < k; l++)
				g -= a[j][l] * beta[l];
			v = beta[j] + g / a[j][j];
			if (v < 0)
				v = 0;
			moved += fabs(v - beta[j]);
			beta[j] = v;
		}
		if (moved < 1e-12)
			break;
	}
	for (i = 0; i < n; i++) {
		double f = 0;

		for (j = 0; j < k; j++)
			f += x[i * (size_t)k + (size_t)j] * beta[j];
		rss += (f - y[i]) * (f - y[i]);
	}
	return rss;
}

struct req {
	double t;
	int target, outcome;
};

static int by_time(const void *a, const void *b)
{
	double x = ((const struct req *)a)->t, y = ((const struct req *)b)->t;

	return x < y ? -1 : x > y;
}

/* Column j of point i: the requests of group j started by t[i]. The
 * groups are the targets (outcome_of < 0), or the outcomes of one target. */
static double *counts(const struct req *rq, size_t nr, const double *t, size_t n, int k, int outcome_of)
{
	double *x = calloc(n * (size_t)k + 1, sizeof(double)), c[MAX_K] = { 0 };
	size_t i, r = 0;

	if (!x)
		return NULL;
	for (i = 0; i < n; i++) {
		for (; r < nr && rq[r].t <= t[i]; r++) {
			int j = outcome_of < 0 ? rq[r].target : rq[r].target == outcome_of ? rq[r].outcome : -1;

			if (j >= 0 && j < k)
				c[j]++;
		}
		memcpy(x + i * (size_t)k, c, (size_t)k * sizeof(double));
	}
	return x;
}

/* The residual of y on column j alone (slope >= 0). */
static double alone(const double *x, const double *y, size_t n, int k, int j)
{
	double sxy = 0, sxx = 0, b, rss = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		sxy += x[i * (size_t)k + (size_t)j] * y[i];
		sxx += x[i * (size_t)k + (size_t)j] * x[i * (size_t)k + (size_t)j];
	}
	b = sxx > 0 && sxy > 0 ? sxy / sxx : 0;
	for (i = 0; i < n; i++) {
		double d = x[i * (size_t)k + (size_t)j] * b - y[i];

		rss += d * d;
	}
	return rss;
}

/*
 * Fit y on the k columns; the winner is the column whose share of the fit
 * at the end is largest, kept when it explains most of it (min_share) and
 * no other column alone fits nearly as well (the mix moved their counts
 * in proportion: not told apart). Returns the column or -1; *ambiguous
 * when that was why.
 */
static int winner(const double *x, const double *y, size_t n, int k, double min_share, double *beta,
		  double *share, int *ambiguous)
{
	double total = 0, best = -1, sy = 0, rb, ro = INFINITY;
	int j, w = -1, used = 0;

	*ambiguous = 0;
	report_nnls(x, y, n, k, beta);
	for (j = 0; j < k; j++) {
		double c = beta[j] * x[(n - 1) * (size_t)k + (size_t)j];

		used += x[(n - 1) * (size_t)k + (size_t)j] > 0;
		total += c;
		if (c > best) {
			best = c;
			w = j;
		}
	}
	if (used < 2 || total <= 0 || w < 0)
		return -1;
	*share = best / total;
	if (*share < min_share)
		return -1;
	for (size_t i = 0; i < n; i++)
		sy += y[i] * y[i];
	rb = alone(x, y, n, k, w);
	for (j = 0; j < k; j++)
		if (j != w && x[(n - 1) * (size_t)k + (size_t)j] > 0) {
			double r = alone(x, y, n, k, j);

			if (r < ro)
				ro = r;
		}
	/* Another column alone within 1.5x of the winner's residual (and
	 * that residual not a near-perfect fit for both). */
	if (ro <= 1.5 * rb + 1e-6 * sy) {
		*ambiguous = 1;
		return -1;
	}
	return w;
}

void report_find_culprit(const struct report_input *in, const double *t_ms, const double *y, size_t n,
			 double base, struct report_culprit *c)
{
	struct req *rq = NULL;
	double *x = NULL, *yy = NULL, beta[MAX_K], share = 0;
	int k = in->ntargets, w, amb;
	size_t i;

	memset(c, 0, sizeof(*c));
	c->target = c->outcome = -1;
	if (k < 2 || k > MAX_K || n < 3 || !in->nreq)
		return;
	if (!(rq = malloc(in->nreq * sizeof(*rq))) || !(yy = malloc(n * sizeof(double))))
		goto out;
	for (i = 0; i < in->nreq; i++) {
		rq[i].t = in->req_t_ms[i];
		rq[i].target = in->req_target[i];
		rq[i].outcome = in->req_outcome[i];
	}
	qsort(rq, in->nreq, sizeof(*rq), by_time);
	for (i = 0; i < n; i++)
		yy[i] = y[i] - base;
	if (!(x = counts(rq, in->nreq, t_ms, n, k, -1)))
		goto out;
	w = winner(x, yy, n, k, 0.7, beta, &share, &amb);
	c->ambiguous = amb;
	if (w < 0)
		goto out;
	c->target = w;
	c->share = share;
	c->per_request = beta[w];
	c->requests = 0;
	for (i = 0; i < in->nreq; i++)
		c->requests += rq[i].target == w;
	/* And of that target's requests, the outcome it follows (ok, http,
	 * timeout, error): when they differ. */
	free(x);
	if (!(x = counts(rq, in->nreq, t_ms, n, 4, w)))
		goto out;
	{
		double ob[MAX_K], os;
		int oa, o = winner(x, yy, n, 4, 0.8, ob, &os, &oa);

		if (o >= 0) {
			c->outcome = o;
			c->per_request = ob[o];
			c->requests = 0;
			for (i = 0; i < in->nreq; i++)
				c->requests += rq[i].target == w && rq[i].outcome == o;
		}
	}
out:
	free(rq);
	free(x);
	free(yy);
}
