/* collector.h - turn a schedtrace byte stream into trace.tsv rows, live */
#ifndef LEAKLAB_COLLECTOR_H
#define LEAKLAB_COLLECTOR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tracefile.h"

/* Longest line kept whole; longer lines are malformed (SCHED) or passed
 * through in pieces (anything else), so memory stays constant. */
#define COLLECTOR_LINE_MAX (64 * 1024)

/* A detailed block (a scheddetail dump, or the one a crash prints) has no
 * end mark: it is a sample once the next summary comes, the input ends, or
 * no line of it has come for this long (see collector_tick). */
#define COLLECTOR_BLOCK_IDLE_MS 100.0

struct collector_stats {
	uint64_t bytes;
	uint64_t lines;
	uint64_t samples;
	uint64_t detail_samples;  /* samples with G states */
	uint64_t malformed;       /* trace lines cut or damaged by other output or by death */
	uint64_t other_lines;     /* the program's own lines */
	uint64_t orphan_lines;    /* whole P/M/G lines outside any detailed block */
	int max_p;                /* widest P count seen */
	int rewrites;             /* times trace.tsv was rewritten for a wider shape */
	int stale_header;         /* the shape grew on an output that cannot be rewritten */
	int tee_mid_line;         /* the last byte passed to tee was not a newline */
	/* More than one Go runtime writing its schedtrace to this stream (a
	 * wrapper, a child that inherits GODEBUG): their uptimes interleave. */
	int runtimes;             /* series of samples seen (1 for one program) */
	int mixed;                /* two of them interleave (uptimes go back) */
	int separated;            /* ... and the one started last is kept alone */
	uint64_t dropped;         /* samples of the other runtimes, not in trace.tsv */
	uint64_t backward;        /* samples whose uptime is below the one before */
	int64_t back_from, back_to;/* the first such pair of uptimes, for the message */
};

struct collector_opts {
	FILE *raw;                /* every byte, untouched; or NULL */
	FILE *trace;              /* trace.tsv; or NULL */
	const char *trace_path;   /* the regular file behind trace, so it can be
				   * rewritten when the shape grows; or NULL */
	FILE *waits;              /* waits.tsv; or NULL */
	FILE *tee;                /* every byte that is not trace, in order; or NULL */
	/* Times are when each line came (a live stream): two runtimes on one
	 * stream can then be told apart by when they started, and only the
	 * one started last (the program, not its wrapper) is kept in trace.tsv
	 * and waits.tsv (rewritten when they mix; raw keeps every byte). */
	int separate_runtimes;
	const char *waits_path;   /* the regular file behind waits, for that rewrite; or NULL */
	/* How to name each output when a write to it fails (the caller's
	 * file names); NULL: "raw", "trace", "waits", "tee". */
	const char *raw_name, *trace_name, *waits_name, *tee_name;
	void (*on_sample)(void *ud, const struct trace_row *s);
	void *ud;
};

/* A new collector. The FILEs stay the caller's. NULL when out of memory. */
struct collector *collector_new(const struct collector_opts *opts);

/* Free a collector; NULL is a no-op. Call collector_finish() first. */
void collector_free(struct collector *c);

/*
 * Feed the next len bytes of the stream, received at now_ms. Lines may be
 * split anywhere across calls. Rows of the samples this completes reach
 * their files (flushed) before it returns. Returns 0, or -1 when writing
 * an output failed (errno tells why; collector_failed_file() says which).
 */
int collector_feed(struct collector *c, const char *buf, size_t len, double now_ms);

/* When collector_tick() has work (a detailed block gone quiet), on the
 * caller's clock; INFINITY when it has none. */
double collector_deadline(const struct collector *c);

/* Emit a detailed block that has been quiet for COLLECTOR_BLOCK_IDLE_MS by
 * now_ms. Returns 0 or -1 as feed does. */
int collector_tick(struct collector *c, double now_ms);

/*
 * End of stream: parse a last line without newline, emit a pending
 * detailed block, and write the header if no sample came. Returns 0 or -1
 * as feed does.
 */
int collector_finish(struct collector *c, double now_ms);

/* Counts so far. */
void collector_get_stats(const struct collector *c, struct collector_stats *st);

/* The name (collector_opts) of the output a write failed to; NULL when
 * none did. */
const char *collector_failed_file(const struct collector *c);

#endif
