/* collector.h - turn a schedtrace byte stream into trace.tsv rows, live */
#ifndef LEAKLAB_COLLECTOR_H
#define LEAKLAB_COLLECTOR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Longest line kept whole; longer lines are malformed (SCHED) or passed
 * through in pieces (anything else), so memory stays constant. */
#define COLLECTOR_LINE_MAX (64 * 1024)

/* One scheduler snapshot. Values are -1 where the source lacks them. */
struct collector_sample {
	double t_ms;              /* receive time, from the caller's clock */
	int64_t uptime_ms;
	int64_t gomaxprocs;
	int64_t idleprocs;
	int64_t threads;
	int64_t spinningthreads;
	int64_t needspinning;
	int64_t idlethreads;
	int64_t runqueue;
	int64_t local_sum;
	int64_t queued;           /* runqueue + local_sum */
	int detail;
	int64_t g_runnable, g_running, g_syscall, g_waiting;
	int np;                   /* how many entries local[] has */
	const int64_t *local;     /* valid only during the callback */
};

struct collector_stats {
	uint64_t bytes;
	uint64_t lines;
	uint64_t samples;
	uint64_t detail_samples;
	uint64_t malformed;
	uint64_t other_lines;     /* application output */
	int max_p;                /* widest P count seen */
	int widened;              /* P count grew after the header was written */
};

struct collector_opts {
	FILE *raw;                /* every byte, untouched; or NULL */
	FILE *trace;              /* trace.tsv; or NULL */
	const char *trace_path;   /* the file behind trace, for widening; or NULL */
	FILE *waits;              /* waits.tsv (scheddetail); or NULL */
	FILE *tee;                /* lines that are not trace lines; or NULL */
	void (*on_sample)(void *ud, const struct collector_sample *s);
	void *ud;
};

/* A new collector. The FILEs stay the caller's. NULL when out of memory. */
struct collector *collector_new(const struct collector_opts *opts);

/* Free a collector; NULL is a no-op. Call collector_finish() first. */
void collector_free(struct collector *c);

/*
 * Feed the next len bytes of the stream, received at now_ms. Lines may be
 * split anywhere across calls. Returns 0, or -1 when writing an output
 * failed (errno tells why; collector_failed_file() says which).
 */
int collector_feed(struct collector *c, const char *buf, size_t len, double now_ms);

/*
 * End of stream: parse a last line without newline, emit a pending detailed
 * sample, write the header if no sample came, and when GOMAXPROCS grew after
 * the header was written, rewrite trace_path so that every row has a column
 * for the widest P count (absent Ps are '-'). Returns 0 or -1 as feed does.
 */
int collector_finish(struct collector *c, double now_ms);

/* Counts so far. */
void collector_get_stats(const struct collector *c, struct collector_stats *st);

/* "raw", "trace" or "waits" after a failed write; NULL otherwise. */
const char *collector_failed_file(const struct collector *c);

/* The first cells of trace.tsv's header, before the optional detail cells
 * and the per-P cells p0 p1 ... */
#define COLLECTOR_TRACE_FIXED_COLS 11
#define COLLECTOR_TRACE_DETAIL_COLS 4

#endif
