/* tracefile.c - the one module that knows trace.tsv's and waits.tsv's columns */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracefile.h"
#include "tsv.h"

/* The named columns, in the table's order: the fixed group, then the
 * detail group (written when the shape has G states). t_ms is the one
 * double, with microseconds; the rest are counts. */
enum col_group { FIXED, DETAIL };

static const struct trace_col {
	const char *name;
	size_t off;               /* in struct trace_row */
	enum col_group group;
} cols[] = {
	{ "t_ms", offsetof(struct trace_row, t_ms), FIXED },
	{ "uptime_ms", offsetof(struct trace_row, uptime_ms), FIXED },
#define COL_(key, since) { #key, offsetof(struct trace_row, key), FIXED },
	SCHEDTRACE_SUMMARY_NUMBERS(COL_)
#undef COL_
	{ "local_sum", offsetof(struct trace_row, local_sum), FIXED },
	{ "queued", offsetof(struct trace_row, queued), FIXED },
	{ "g_runnable", offsetof(struct trace_row, g_runnable), DETAIL },
	{ "g_running", offsetof(struct trace_row, g_running), DETAIL },
	{ "g_syscall", offsetof(struct trace_row, g_syscall), DETAIL },
	{ "g_waiting", offsetof(struct trace_row, g_waiting), DETAIL },
	{ "g_leaked", offsetof(struct trace_row, g_leaked), DETAIL },
};

#define NCOLS (sizeof(cols) / sizeof(cols[0]))
#define T_MS 0                    /* cols[T_MS] is the double */

static int64_t *count_of(struct trace_row *r, const struct trace_col *c)
{
	return (int64_t *)((char *)r + c->off);
}

static int64_t count_in(const struct trace_row *r, const struct trace_col *c)
{
	return *(const int64_t *)((const char *)r + c->off);
}

/* Columns of a group, for sizes. */
static int group_cols(enum col_group g)
{
	int n = 0;

	for (size_t i = 0; i < NCOLS; i++)
		n += cols[i].group == g;
	return n;
}

/* ---------------------------------------------------------------- numbers */

static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* A number in plain decimal; TRACE_NONE as '-'. Two digits a step: rows
 * are mostly numbers, and a division per digit shows in make bench. */
static char *put_int(char *p, int64_t v)
{
	char tmp[24], *t = tmp + sizeof(tmp);
	uint64_t u;
	size_t n;

	if (v == TRACE_NONE) {
		*p++ = '-';
		return p;
	}
	if (v >= 0 && v < 10) {
		*p++ = (char)('0' + v);
		return p;
	}
	if (v < 0) {
		*p++ = '-';
		u = (uint64_t)0 - (uint64_t)v;
	} else {
		u = (uint64_t)v;
	}
	while (u >= 100) {
		unsigned d = (unsigned)(u % 100) * 2;

		u /= 100;
		*--t = digit_pairs[d + 1];
		*--t = digit_pairs[d];
	}
	if (u >= 10) {
		*--t = digit_pairs[u * 2 + 1];
		*--t = digit_pairs[u * 2];
	} else {
		*--t = (char)('0' + u);
	}
	n = (size_t)(tmp + sizeof(tmp) - t);
	memcpy(p, t, n);
	return p + n;
}

/* Milliseconds with microsecond resolution, plain decimal. */
static char *put_ms(char *p, double ms)
{
	int64_t us;

	if (!(ms >= 0))
		ms = 0;
	if (ms > 9e15)
		ms = 9e15;
	us = (int64_t)(ms * 1000.0 + 0.5);
	p = put_int(p, us / 1000);
	*p++ = '.';
	*p++ = (char)('0' + (us / 100) % 10);
	*p++ = (char)('0' + (us / 10) % 10);
	*p++ = (char)('0' + us % 10);
	return p;
}

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/* ------------------------------------------------------------------ shape */

void trace_shape_fit(struct trace_shape *a, const struct trace_row *r)
{
	if (r->detail)
		a->detail = 1;
	if (r->np > a->np)
		a->np = r->np;
	if (r->nticks > 0)
		a->ticks = 1;
}

size_t trace_line_max(const struct trace_shape *sh)
{
	/* 21 characters hold any int64 and any column name here. */
	return (NCOLS + 2 * (size_t)sh->np) * 22 + 32;
}

size_t trace_format_header(const struct trace_shape *sh, char *buf)
{
	char *p = buf;
	size_t c;
	int i;

	for (c = 0; c < NCOLS; c++) {
		if (cols[c].group == DETAIL && !sh->detail)
			continue;
		if (c)
			*p++ = '\t';
		p = put_str(p, cols[c].name);
	}
	for (i = 0; i < sh->np; i++) {
		*p++ = '\t';
		*p++ = 'p';
		p = put_int(p, i);
	}
	if (sh->ticks)
		for (i = 0; i < sh->np; i++) {
			p = put_str(p, "\ttick");
			p = put_int(p, i);
		}
	*p++ = '\n';
	*p = '\0';
	return (size_t)(p - buf);
}

size_t trace_format_row(const struct trace_shape *sh, const struct trace_row *r, char *buf)
{
	char *p = buf;
	size_t c;
	int i;

	p = put_ms(p, r->t_ms);
	for (c = T_MS + 1; c < NCOLS; c++) {
		if (cols[c].group == DETAIL && !sh->detail)
			continue;
		*p++ = '\t';
		/* A row without G states in a table with them: '-' there. */
		p = put_int(p, cols[c].group == DETAIL && !r->detail ? TRACE_NONE : count_in(r, &cols[c]));
	}
	for (i = 0; i < sh->np; i++) {
		*p++ = '\t';
		p = put_int(p, i < r->np ? r->local[i] : TRACE_NONE);
	}
	if (sh->ticks)
		for (i = 0; i < sh->np; i++) {
			*p++ = '\t';
			p = put_int(p, i < r->nticks ? r->ticks[i] : TRACE_NONE);
		}
	*p++ = '\n';
	*p = '\0';
	return (size_t)(p - buf);
}

/* ---------------------------------------------------------------- rewrite */

/* Split line (no newline) at tabs into at most max fields; returns how many. */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;

	for (;;) {
		char *tab = strchr(line, '\t');

		if (n < max)
			f[n++] = line;
		if (!tab)
			return n;
		*tab = '\0';
		line = tab + 1;
	}
}

/* One row of shape from, as fields, into shape to. */
static int put_fields(FILE *out, char **f, int n, const struct trace_shape *from,
		      const struct trace_shape *to)
{
	int i, k = 0, base, nfixed = group_cols(FIXED), ndetail = group_cols(DETAIL);

#define CELL(s) (fputs(k++ ? "\t" : "", out) == EOF || fputs((s), out) == EOF)
	for (i = 0; i < nfixed; i++)
		if (CELL(i < n ? f[i] : "-"))
			return -1;
	base = nfixed;
	if (to->detail)
		for (i = 0; i < ndetail; i++)
			if (CELL(from->detail && base + i < n ? f[base + i] : "-"))
				return -1;
	base += from->detail ? ndetail : 0;
	for (i = 0; i < to->np; i++)
		if (CELL(i < from->np && base + i < n ? f[base + i] : "-"))
			return -1;
	base += from->np;
	if (to->ticks)
		for (i = 0; i < to->np; i++)
			if (CELL(from->ticks && i < from->np && base + i < n ? f[base + i] : "-"))
				return -1;
#undef CELL
	return fputc('\n', out) == EOF ? -1 : 0;
}

/* Rewrite path through a line function: each line (without its newline,
 * the header first) is written by put, which may write nothing. The
 * caller's stream f then appends to the new file. Returns 0, or -1 with
 * errno set (the old file is then left as it was). */
static int rewrite(const char *path, FILE *f, int (*put)(FILE *out, char *line, int first, void *ud), void *ud)
{
	size_t plen = strlen(path), cap = 0;
	char *tmp = malloc(plen + 8), *line = NULL;
	FILE *in = NULL, *out = NULL;
	int fd = -1, e, first = 1;
	ssize_t n;

	if (!tmp) {
		errno = ENOMEM;
		goto fail;
	}
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp", 5);
	if (fflush(f) != 0 || !(in = fopen(path, "r")) || !(out = fopen(tmp, "w")))
		goto fail;
	while ((n = getline(&line, &cap, in)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (put(out, line, first, ud) < 0)
			goto fail;
		first = 0;
	}
	if (ferror(in))
		goto fail;
	fclose(in);
	in = NULL;
	if (fclose(out) != 0) {
		out = NULL;
		goto fail;
	}
	out = NULL;
	/* Keep the caller's stream: its descriptor now names the new file. */
	if ((fd = open(tmp, O_WRONLY | O_APPEND | O_CLOEXEC)) < 0 || rename(tmp, path) != 0)
		goto fail;
	if (dup2(fd, fileno(f)) < 0)
		goto fail;
	close(fd);
	free(tmp);
	free(line);
	return 0;
fail:
	e = errno ? errno : EIO;
	if (in)
		fclose(in);
	if (out)
		fclose(out);
	if (fd >= 0)
		close(fd);
	if (tmp)
		unlink(tmp);
	free(tmp);
	free(line);
	errno = e;
	return -1;
}

struct widen {
	const struct trace_shape *from, *to;
	char *head, **fields;
	int maxf;
};

static int widen_line(FILE *out, char *line, int first, void *ud)
{
	struct widen *w = ud;

	if (first) {
		/* The old header is replaced, whatever it said. */
		size_t hn = trace_format_header(w->to, w->head);

		return fwrite(w->head, 1, hn, out) == hn ? 0 : -1;
	}
	return put_fields(out, w->fields, split_tabs(line, w->fields, w->maxf), w->from, w->to);
}

int trace_rewrite(const char *path, FILE *f, const struct trace_shape *from,
		  const struct trace_shape *to)
{
	struct widen w = { from, to, malloc(trace_line_max(to)), NULL, (int)NCOLS + 2 * (from->np + 1) };
	int rc = -1;

	if (w.head && (w.fields = malloc((size_t)w.maxf * sizeof(*w.fields))))
		rc = rewrite(path, f, widen_line, &w);
	else
		errno = ENOMEM;
	free(w.head);
	free(w.fields);
	return rc;
}

struct keep_runtime {
	double start, tol;
};

static int filter_line(FILE *out, char *line, int first, void *ud)
{
	const struct keep_runtime *k = ud;
	char *end;
	double t, up;

	if (!first) {
		t = strtod(line, &end);
		up = *end == '\t' ? strtod(end + 1, NULL) : 0;
		if (fabs(t - up - k->start) > k->tol)
			return 0;
	}
	return fputs(line, out) == EOF || fputc('\n', out) == EOF ? -1 : 0;
}

int trace_filter(const char *path, FILE *f, double keep_start, double tol)
{
	struct keep_runtime k = { keep_start, tol };

	return rewrite(path, f, filter_line, &k);
}

/* ---------------------------------------------------------------- reading */

struct trace_reader {
	struct tsv *t;
	struct trace_shape shape;
	int col[NCOLS];           /* where each of cols[] is in the file; -1 */
	int *pcol, *tcol;
	int64_t *local, *ticks;
};

static int64_t cell(const struct tsv *t, int col)
{
	const char *s = tsv_str(t, col);
	char *end;
	long long v;

	if (col < 0 || !*s || (s[0] == '-' && s[1] == '\0'))
		return TRACE_NONE;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || (*end && *end != '.'))
		return TRACE_NONE;
	return (int64_t)v;
}

struct trace_reader *trace_open(const char *path)
{
	struct trace_reader *tr = calloc(1, sizeof(*tr));
	char name[32];
	int i;

	if (!tr)
		return NULL;
	if (!(tr->t = tsv_open(path))) {
		free(tr);
		return NULL;
	}
	for (size_t c = 0; c < NCOLS; c++) {
		tr->col[c] = tsv_col(tr->t, cols[c].name);
		/* Older run directories have g_runnable..g_waiting without
		 * g_leaked: any column of the group makes it detailed. */
		if (cols[c].group == DETAIL && tr->col[c] >= 0)
			tr->shape.detail = 1;
	}
	for (i = 0; i < SCHEDTRACE_MAX_P; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		if (tsv_col(tr->t, name) < 0)
			break;
	}
	tr->shape.np = i;
	tr->shape.ticks = tsv_col(tr->t, "tick0") >= 0;
	tr->pcol = calloc((size_t)tr->shape.np + 1, sizeof(int));
	tr->tcol = calloc((size_t)tr->shape.np + 1, sizeof(int));
	tr->local = calloc((size_t)tr->shape.np + 1, sizeof(int64_t));
	tr->ticks = calloc((size_t)tr->shape.np + 1, sizeof(int64_t));
	if (!tr->pcol || !tr->tcol || !tr->local || !tr->ticks) {
		trace_close(tr);
		errno = ENOMEM;
		return NULL;
	}
	for (i = 0; i < tr->shape.np; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		tr->pcol[i] = tsv_col(tr->t, name);
		snprintf(name, sizeof(name), "tick%d", i);
		tr->tcol[i] = tsv_col(tr->t, name);
	}
	return tr;
}

const struct trace_shape *trace_reader_shape(const struct trace_reader *tr)
{
	return &tr->shape;
}

int trace_next(struct trace_reader *tr, struct trace_row *r)
{
	int i;

	if (!tsv_next(tr->t))
		return 0;
	memset(r, 0, sizeof(*r));
	r->t_ms = tsv_num(tr->t, tr->col[T_MS]);
	for (size_t c = T_MS + 1; c < NCOLS; c++)
		if (cols[c].group == FIXED || tr->shape.detail)
			*count_of(r, &cols[c]) = cell(tr->t, tr->col[c]);
	r->detail = tr->shape.detail && r->g_waiting != TRACE_NONE;
	for (i = 0; i < tr->shape.np; i++) {
		tr->local[i] = cell(tr->t, tr->pcol[i]);
		tr->ticks[i] = tr->shape.ticks ? cell(tr->t, tr->tcol[i]) : TRACE_NONE;
	}
	r->np = tr->shape.np;
	r->local = tr->local;
	r->nticks = tr->shape.ticks ? tr->shape.np : 0;
	r->ticks = tr->ticks;
	return 1;
}

void trace_close(struct trace_reader *tr)
{
	if (!tr)
		return;
	tsv_close(tr->t);
	free(tr->pcol);
	free(tr->tcol);
	free(tr->local);
	free(tr->ticks);
	free(tr);
}

/* ---------------------------------------------------------------- waits */

size_t trace_format_wait(double t_ms, int64_t uptime_ms, const char *reason, size_t len,
			 int64_t count, char *buf)
{
	char *p = buf;
	size_t i;

	p = put_ms(p, t_ms);
	*p++ = '\t';
	p = put_int(p, uptime_ms);
	*p++ = '\t';
	for (i = 0; i < len; i++)
		*p++ = reason[i] == '\t' || reason[i] == '\n' || reason[i] == '\r' ? ' ' : reason[i];
	*p++ = '\t';
	p = put_int(p, count);
	*p++ = '\n';
	*p = '\0';
	return (size_t)(p - buf);
}

int trace_waits_each(const char *path, void (*fn)(void *ud, const struct trace_wait *w), void *ud)
{
	struct tsv *t = tsv_open(path);
	int ct, cu, cr, cc;

	if (!t)
		return -1;
	ct = tsv_col(t, "t_ms");
	cu = tsv_col(t, "uptime_ms");
	cr = tsv_col(t, "reason");
	cc = tsv_col(t, "count");
	while (ct >= 0 && cr >= 0 && cc >= 0 && tsv_next(t)) {
		struct trace_wait w;

		w.t_ms = tsv_num(t, ct);
		w.uptime_ms = cell(t, cu);
		w.reason = tsv_str(t, cr);
		w.count = cell(t, cc);
		if (!isnan(w.t_ms) && w.count != TRACE_NONE)
			fn(ud, &w);
	}
	tsv_close(t);
	return 0;
}
