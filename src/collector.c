/* collector.c - schedtrace stream -> samples, trace.tsv, waits.tsv */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collector.h"
#include "schedtrace.h"

#define MAX_REASONS 128
#define REASON_MAX 64

struct reason {
	char name[REASON_MAX];
	size_t len;
	int64_t count;
};

struct collector {
	struct collector_opts o;
	struct collector_stats st;
	const char *failed;

	char line[COLLECTOR_LINE_MAX];
	size_t len;
	int overflow;          /* the current line passed COLLECTOR_LINE_MAX */
	int overflow_sched;    /* ... and it was a SCHED line */

	struct schedtrace_line parsed;

	/* A scheddetail block: its summary, then P and G lines, until the next
	 * SCHED line or the end. */
	int pending;
	double pending_t;
	struct schedtrace_summary psum;
	int64_t plocal[SCHEDTRACE_MAX_P];
	int64_t g[5];          /* by status 1..4 */
	struct reason reasons[MAX_REASONS];
	int nreasons;

	int header_done;
	int header_detail;
	int header_np;

	char row[32 * (SCHEDTRACE_MAX_P + 24)];
};

struct collector *collector_new(const struct collector_opts *opts)
{
	struct collector *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->o = *opts;
	return c;
}

void collector_free(struct collector *c)
{
	free(c);
}

void collector_get_stats(const struct collector *c, struct collector_stats *st)
{
	*st = c->st;
}

const char *collector_failed_file(const struct collector *c)
{
	return c->failed;
}

static int write_out(struct collector *c, FILE *f, const char *which, const void *buf, size_t n)
{
	if (!f || n == 0)
		return 0;
	if (fwrite(buf, 1, n, f) != n) {
		if (!c->failed)
			c->failed = which;
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- output */

static char *put_int(char *p, int64_t v)
{
	char tmp[24];
	int n = 0;
	uint64_t u;

	if (v < 0) {
		*p++ = '-'; /* absent */
		return p;
	}
	u = (uint64_t)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* Milliseconds with microsecond resolution, plain decimal. */
static char *put_ms(char *p, double ms)
{
	int64_t us;

	if (ms < 0)
		ms = 0;
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

static const char *const fixed_cols[COLLECTOR_TRACE_FIXED_COLS] = {
	"t_ms", "uptime_ms", "gomaxprocs", "idleprocs", "threads", "spinningthreads",
	"needspinning", "idlethreads", "runqueue", "local_sum", "queued"
};
static const char *const detail_cols[COLLECTOR_TRACE_DETAIL_COLS] = {
	"g_runnable", "g_running", "g_syscall", "g_waiting"
};

/* Build the header line for the given shape into buf; returns its length. */
static size_t header_text(char *buf, int detail, int np)
{
	char *p = buf;
	int i;

	for (i = 0; i < COLLECTOR_TRACE_FIXED_COLS; i++) {
		if (i)
			*p++ = '\t';
		p = put_str(p, fixed_cols[i]);
	}
	if (detail)
		for (i = 0; i < COLLECTOR_TRACE_DETAIL_COLS; i++) {
			*p++ = '\t';
			p = put_str(p, detail_cols[i]);
		}
	for (i = 0; i < np; i++) {
		*p++ = '\t';
		*p++ = 'p';
		p = put_int(p, i);
	}
	*p++ = '\n';
	return (size_t)(p - buf);
}

static int write_header(struct collector *c, int detail, int np)
{
	size_t n;

	c->header_done = 1;
	c->header_detail = detail;
	c->header_np = np;
	if (c->o.waits && detail &&
	    write_out(c, c->o.waits, "waits", "t_ms\treason\tcount\n", 18) < 0)
		return -1;
	n = header_text(c->row, detail, np);
	return write_out(c, c->o.trace, "trace", c->row, n);
}

static int emit(struct collector *c, struct collector_sample *s)
{
	char *p = c->row;
	int i, width;

	c->st.samples++;
	if (s->detail)
		c->st.detail_samples++;
	if (s->np > c->st.max_p)
		c->st.max_p = s->np;
	if (c->o.on_sample)
		c->o.on_sample(c->o.ud, s);
	if (!c->o.trace)
		return 0;

	if (!c->header_done && write_header(c, s->detail, s->np) < 0)
		return -1;
	if (s->np > c->header_np)
		c->st.widened = 1;

	p = put_ms(p, s->t_ms);
	*p++ = '\t'; p = put_int(p, s->uptime_ms);
	*p++ = '\t'; p = put_int(p, s->gomaxprocs);
	*p++ = '\t'; p = put_int(p, s->idleprocs);
	*p++ = '\t'; p = put_int(p, s->threads);
	*p++ = '\t'; p = put_int(p, s->spinningthreads);
	*p++ = '\t'; p = put_int(p, s->needspinning);
	*p++ = '\t'; p = put_int(p, s->idlethreads);
	*p++ = '\t'; p = put_int(p, s->runqueue);
	*p++ = '\t'; p = put_int(p, s->local_sum);
	*p++ = '\t'; p = put_int(p, s->queued);
	if (c->header_detail) {
		*p++ = '\t'; p = put_int(p, s->detail ? s->g_runnable : -1);
		*p++ = '\t'; p = put_int(p, s->detail ? s->g_running : -1);
		*p++ = '\t'; p = put_int(p, s->detail ? s->g_syscall : -1);
		*p++ = '\t'; p = put_int(p, s->detail ? s->g_waiting : -1);
	}
	/* Pad to the header's width; a wider row is fixed at finish. */
	width = s->np > c->header_np ? s->np : c->header_np;
	for (i = 0; i < width; i++) {
		*p++ = '\t';
		p = put_int(p, i < s->np ? s->local[i] : -1);
	}
	*p++ = '\n';
	return write_out(c, c->o.trace, "trace", c->row, (size_t)(p - c->row));
}

/* ------------------------------------------------------------- samples */

static void fill_common(struct collector_sample *s, const struct schedtrace_summary *sum, double t)
{
	memset(s, 0, sizeof(*s));
	s->t_ms = t;
	s->uptime_ms = sum->uptime_ms;
	s->gomaxprocs = sum->gomaxprocs;
	s->idleprocs = sum->idleprocs;
	s->threads = sum->threads;
	s->spinningthreads = sum->spinningthreads;
	s->needspinning = sum->needspinning;
	s->idlethreads = sum->idlethreads;
	s->runqueue = sum->runqueue;
	s->g_runnable = s->g_running = s->g_syscall = s->g_waiting = -1;
}

static int emit_summary(struct collector *c, const struct schedtrace_summary *sum, double t)
{
	struct collector_sample s;
	int64_t local_sum = 0;
	int i;

	fill_common(&s, sum, t);
	for (i = 0; i < sum->nlocal; i++)
		local_sum += sum->local[i];
	s.local_sum = local_sum;
	s.queued = sum->runqueue + local_sum;
	s.np = sum->nlocal;
	s.local = sum->local;
	return emit(c, &s);
}

static int flush_pending(struct collector *c)
{
	struct collector_sample s;
	int64_t local_sum = 0;
	int i, complete = 1, np;

	if (!c->pending)
		return 0;
	c->pending = 0;
	np = (int)(c->psum.gomaxprocs < SCHEDTRACE_MAX_P ? c->psum.gomaxprocs : SCHEDTRACE_MAX_P);
	for (i = 0; i < np; i++) {
		if (c->plocal[i] < 0)
			complete = 0;
		else
			local_sum += c->plocal[i];
	}
	fill_common(&s, &c->psum, c->pending_t);
	s.detail = 1;
	/* A P line lost to interleaved output leaves the sum unknown, not 0. */
	s.local_sum = complete ? local_sum : -1;
	s.queued = complete ? c->psum.runqueue + local_sum : -1;
	s.g_runnable = c->g[1];
	s.g_running = c->g[2];
	s.g_syscall = c->g[3];
	s.g_waiting = c->g[4];
	s.np = np;
	s.local = c->plocal;
	if (emit(c, &s) < 0)
		return -1;

	if (c->o.waits && c->header_detail) {
		for (i = 0; i < c->nreasons; i++) {
			char *p = c->row;

			if (!c->reasons[i].count)
				continue;
			p = put_ms(p, s.t_ms);
			*p++ = '\t';
			memcpy(p, c->reasons[i].name, c->reasons[i].len);
			p += c->reasons[i].len;
			*p++ = '\t';
			p = put_int(p, c->reasons[i].count);
			*p++ = '\n';
			if (write_out(c, c->o.waits, "waits", c->row, (size_t)(p - c->row)) < 0)
				return -1;
		}
	}
	return 0;
}

static void open_pending(struct collector *c, const struct schedtrace_summary *sum, double t)
{
	int i;

	c->pending = 1;
	c->pending_t = t;
	c->psum = *sum;
	for (i = 0; i < SCHEDTRACE_MAX_P; i++)
		c->plocal[i] = -1;
	memset(c->g, 0, sizeof(c->g));
	for (i = 0; i < c->nreasons; i++)
		c->reasons[i].count = 0;
}

static void count_reason(struct collector *c, const char *r, size_t len)
{
	int i;

	if (len == 0) {
		r = "(none)";
		len = 6;
	}
	if (len >= REASON_MAX)
		len = REASON_MAX - 1;
	for (i = 0; i < c->nreasons; i++)
		if (c->reasons[i].len == len && memcmp(c->reasons[i].name, r, len) == 0) {
			c->reasons[i].count++;
			return;
		}
	if (c->nreasons == MAX_REASONS)
		return;
	memcpy(c->reasons[i].name, r, len);
	/* Tabs would break the table. */
	for (size_t k = 0; k < len; k++)
		if (c->reasons[i].name[k] == '\t')
			c->reasons[i].name[k] = ' ';
	c->reasons[i].len = len;
	c->reasons[i].count = 1;
	c->nreasons++;
}

/* ---------------------------------------------------------------- lines */

static int is_sched_start(const char *line, size_t len)
{
	return len >= 5 && memcmp(line, "SCHED", 5) == 0;
}

static int other_line(struct collector *c, const char *line, size_t len, int has_newline)
{
	c->st.other_lines++;
	if (write_out(c, c->o.tee, "tee", line, len) < 0)
		return -1;
	return has_newline ? write_out(c, c->o.tee, "tee", "\n", 1) : 0;
}

static int handle_line(struct collector *c, const char *line, size_t len, double t, int has_newline)
{
	struct schedtrace_line *pl = &c->parsed;
	enum schedtrace_err err;

	c->st.lines++;
	err = schedtrace_parse_line(line, len, pl);

	if (pl->kind == SCHEDTRACE_SUMMARY) {
		if (flush_pending(c) < 0)
			return -1;
		if (err) {
			c->st.malformed++;
			return 0;
		}
		if (pl->u.sum.detail) {
			open_pending(c, &pl->u.sum, t);
			return 0;
		}
		return emit_summary(c, &pl->u.sum, t);
	}
	if (pl->kind != SCHEDTRACE_OTHER && c->pending) {
		if (err) {
			c->st.malformed++;
			return 0;
		}
		if (pl->kind == SCHEDTRACE_P) {
			if (pl->u.p.id < SCHEDTRACE_MAX_P)
				c->plocal[pl->u.p.id] = pl->u.p.runqsize;
		} else if (pl->kind == SCHEDTRACE_G) {
			int64_t st = pl->u.g.status;

			if (st >= 1 && st <= 4)
				c->g[st]++;
			if (st == 4)
				count_reason(c, pl->u.g.reason, pl->u.g.reason_len);
		}
		return 0;
	}
	return other_line(c, line, len, has_newline);
}

int collector_feed(struct collector *c, const char *buf, size_t len, double now_ms)
{
	const char *p = buf, *end = buf + len;

	c->st.bytes += len;
	if (write_out(c, c->o.raw, "raw", buf, len) < 0)
		return -1;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (c->overflow) {
			/* Still inside an over-long line: pass it on or drop it. */
			if (!c->overflow_sched && write_out(c, c->o.tee, "tee", p, n) < 0)
				return -1;
			if (nl) {
				c->st.lines++;
				if (c->overflow_sched)
					c->st.malformed++;
				else
					c->st.other_lines++;
				if (!c->overflow_sched && write_out(c, c->o.tee, "tee", "\n", 1) < 0)
					return -1;
				c->overflow = 0;
			}
			p += n + (nl != NULL);
			continue;
		}
		if (nl && c->len == 0) {
			/* The common case: a whole line inside buf, no copy. */
			if (handle_line(c, p, n, now_ms, 1) < 0)
				return -1;
			p = nl + 1;
			continue;
		}
		if (c->len + n > COLLECTOR_LINE_MAX) {
			size_t room = COLLECTOR_LINE_MAX - c->len;

			memcpy(c->line + c->len, p, room);
			c->overflow = 1;
			c->overflow_sched = is_sched_start(c->line, COLLECTOR_LINE_MAX);
			if (!c->overflow_sched &&
			    write_out(c, c->o.tee, "tee", c->line, COLLECTOR_LINE_MAX) < 0)
				return -1;
			c->len = 0;
			p += room;
			continue;
		}
		memcpy(c->line + c->len, p, n);
		c->len += n;
		if (!nl)
			break;
		if (handle_line(c, c->line, c->len, now_ms, 1) < 0)
			return -1;
		c->len = 0;
		p = nl + 1;
	}
	return 0;
}

/* Rewrite trace_path with a header wide enough for every row. */
static int widen(struct collector *c)
{
	char tmp_path[4096];
	FILE *in = NULL, *out = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int first = 1, cols = COLLECTOR_TRACE_FIXED_COLS +
		(c->header_detail ? COLLECTOR_TRACE_DETAIL_COLS : 0) + c->st.max_p;

	if (fflush(c->o.trace) != 0)
		goto fail;
	if (snprintf(tmp_path, sizeof(tmp_path), "%s.tmp", c->o.trace_path) >= (int)sizeof(tmp_path))
		goto fail;
	if (!(in = fopen(c->o.trace_path, "r")) || !(out = fopen(tmp_path, "w")))
		goto fail;
	while ((n = getline(&line, &cap, in)) > 0) {
		int have = 1;

		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (first) {
			size_t hn = header_text(c->row, c->header_detail, c->st.max_p);

			first = 0;
			if (fwrite(c->row, 1, hn, out) != hn)
				goto fail;
			continue;
		}
		for (ssize_t i = 0; i < n; i++)
			have += line[i] == '\t';
		if (fputs(line, out) == EOF)
			goto fail;
		for (; have < cols; have++)
			if (fputs("\t-", out) == EOF)
				goto fail;
		if (fputc('\n', out) == EOF)
			goto fail;
	}
	free(line);
	line = NULL;
	fclose(in);
	in = NULL;
	if (fclose(out) != 0) {
		out = NULL;
		goto fail;
	}
	out = NULL;
	if (rename(tmp_path, c->o.trace_path) != 0)
		goto fail;
	c->st.widened = 0;
	return 0;
fail:
	free(line);
	if (in)
		fclose(in);
	if (out)
		fclose(out);
	c->failed = "trace";
	return -1;
}

int collector_finish(struct collector *c, double now_ms)
{
	if (c->len > 0 && !c->overflow) {
		/* A last line without newline: a dying process, or a file
		 * without a final newline. Parsed as it is; cut lines fail. */
		if (handle_line(c, c->line, c->len, now_ms, 0) < 0)
			return -1;
		c->len = 0;
	} else if (c->overflow) {
		c->st.lines++;
		if (c->overflow_sched)
			c->st.malformed++;
		c->overflow = 0;
	}
	if (c->pending) {
		/* A detailed block cut before all its P lines is not a sample. */
		int np = (int)(c->psum.gomaxprocs < SCHEDTRACE_MAX_P ? c->psum.gomaxprocs : SCHEDTRACE_MAX_P);
		int i, complete = 1;

		for (i = 0; i < np; i++)
			if (c->plocal[i] < 0)
				complete = 0;
		if (complete) {
			if (flush_pending(c) < 0)
				return -1;
		} else {
			c->pending = 0;
			c->st.malformed++;
		}
	}
	if (c->o.trace && !c->header_done && write_header(c, 0, 0) < 0)
		return -1;
	if (c->o.trace && fflush(c->o.trace) != 0) {
		c->failed = "trace";
		return -1;
	}
	if (c->st.widened && c->o.trace_path && widen(c) < 0)
		return -1;
	return 0;
}
