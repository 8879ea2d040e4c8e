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

#define MAX_COLS 4

/* Read dir/name (cols found by name) into *rows: row() turns the current
 * row into one item of size sz, or says to skip it (0). Returns 0, or -1
 * when out of memory. A table that is not there is no rows. */
static int read_rows(const char *dir, const char *name, const char *const *cols, int ncols, size_t sz,
		     int (*row)(const struct tsv *t, const int *col, void *item), void **rows, size_t *n)
{
	char path[4200];
	struct tsv *t;
	int col[MAX_COLS];
	_Alignas(max_align_t) char item[64];

	*rows = NULL;
	*n = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(t = tsv_open(path)))
		return 0;
	for (int i = 0; i < ncols && i < MAX_COLS; i++)
		col[i] = tsv_col(t, cols[i]);
	while (tsv_next(t)) {
		if (!row(t, col, item))
			continue;
		if (grow(rows, *n, sz) < 0) {
			tsv_close(t);
			return -1;
		}
		memcpy((char *)*rows + *n * sz, item, sz);
		(*n)++;
	}
	tsv_close(t);
	return 0;
}

static int probe_row(const struct tsv *t, const int *col, void *item)
{
	struct pollfile_probe *r = item;
	double st = tsv_num(t, col[2]);

	r->t_ms = tsv_num(t, col[0]);
	r->latency_ms = tsv_num(t, col[1]);
	r->status = isnan(st) ? 0 : (long)st;
	return !isnan(r->t_ms);
}

int pollfile_read_probes(const char *dir, struct pollfile_probe **rows, size_t *n)
{
	static const char *const cols[] = { "t_ms", "latency_ms", "status" };

	_Static_assert(sizeof(struct pollfile_probe) <= 64, "an item fits read_rows' buffer");
	return read_rows(dir, "probe.tsv", cols, 3, sizeof(**rows), probe_row, (void **)rows, n);
}

static int goroutines_row(const struct tsv *t, const int *col, void *item)
{
	struct pollfile_goroutines *r = item;

	r->t_ms = tsv_num(t, col[0]);
	r->total = tsv_num(t, col[1]);
	r->idle_conns = tsv_num(t, col[2]);
	return !isnan(r->t_ms) && !isnan(r->total);
}

int pollfile_read_goroutines(const char *dir, struct pollfile_goroutines **rows, size_t *n)
{
	static const char *const cols[] = { "t_ms", "total", "idle_conns" };

	_Static_assert(sizeof(struct pollfile_goroutines) <= 64, "an item fits read_rows' buffer");
	return read_rows(dir, "goroutines.tsv", cols, 3, sizeof(**rows), goroutines_row, (void **)rows, n);
}
