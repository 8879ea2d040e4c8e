/* tracefile.h - trace.tsv and waits.tsv: their columns, rows, rewriting and reading */
#ifndef LEAKLAB_TRACEFILE_H
#define LEAKLAB_TRACEFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "schedtrace.h"

/* A value the row does not have; written as '-'. */
#define TRACE_NONE SCHEDTRACE_NONE

/*
 * trace.tsv, one row per scheduler sample:
 *
 *   the fixed group: t_ms uptime_ms, the summary's numbers (gomaxprocs
 *     idleprocs threads spinningthreads needspinning idlethreads runqueue,
 *     schedtrace.h's list), local_sum queued
 *   [the detail group: g_runnable g_running g_syscall g_waiting g_leaked]
 *   p0 p1 ... p<N-1>                                       local run queues
 *   [tick0 tick1 ... tick<N-1>]                            schedticks
 *
 * The named columns of both groups are one table (trace_cols, in
 * tracefile.c): a new column is a field here and a row there. The
 * optional groups and N make the table's shape; a shape only grows
 * (GOMAXPROCS rises, a crash dump brings G states, a Go 1.25+ trace brings
 * ticks), and a file is rewritten when it does, so every row has every
 * column of the header ('-' where a row has no value).
 */
struct trace_row {
	double t_ms;              /* receive time, ms on the caller's clock */
	int64_t uptime_ms;
#define TRACE_FIELD_(key, since) int64_t key;
	SCHEDTRACE_SUMMARY_NUMBERS(TRACE_FIELD_)
#undef TRACE_FIELD_
	int64_t local_sum, queued;
	int detail;               /* from a detailed block: g_* columns (TRACE_NONE: unknown) */
	int64_t g_runnable, g_running, g_syscall, g_waiting, g_leaked; /* g_waiting includes g_leaked */
	int np;                   /* entries of local[] (TRACE_NONE: unknown) */
	const int64_t *local;
	int nticks;               /* entries of ticks[]: 0 or np */
	const int64_t *ticks;
};

struct trace_shape {
	int detail;               /* g_* columns */
	int np;                   /* p0.. columns */
	int ticks;                /* tick0.. columns, as many as p columns */
};


/* The smallest shape that holds both a and r's columns. */
void trace_shape_fit(struct trace_shape *a, const struct trace_row *r);

/* Bytes a header or a row of this shape may take, newline and NUL included. */
size_t trace_line_max(const struct trace_shape *sh);

/* The header line (with its newline) into buf, which holds trace_line_max();
 * returns its length. */
size_t trace_format_header(const struct trace_shape *sh, char *buf);

/* One row in shape sh (which must hold the row: see trace_shape_fit) into
 * buf; returns its length. Pure. */
size_t trace_format_row(const struct trace_shape *sh, const struct trace_row *r, char *buf);

/*
 * Rewrite the trace.tsv at path, whose header and rows have shape from,
 * into shape to (which holds from), and point f, the stream the caller
 * appends with, at the new file. Returns 0, or -1 with errno set (the old
 * file is then left as it was).
 */
int trace_rewrite(const char *path, FILE *f, const struct trace_shape *from,
		  const struct trace_shape *to);

/*
 * Rewrite a table whose rows begin with t_ms and uptime_ms (trace.tsv,
 * waits.tsv) keeping its header and the rows of the runtime that started
 * at keep_start (|t_ms - uptime_ms - keep_start| <= tol), and point f at
 * the new file. Returns 0, or -1 with errno set (the old file is kept).
 */
int trace_filter(const char *path, FILE *f, double keep_start, double tol);

/* ----------------------------------------------------------- reading */

/* An open trace.tsv, read by column names. */
struct trace_reader;

/* Open path. NULL with errno set when it cannot be read. */
struct trace_reader *trace_open(const char *path);

/* The shape its header declares. */
const struct trace_shape *trace_reader_shape(const struct trace_reader *tr);

/* The next row into *r (its arrays belong to tr, valid until the next
 * call). Returns 1, or 0 at the end. */
int trace_next(struct trace_reader *tr, struct trace_row *r);

/* Close; NULL is a no-op. */
void trace_close(struct trace_reader *tr);

/* ------------------------------------------------------------ waits.tsv */

/* waits.tsv: waiting goroutines of a detailed sample by wait reason, rows
 * named by the sample's t_ms and uptime_ms. */
#define TRACE_WAITS_HEADER "t_ms\tuptime_ms\treason\tcount\n"

/* One waits.tsv row into buf (room: len + 64); tabs and newlines in the
 * reason become spaces. Returns its length. */
size_t trace_format_wait(double t_ms, int64_t uptime_ms, const char *reason, size_t len,
			 int64_t count, char *buf);

struct trace_wait {
	double t_ms;
	int64_t uptime_ms;        /* TRACE_NONE when absent */
	const char *reason;       /* valid during the call */
	int64_t count;
};

/* Call fn for each row of the waits.tsv at path, in order. Returns 0, or
 * -1 with errno set when it cannot be read. */
int trace_waits_each(const char *path, void (*fn)(void *ud, const struct trace_wait *w), void *ud);

#endif
