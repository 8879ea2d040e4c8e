/* schedtrace.h - parse one line of GODEBUG=schedtrace output (pure, no I/O) */
#ifndef LEAKLAB_SCHEDTRACE_H
#define LEAKLAB_SCHEDTRACE_H

#include <stddef.h>
#include <stdint.h>

/* The runtime caps GOMAXPROCS at 1024 (_MaxGomaxprocs in Go's runtime2.go). */
#define SCHEDTRACE_MAX_P 1024

/* A value the line does not carry (needspinning before Go 1.21). Every
 * number the runtime prints is signed or fits in int64, so no printed value
 * can be this one. */
#define SCHEDTRACE_NONE INT64_MIN

enum schedtrace_kind {
	SCHEDTRACE_OTHER,    /* not a trace line: the program's own output */
	SCHEDTRACE_SUMMARY,  /* "SCHED 412ms: gomaxprocs=1 ..." */
	SCHEDTRACE_P,        /* scheddetail: "  P0: status=1 ... runqsize=3 ..." */
	SCHEDTRACE_M,        /* scheddetail: "  M0: p=0 curg=1 ..." */
	SCHEDTRACE_G         /* scheddetail: "  G1: status=4(chan receive) m=nil ..." */
};

enum schedtrace_err {
	SCHEDTRACE_OK = 0,
	SCHEDTRACE_EPREFIX,   /* the "SCHED <n>ms:" head is cut */
	SCHEDTRACE_EFIELD,    /* text that is not key=value (other output inside the line) */
	SCHEDTRACE_ENUMBER,   /* a value that should be a number is not */
	SCHEDTRACE_ERANGE,    /* a number outside int64 */
	SCHEDTRACE_EDUP,      /* the same field twice */
	SCHEDTRACE_EMISSING,  /* a field the runtime always prints is absent (a cut line) */
	SCHEDTRACE_EBRACKET,  /* a [ ... ] list or a (wait reason) is not closed */
	SCHEDTRACE_ETOOMANYP, /* more than SCHEDTRACE_MAX_P run queues */
	SCHEDTRACE_NERR
};

/*
 * The numbers of a summary line, by key, in trace.tsv's order: X(key,
 * since), since the Go 1.x that first prints it (0: every Go from 1.19).
 * A key every Go prints is required (a line without it was cut); a later
 * one is SCHEDTRACE_NONE where absent. A new number the runtime prints is
 * one row here: the summary's field, its parsing, its trace.tsv column and
 * the collector's copy of it all follow from this list.
 */
#define SCHEDTRACE_SUMMARY_NUMBERS(X) \
	X(gomaxprocs, 0) \
	X(idleprocs, 0) \
	X(threads, 0) \
	X(spinningthreads, 0) \
	X(needspinning, 21) \
	X(idlethreads, 0) \
	X(runqueue, 0)          /* the global run queue */

struct schedtrace_summary {
	int64_t uptime_ms;
#define SCHEDTRACE_FIELD_(key, since) int64_t key;
	SCHEDTRACE_SUMMARY_NUMBERS(SCHEDTRACE_FIELD_)
#undef SCHEDTRACE_FIELD_
	int detail;             /* 1: scheddetail form; P lines carry the queues */
	int nlocal;             /* local run queues in [ ... ]; 0 in detail form */
	int nticks;             /* schedticks=[ ... ] (Go >= 1.25); 0 when absent */
	int64_t local[SCHEDTRACE_MAX_P];
	int64_t ticks[SCHEDTRACE_MAX_P];
};

struct schedtrace_p {
	int64_t id;
	int64_t status;
	int64_t schedtick;
	int64_t runqsize;
};

/* G statuses that matter here (runtime2.go): _Gleaked (Go >= 1.26) is a
 * waiting goroutine the goroutineleak profile proved unreachable. */
#define SCHEDTRACE_G_LEAKED 10

struct schedtrace_g {
	int64_t id;
	int64_t status;        /* without the GC scan bit 0x1000 */
	const char *reason;    /* wait reason, points into the parsed line; may be empty */
	size_t reason_len;
};

struct schedtrace_line {
	enum schedtrace_kind kind;
	/* Where the trace text starts in the line: text before it is output
	 * the program wrote without a newline ("fragSCHED 5ms: ..."). */
	size_t start;
	/* Where a cut trace line starts, before a whole one on the same line
	 * ("SCHED 9ms: gomaxpSCHED 0ms: ..." from a process that died and was
	 * started again on the same file); (size_t)-1 when none. */
	size_t cut_at;
	union {
		struct schedtrace_summary sum;
		struct schedtrace_p p;
		struct schedtrace_g g;
		int64_t m_id;
	} u;
};

/*
 * Parse one line (without its newline; a trailing '\r' is ignored) into
 * *out. Fields are read by key, so every Go from 1.19 on parses, and
 * unknown key=value fields are skipped; the fields every version prints
 * must all be there, so a cut line is an error. A trace line may start
 * anywhere in the line (out->start): a summary after a fragment the program
 * wrote without a newline is still a summary.
 *
 * Returns SCHEDTRACE_OK with kind SCHEDTRACE_OTHER for a line that holds no
 * trace line (the program's output, "SCHEDULER: job 7"), SCHEDTRACE_OK with
 * another kind for a whole trace line, or an error with the kind of the
 * damaged trace line that starts at out->start. P, M and G lines are
 * recognised by their shape alone: the caller knows whether a detailed
 * block is open. No allocation, no I/O.
 */
enum schedtrace_err schedtrace_parse_line(const char *line, size_t len,
					  struct schedtrace_line *out);

/*
 * Is this line, which holds no trace line of its own, the rest of a trace
 * line that other output cut in two ("rocs=0 threads=5 ... runqueue=2 [3]",
 * "eceive) m=nil lockedm=nil")? It is when it holds a field name that only
 * the runtime's trace lines carry (idlethreads=, runqsize=, lockedm=, ...),
 * as a word of its own. Returns SCHEDTRACE_SUMMARY for the rest of a
 * summary (a new summary began: its head was lost), SCHEDTRACE_G for the
 * rest of a P, M or G line, 0 for no tail. Pure.
 */
int schedtrace_is_tail(const char *line, size_t len);

/* A static, human sentence for an error code. */
const char *schedtrace_strerror(enum schedtrace_err err);

#endif
