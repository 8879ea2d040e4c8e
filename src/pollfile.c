/* pollfile.c - the one module that knows probe.tsv's and goroutines.tsv's columns */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pollfile.h"
#include "tsv.h"

/* A cell: the number in fmt, or '-' for one the source does not have. */
static const char *cell(double v, const char *fmt, char *buf, size_t len)
{
	if (isnan(v))
		return "-";
	snprintf(buf, len, fmt, v);
	return buf;
}

/* What snprintf wrote of a row into len bytes (0 when there was no room). */
static size_t written(int n, size_t len)
{
	return n < 0 || len == 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

size_t pollfile_probe_row(const struct pollfile_probe *r, char *buf, size_t len)
{
	char a[40], b[40];

	return written(snprintf(buf, len, "%s\t%s\t%ld\n", cell(r->t_ms, "%.3f", a, sizeof(a)),
				cell(r->latency_ms, "%.3f", b, sizeof(b)), r->status), len);
}

size_t pollfile_goroutines_row(const struct pollfile_goroutines *r, char *buf, size_t len)
{
	char a[40], b[40], c[40];

	return written(snprintf(buf, len, "%s\t%s\t%s\n", cell(r->t_ms, "%.3f", a, sizeof(a)),
				cell(r->total, "%.0f", b, sizeof(b)), cell(r->idle_conns, "%.0f", c, sizeof(c))), len);
}

/* Grow *a (of *n items of size sz) when *n is a power of two. */
static int grow(void **a, size_t n, size_t sz)
{
	void *b;

	if (n && (n & (n - 1)))
		return 0;
	if (!(b = realloc(*a, (n ? 2 * n : 64) * sz)))
		return -1;
	*a = b;
	return 0;
}

static struct tsv *open_table(const char *dir, const char *name)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return tsv_open(path);
}

int pollfile_read_probes(const char *dir, struct pollfile_probe **rows, size_t *n)
{
	struct tsv *t = open_table(dir, "probe.tsv");
	int ct, cl, cs;

	*rows = NULL;
	*n = 0;
	if (!t)
		return 0;
	ct = tsv_col(t, "t_ms");
	cl = tsv_col(t, "latency_ms");
	cs = tsv_col(t, "status");
	while (tsv_next(t)) {
		struct pollfile_probe r = { tsv_num(t, ct), tsv_num(t, cl), 0 };
		double st = tsv_num(t, cs);

		if (isnan(r.t_ms))
			continue;
		r.status = isnan(st) ? 0 : (long)st;
		if (grow((void **)rows, *n, sizeof(**rows)) < 0) {
			tsv_close(t);
			return -1;
		}
		(*rows)[(*n)++] = r;
	}
	tsv_close(t);
	return 0;
}

int pollfile_read_goroutines(const char *dir, struct pollfile_goroutines **rows, size_t *n)
{
	struct tsv *t = open_table(dir, "goroutines.tsv");
	int ct, cg, ci;

	*rows = NULL;
	*n = 0;
	if (!t)
		return 0;
	ct = tsv_col(t, "t_ms");
	cg = tsv_col(t, "total");
	ci = tsv_col(t, "idle_conns");
	while (tsv_next(t)) {
		struct pollfile_goroutines r = { tsv_num(t, ct), tsv_num(t, cg), tsv_num(t, ci) };

		if (isnan(r.t_ms) || isnan(r.total))
			continue;
		if (grow((void **)rows, *n, sizeof(**rows)) < 0) {
			tsv_close(t);
			return -1;
		}
		(*rows)[(*n)++] = r;
	}
	tsv_close(t);
	return 0;
}
