/* collector.c - schedtrace stream -> samples, trace.tsv, waits.tsv */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collector.h"
#include "schedtrace.h"

#define MAX_REASONS 128
#define REASON_MAX 64
#define MAX_SERIES 4
/* Two runtimes' starts closer than this cannot be told apart by when
 * their lines came. */
#define SERIES_APART_MS 2.0

struct reason {
	char name[REASON_MAX];
	size_t len;
	int64_t count;
};

/*
 * G states as the execution tracer sees them (goStatusToTraceGoStatus in
 * runtime/tracestatus.go): running includes _Gcopystack (8); waiting
 * includes _Gpreempted (9) and _Gleaked (10, Go >= 1.26: a waiting
 * goroutine the goroutineleak profile proved unreachable); 0 (idle), 6
 * (dead), 11 (dead, extra M) and the unused 5 and 7 are not goroutines
 * that live.
 */
enum gstate { G_NONE, G_RUNNABLE, G_RUNNING, G_SYSCALL, G_WAITING };

static enum gstate g_state(int64_t status)
{
	switch (status) {
	case 1: return G_RUNNABLE;
	case 2: case 8: return G_RUNNING;
	case 3: return G_SYSCALL;
	case 4: case 9: case SCHEDTRACE_G_LEAKED: return G_WAITING;
	default: return G_NONE;
	}
}

/* A detailed block: its summary, then P, M and G lines. */
struct block {
	int open;
	double t;              /* when its summary came */
	double last_t;         /* when its latest line came */
	struct trace_row head; /* the summary's numbers */
	int np;
	int64_t local[SCHEDTRACE_MAX_P];
	int64_t ticks[SCHEDTRACE_MAX_P];
	int64_t g[5];          /* by enum gstate */
	int64_t leaked;
	struct reason reasons[MAX_REASONS];
	int nreasons;
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
	struct block b;

	/* What this process's summaries carry: once one had schedticks (Go
	 * >= 1.25) or needspinning (>= 1.21), one without was cut short. A
	 * smaller uptime is another process: forget. */
	int seen_ticks, seen_needspinning;
	int64_t last_uptime;

	/* The runtimes whose samples come, told apart by when each started
	 * (receive time less uptime) and by their uptimes only growing. */
	struct series {
		double start;          /* receive time less uptime: when it started */
		int64_t last;          /* its last uptime */
		uint64_t n;
	} series[MAX_SERIES];
	int nseries;
	int keep;                  /* the series written, once they mix; -1 all */
	int64_t prev_uptime;       /* the last sample's, any series */

	struct trace_shape shape;
	int header_done;
	int waits_header_done;
	int dirty;             /* rows written since the last flush */
	size_t row_cap;
	char *row;
};

struct collector *collector_new(const struct collector_opts *opts)
{
	struct collector *c = calloc(1, sizeof(*c));
	struct trace_shape widest = { 1, SCHEDTRACE_MAX_P, 1 };

	if (!c)
		return NULL;
	c->o = *opts;
	c->keep = -1;
	c->prev_uptime = -1;
	c->o.raw_name = opts->raw_name ? opts->raw_name : "raw";
	c->o.trace_name = opts->trace_name ? opts->trace_name : "trace";
	c->o.waits_name = opts->waits_name ? opts->waits_name : "waits";
	c->o.tee_name = opts->tee_name ? opts->tee_name : "tee";
	c->row_cap = trace_line_max(&widest);
	if (c->row_cap < REASON_MAX + 64)
		c->row_cap = REASON_MAX + 64;
	if (!(c->row = malloc(c->row_cap))) {
		free(c);
		return NULL;
	}
	return c;
}

void collector_free(struct collector *c)
{
	if (!c)
		return;
	free(c->row);
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

/* Rows reach their files as their samples complete: tail -f works, and a
 * signal or a crash of ours loses nothing that was whole. */
static int flush_outputs(struct collector *c)
{
	if (!c->dirty)
		return 0;
	c->dirty = 0;
	if (c->o.trace && fflush(c->o.trace) != 0) {
		c->failed = c->failed ? c->failed : c->o.trace_name;
		return -1;
	}
	if (c->o.waits && fflush(c->o.waits) != 0) {
		c->failed = c->failed ? c->failed : c->o.waits_name;
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- output */

static int write_header(struct collector *c)
{
	size_t n = trace_format_header(&c->shape, c->row);

	c->header_done = 1;
	return write_out(c, c->o.trace, c->o.trace_name, c->row, n);
}

/* Make the table wide enough for r, rewriting what is written so far. */
static int fit_shape(struct collector *c, const struct trace_row *r)
{
	struct trace_shape old = c->shape;

	trace_shape_fit(&c->shape, r);
	if (!c->header_done || memcmp(&old, &c->shape, sizeof(old)) == 0)
		return 0;
	if (!c->o.trace_path) {
		c->st.stale_header = 1;
		return 0;
	}
	if (trace_rewrite(c->o.trace_path, c->o.trace, &old, &c->shape) < 0) {
		c->failed = c->failed ? c->failed : c->o.trace_name;
		return -1;
	}
	c->st.rewrites++;
	return 0;
}

/* Which runtime a sample is of: the series started closest to when its
 * uptime says it started, among those whose uptime it continues; a new one
 * when none does. Returns its index, or -1 (more than MAX_SERIES). */
static int series_of(struct collector *c, const struct trace_row *r)
{
	double start = r->t_ms - (double)r->uptime_ms;
	int best = -1;

	for (int i = 0; i < c->nseries; i++) {
		struct series *s = &c->series[i];

		if (r->uptime_ms <= s->last)
			continue;
		if (best < 0 || fabs(start - s->start) < fabs(start - c->series[best].start))
			best = i;
	}
	if (best < 0 && c->nseries < MAX_SERIES) {
		best = c->nseries++;
		c->series[best].start = start;
		c->series[best].n = 0;
	}
	if (best >= 0) {
		c->series[best].last = r->uptime_ms;
		c->series[best].n++;
	}
	return best;
}

/* Keep only rows whose start is near keep_start: the other runtimes'
 * rows already written go (trace.tsv and waits.tsv both begin with t_ms
 * and uptime_ms). */
static int drop_others(struct collector *c, double keep_start, double tol)
{
	if (c->o.trace && c->o.trace_path && trace_filter(c->o.trace_path, c->o.trace, keep_start, tol) < 0) {
		c->failed = c->failed ? c->failed : c->o.trace_name;
		return -1;
	}
	if (c->o.waits && c->o.waits_path && trace_filter(c->o.waits_path, c->o.waits, keep_start, tol) < 0) {
		c->failed = c->failed ? c->failed : c->o.waits_name;
		return -1;
	}
	return 0;
}

/*
 * Does this sample go into the tables? Samples of one runtime always do.
 * When a second runtime's samples interleave with the first's (a sample
 * of an older series comes after a newer series began), the runtimes mix:
 * with live receive times and starts far enough apart, the one started
 * last (the program, not the wrapper or the go command before it) is kept
 * and the others' rows are taken out; else all stay, and the stats say so.
 * Returns 1 to write it, 0 not to, -1 when a rewrite failed.
 */
static int keep_sample(struct collector *c, const struct trace_row *r)
{
	int64_t prev = c->prev_uptime;
	int s;

	if (r->uptime_ms < 0 || r->uptime_ms == TRACE_NONE)
		return 1;
	if (c->prev_uptime >= 0 && r->uptime_ms < c->prev_uptime) {
		if (!c->st.backward) {
			c->st.back_from = c->prev_uptime;
			c->st.back_to = r->uptime_ms;
		}
		c->st.backward++;
	}
	c->prev_uptime = r->uptime_ms;
	if ((s = series_of(c, r)) < 0)
		return 1;
	c->st.runtimes = c->nseries;
	/* Interleaved: an older series goes on after a newer one began (one
	 * runtime's uptimes only rise: a new series is a restart, and the old
	 * one then stays silent); or, where the receive times tell nothing (a
	 * file read at once), the uptimes went back more than once. */
	if (!c->st.mixed && c->nseries > 1 && (s < c->nseries - 1 || c->st.backward >= 2)) {
		int last = c->nseries - 1;
		double gap = c->series[last].start - c->series[last - 1].start;

		c->st.mixed = 1;
		if (!c->st.backward) {
			c->st.back_from = prev;
			c->st.back_to = r->uptime_ms;
		}
		if (c->o.separate_runtimes && gap > SERIES_APART_MS) {
			c->keep = last;
			c->st.separated = 1;
			for (int i = 0; i < last; i++)
				c->st.dropped += c->series[i].n - (i == s);
			if (drop_others(c, c->series[last].start, gap / 2) < 0)
				return -1;
		}
	}
	if (c->keep >= 0 && s != c->keep) {
		c->st.dropped++;
		return 0;
	}
	return 1;
}

static int emit(struct collector *c, const struct trace_row *r)
{
	size_t n;
	int keep;

	if ((keep = keep_sample(c, r)) <= 0)
		return keep;
	c->st.samples++;
	if (r->detail && r->g_waiting != TRACE_NONE)
		c->st.detail_samples++;
	if (r->np > c->st.max_p)
		c->st.max_p = r->np;
	if (c->o.on_sample)
		c->o.on_sample(c->o.ud, r);
	if (!c->o.trace)
		return 0;
	if (fit_shape(c, r) < 0)
		return -1;
	if (!c->header_done && write_header(c) < 0)
		return -1;
	n = trace_format_row(&c->shape, r, c->row);
	c->dirty = 1;
	return write_out(c, c->o.trace, c->o.trace_name, c->row, n) < 0 ? -1 : 1;
}

/* ------------------------------------------------------------- samples */

static void fill_head(struct trace_row *r, const struct schedtrace_summary *s, double t)
{
	memset(r, 0, sizeof(*r));
	r->t_ms = t;
	r->uptime_ms = s->uptime_ms;
#define COPY_(key, since) r->key = s->key;
	SCHEDTRACE_SUMMARY_NUMBERS(COPY_)
#undef COPY_
	r->local_sum = r->queued = TRACE_NONE;
	r->g_runnable = r->g_running = r->g_syscall = r->g_waiting = r->g_leaked = TRACE_NONE;
}

static int emit_summary(struct collector *c, const struct schedtrace_summary *s, double t)
{
	struct trace_row r;
	int64_t sum = 0;
	int i;

	fill_head(&r, s, t);
	for (i = 0; i < s->nlocal; i++)
		sum += s->local[i];
	r.local_sum = sum;
	r.queued = s->runqueue + sum;
	r.np = s->nlocal;
	r.local = s->local;
	r.nticks = s->nticks;
	r.ticks = s->ticks;
	return emit(c, &r) < 0 ? -1 : 0;
}

static void open_block(struct collector *c, const struct schedtrace_summary *s, double t)
{
	struct block *b = &c->b;
	int i;

	b->open = 1;
	b->t = b->last_t = t;
	fill_head(&b->head, s, t);
	b->np = (int)(s->gomaxprocs < 0 ? 0 : s->gomaxprocs < SCHEDTRACE_MAX_P ? s->gomaxprocs : SCHEDTRACE_MAX_P);
	for (i = 0; i < b->np; i++)
		b->local[i] = b->ticks[i] = TRACE_NONE;
	memset(b->g, 0, sizeof(b->g));
	b->leaked = 0;
	for (i = 0; i < b->nreasons; i++)
		b->reasons[i].count = 0;
}

static int write_waits(struct collector *c, const struct block *b)
{
	int i;

	if (!c->o.waits)
		return 0;
	if (!c->waits_header_done) {
		c->waits_header_done = 1;
		if (write_out(c, c->o.waits, c->o.waits_name, TRACE_WAITS_HEADER, strlen(TRACE_WAITS_HEADER)) < 0)
			return -1;
	}
	for (i = 0; i < b->nreasons; i++) {
		const struct reason *re = &b->reasons[i];
		size_t n;

		if (!re->count)
			continue;
		n = trace_format_wait(b->t, b->head.uptime_ms, re->name, re->len, re->count, c->row);
		if (write_out(c, c->o.waits, c->o.waits_name, c->row, n) < 0)
			return -1;
		c->dirty = 1;
	}
	return 0;
}

static int flush_block(struct collector *c)
{
	struct block *b = &c->b;
	struct trace_row r = b->head;
	int64_t sum = 0;
	int i, complete = 1;

	if (!b->open)
		return 0;
	b->open = 0;
	for (i = 0; i < b->np; i++) {
		if (b->local[i] == TRACE_NONE)
			complete = 0;
		else
			sum += b->local[i];
	}
	/* A P line lost to other output leaves the sum unknown, not short. */
	r.local_sum = complete ? sum : TRACE_NONE;
	r.queued = complete ? b->head.runqueue + sum : TRACE_NONE;
	r.np = b->np;
	r.local = b->local;
	r.nticks = b->np;
	r.ticks = b->ticks;
	/* What its whole G lines say; a cut one is never guessed at. */
	r.detail = 1;
	r.g_runnable = b->g[G_RUNNABLE];
	r.g_running = b->g[G_RUNNING];
	r.g_syscall = b->g[G_SYSCALL];
	r.g_waiting = b->g[G_WAITING];
	r.g_leaked = b->leaked;
	switch (emit(c, &r)) {
	case -1: return -1;
	case 0: return 0;     /* another runtime's block: its waits go too */
	default: return write_waits(c, b);
	}
}

static void count_reason(struct block *b, const char *r, size_t len)
{
	int i;

	if (len == 0) {
		r = "(none)";
		len = 6;
	}
	if (len >= REASON_MAX)
		len = REASON_MAX - 1;
	for (i = 0; i < b->nreasons; i++)
		if (b->reasons[i].len == len && memcmp(b->reasons[i].name, r, len) == 0) {
			b->reasons[i].count++;
			return;
		}
	if (b->nreasons == MAX_REASONS) {
		/* More distinct reasons than the runtime has: keep the count. */
		r = "(other)";
		len = 7;
		for (i = 0; i < b->nreasons; i++)
			if (b->reasons[i].len == len && memcmp(b->reasons[i].name, r, len) == 0) {
				b->reasons[i].count++;
				return;
			}
		i = MAX_REASONS - 1;
		b->reasons[i].count = 0;
	} else {
		b->nreasons++;
	}
	memcpy(b->reasons[i].name, r, len);
	b->reasons[i].len = len;
	b->reasons[i].count = 1;
}

static void block_line(struct block *b, const struct schedtrace_line *pl, double t)
{
	b->last_t = t;
	if (pl->kind == SCHEDTRACE_P) {
		if (pl->u.p.id >= 0 && pl->u.p.id < b->np) {
			b->local[pl->u.p.id] = pl->u.p.runqsize;
			b->ticks[pl->u.p.id] = pl->u.p.schedtick;
		}
	} else if (pl->kind == SCHEDTRACE_G) {
		enum gstate s = g_state(pl->u.g.status);

		b->g[s]++;
		if (pl->u.g.status == SCHEDTRACE_G_LEAKED)
			b->leaked++;
		if (s == G_WAITING)
			count_reason(b, pl->u.g.reason, pl->u.g.reason_len);
	}
}

/* ---------------------------------------------------------------- lines */

/* " ", "  ", "  G", "  P", "  M": how a P, M or G line starts, cut short. */
static int is_head_start(const char *line, size_t len)
{
	return (len == 1 && line[0] == ' ') || (len == 2 && line[0] == ' ' && line[1] == ' ') ||
	       (len == 3 && line[0] == ' ' && line[1] == ' ' && strchr("PMG", line[2]));
}

static int tee(struct collector *c, const char *buf, size_t n)
{
	if (n)
		c->st.tee_mid_line = buf[n - 1] != '\n';
	return write_out(c, c->o.tee, c->o.tee_name, buf, n);
}

static int short_summary(struct collector *c, const struct schedtrace_summary *s)
{
	if (s->uptime_ms < c->last_uptime)
		c->seen_ticks = c->seen_needspinning = 0;
	c->last_uptime = s->uptime_ms;
	if (s->needspinning != SCHEDTRACE_NONE)
		c->seen_needspinning = 1;
	else if (c->seen_needspinning)
		return 1;
	if (s->detail)
		return 0;
	if (s->nticks > 0)
		c->seen_ticks = 1;
	else if (c->seen_ticks)
		return 1;
	return 0;
}

/* One line, without its newline (has_newline says whether it had one).
 * Returns 0, or -1 when writing failed. */
static int handle_line(struct collector *c, const char *line, size_t len, double t, int has_newline)
{
	struct schedtrace_line *pl = &c->parsed;
	enum schedtrace_err err;
	size_t before;

	c->st.lines++;
	err = schedtrace_parse_line(line, len, pl);

	if (pl->kind == SCHEDTRACE_OTHER) {
		/* The rest of a trace line that other output cut in two is
		 * trace too: counted, not passed on. The rest of a summary
		 * means a new one began: the block before it is over. */
		int tail = schedtrace_is_tail(line, len);

		if (tail) {
			c->st.malformed++;
			return tail == SCHEDTRACE_SUMMARY ? flush_block(c) : 0;
		}
		c->st.other_lines++;
		if (tee(c, line, len) < 0 || (has_newline && tee(c, "\n", 1) < 0))
			return -1;
		return 0;
	}

	/* Text before the trace line is the program's, without its newline:
	 * the newline that ends this line is the runtime's. */
	before = pl->cut_at != (size_t)-1 ? pl->cut_at : pl->start;
	if (before > 0 && tee(c, line, before) < 0)
		return -1;
	if (pl->cut_at != (size_t)-1)
		c->st.malformed++;

	if (err) {
		c->st.malformed++;
		if (pl->kind == SCHEDTRACE_SUMMARY) {
			/* Whatever it was, a new summary ended the block; the
			 * P, M and G lines after a damaged one are orphans. */
			return flush_block(c);
		}
		return 0;
	}
	switch (pl->kind) {
	case SCHEDTRACE_SUMMARY:
		if (flush_block(c) < 0)
			return -1;
		if (short_summary(c, &pl->u.sum)) {
			/* "... runqueue=0 [ 0 0 ]" then the program's newline, then
			 * " schedticks=[ 5 6 ]": looks whole, is not. */
			c->st.malformed++;
			return 0;
		}
		if (pl->u.sum.detail) {
			open_block(c, &pl->u.sum, t);
			return 0;
		}
		return emit_summary(c, &pl->u.sum, t);
	default:
		if (c->b.open)
			block_line(&c->b, pl, t);
		else
			c->st.orphan_lines++;
		return 0;
	}
}

int collector_feed(struct collector *c, const char *buf, size_t len, double now_ms)
{
	const char *p = buf, *end = buf + len;

	c->st.bytes += len;
	if (write_out(c, c->o.raw, c->o.raw_name, buf, len) < 0)
		return -1;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (c->overflow) {
			/* Still inside an over-long line: pass it on or drop it. */
			if (!c->overflow_sched && tee(c, p, n) < 0)
				return -1;
			if (nl) {
				c->st.lines++;
				if (c->overflow_sched)
					c->st.malformed++;
				else
					c->st.other_lines++;
				if (!c->overflow_sched && tee(c, "\n", 1) < 0)
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
			c->overflow_sched = memcmp(c->line, "SCHED", 5) == 0;
			if (!c->overflow_sched && tee(c, c->line, COLLECTOR_LINE_MAX) < 0)
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
	if (c->o.tee && fflush(c->o.tee) != 0) {
		c->failed = c->failed ? c->failed : c->o.tee_name;
		return -1;
	}
	return flush_outputs(c);
}

double collector_deadline(const struct collector *c)
{
	return c->b.open ? c->b.last_t + COLLECTOR_BLOCK_IDLE_MS : INFINITY;
}

int collector_tick(struct collector *c, double now_ms)
{
	if (c->b.open && now_ms >= collector_deadline(c) && flush_block(c) < 0)
		return -1;
	return flush_outputs(c);
}

int collector_finish(struct collector *c, double now_ms)
{
	(void)now_ms; /* the end of input completes the last block, whenever */
	if (c->len > 0 && !c->overflow) {
		/* A last line without its newline: the runtime writes the
		 * newline on its own, so a trace line without one was cut, even
		 * one that looks whole. What precedes it is the program's. */
		struct schedtrace_line *pl = &c->parsed;
		size_t before;

		c->st.lines++;
		schedtrace_parse_line(c->line, c->len, pl);
		if (pl->kind != SCHEDTRACE_OTHER) {
			before = pl->cut_at != (size_t)-1 ? pl->cut_at : pl->start;
			if (before > 0 && tee(c, c->line, before) < 0)
				return -1;
			c->st.malformed++;
		} else if (c->b.open && is_head_start(c->line, c->len)) {
			c->st.malformed++; /* "  G": a P, M or G line cut after its first write */
		} else if (schedtrace_is_tail(c->line, c->len)) {
			c->st.malformed++;
		} else {
			c->st.other_lines++;
			if (tee(c, c->line, c->len) < 0)
				return -1;
		}
		c->len = 0;
	} else if (c->overflow) {
		c->st.lines++;
		if (c->overflow_sched)
			c->st.malformed++;
		else
			c->st.other_lines++;
		c->overflow = 0;
	}
	if (flush_block(c) < 0)
		return -1;
	if (c->o.trace && !c->header_done && write_header(c) < 0)
		return -1;
	if (c->o.waits && !c->waits_header_done) {
		c->waits_header_done = 1;
		if (write_out(c, c->o.waits, c->o.waits_name, TRACE_WAITS_HEADER, strlen(TRACE_WAITS_HEADER)) < 0)
			return -1;
	}
	c->dirty = 1;
	if (c->o.tee && fflush(c->o.tee) != 0) {
		c->failed = c->failed ? c->failed : c->o.tee_name;
		return -1;
	}
	return flush_outputs(c);
}
