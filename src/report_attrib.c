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

/* The columns: one per (target, outcome) pair that has requests (ok,
 * http, timeout, error; requests still in flight at the end or never sent
 * are none). Point i, column j: that pair's requests started by t[i]. */
#define NOUT 4

struct columns {
	int k;
	int target[MAX_K], outcome[MAX_K];
	double *x;                /* n x k */
};

static int columns_of(const struct req *rq, size_t nr, const double *t, size_t n, int ntargets,
		      struct columns *c)
{
	int col[16 * NOUT], j;
	double cnt[MAX_K] = { 0 };
	size_t i, r = 0;

	memset(c, 0, sizeof(*c));
	for (j = 0; j < 16 * NOUT; j++)
		col[j] = -1;
	for (i = 0; i < nr; i++) {
		int key = rq[i].target * NOUT + rq[i].outcome;

		if (rq[i].target < 0 || rq[i].target >= ntargets || rq[i].target >= 16 || rq[i].outcome < 0 ||
		    rq[i].outcome >= NOUT || col[key] >= 0)
			continue;
		if (c->k == MAX_K)
			continue;
		col[key] = c->k;
		c->target[c->k] = rq[i].target;
		c->outcome[c->k] = rq[i].outcome;
		c->k++;
	}
	if (!c->k || !(c->x = calloc(n * (size_t)c->k + 1, sizeof(double))))
		return -1;
	for (i = 0; i < n; i++) {
		for (; r < nr && rq[r].t <= t[i]; r++) {
			int key = rq[r].target * NOUT + rq[r].outcome;

			if (rq[r].target >= 0 && rq[r].target < 16 && rq[r].outcome >= 0 && rq[r].outcome < NOUT &&
			    col[key] >= 0)
				cnt[col[key]]++;
		}
		memcpy(c->x + i * (size_t)c->k, cnt, (size_t)c->k * sizeof(double));
	}
	return 0;
}

/* The residual of y fitted on the columns of one target alone. */
static double target_alone(const struct columns *c, const double *y, size_t n, int target)
{
	double *x, beta[MAX_K], rss;
	int cols[MAX_K], m = 0;

	for (int j = 0; j < c->k; j++)
		if (c->target[j] == target)
			cols[m++] = j;
	if (!m || !(x = malloc(n * (size_t)m * sizeof(double))))
		return INFINITY;
	for (size_t i = 0; i < n; i++)
		for (int j = 0; j < m; j++)
			x[i * (size_t)m + (size_t)j] = c->x[i * (size_t)c->k + (size_t)cols[j]];
	rss = report_nnls(x, y, n, m, beta);
	free(x);
	return rss;
}

void report_find_culprit(const struct report_input *in, const double *t_ms, const double *y, size_t n,
			 double base, struct report_culprit *c)
{
	struct req *rq = NULL;
	struct columns cols = { 0 };
	double *yy = NULL, beta[MAX_K], share[16] = { 0 }, total = 0, sy = 0, rb, ro = INFINITY;
	int w = -1, present = 0;
	size_t i;

	memset(c, 0, sizeof(*c));
	c->target = c->outcome = -1;
	if (in->ntargets < 2 || n < 3 || !in->nreq)
		return;
	if (!(rq = malloc(in->nreq * sizeof(*rq))) || !(yy = malloc(n * sizeof(double))))
		goto out;
	for (i = 0; i < in->nreq; i++) {
		rq[i].t = in->req_t_ms[i];
		rq[i].target = in->req_target[i];
		rq[i].outcome = in->req_outcome[i];
	}
	qsort(rq, in->nreq, sizeof(*rq), by_time);
	for (i = 0; i < n; i++) {
		yy[i] = y[i] - base;
		sy += yy[i] * yy[i];
	}
	if (columns_of(rq, in->nreq, t_ms, n, in->ntargets, &cols) < 0)
		goto out;
	report_nnls(cols.x, yy, n, cols.k, beta);
	/* Each target's share of the fitted growth at the end. */
	for (int j = 0; j < cols.k; j++) {
		double v = beta[j] * cols.x[(n - 1) * (size_t)cols.k + (size_t)j];

		share[cols.target[j]] += v;
		total += v;
	}
	for (int t = 0; t < in->ntargets && t < 16; t++) {
		for (int j = 0; j < cols.k; j++)
			if (cols.target[j] == t) {
				present++;
				break;
			}
		if (w < 0 || share[t] > share[w])
			w = t;
	}
	if (present < 2 || total <= 0)
		goto out;
	/* The fit spreads the growth over several targets: both leak, or the
	 * mix kept their counts too close to tell. Either way, none named. */
	if (share[w] / total < 0.7) {
		c->ambiguous = 1;
		goto out;
	}
	/* Told apart only if no other target alone fits nearly as well: a
	 * mix whose counts rose in step explains the growth either way. */
	rb = target_alone(&cols, yy, n, w);
	for (int t = 0; t < in->ntargets && t < 16; t++)
		if (t != w) {
			double r = target_alone(&cols, yy, n, t);

			if (r < ro)
				ro = r;
		}
	if (ro <= 1.5 * rb + 1e-6 * sy) {
		c->ambiguous = 1;
		goto out;
	}
	c->target = w;
	c->share = share[w] / total;
	for (i = 0; i < in->nreq; i++)
		c->requests += rq[i].target == w;
	c->per_request = c->requests > 0 ? share[w] / c->requests : 0;
	/* The outcome it follows, when the target's requests ended in more
	 * than one way and one of them holds 80% of its share. */
	{
		int best = -1, outcomes = 0;

		for (int j = 0; j < cols.k; j++)
			if (cols.target[j] == w) {
				outcomes++;
				if (best < 0 || beta[j] * cols.x[(n - 1) * (size_t)cols.k + (size_t)j] >
						beta[best] * cols.x[(n - 1) * (size_t)cols.k + (size_t)best])
					best = j;
			}
		if (outcomes >= 2 && share[w] > 0 &&
		    beta[best] * cols.x[(n - 1) * (size_t)cols.k + (size_t)best] >= 0.8 * share[w]) {
			c->outcome = cols.outcome[best];
			c->per_request = beta[best];
			c->requests = 0;
			for (i = 0; i < in->nreq; i++)
				c->requests += rq[i].target == w && rq[i].outcome == c->outcome;
		}
	}
out:
	free(rq);
	free(yy);
	free(cols.x);
}
