/* schedtrace.h - parse one line of GODEBUG=schedtrace output (pure, no I/O) */
#ifndef LEAKLAB_SCHEDTRACE_H
#define LEAKLAB_SCHEDTRACE_H

#include <stddef.h>
#include <stdint.h>

/* The runtime caps GOMAXPROCS at 1024 (_MaxGomaxprocs in Go's runtime2.go). */
#define SCHEDTRACE_MAX_P 1024

enum schedtrace_kind {
	SCHEDTRACE_OTHER,    /* not a trace line: application output */
	SCHEDTRACE_SUMMARY,  /* "SCHED 412ms: gomaxprocs=1 ..." */
	SCHEDTRACE_P,        /* scheddetail: "  P0: status=1 ... runqsize=3 ..." */
	SCHEDTRACE_M,        /* scheddetail: "  M0: p=0 curg=1 ..." */
	SCHEDTRACE_G         /* scheddetail: "  G1: status=4(chan receive) m=nil ..." */
};

enum schedtrace_err {
	SCHEDTRACE_OK = 0,
	SCHEDTRACE_EPREFIX,   /* starts like a trace line but the "SCHED Nms:" head is broken */
	SCHEDTRACE_EFIELD,    /* text that is not key=value (interleaved output?) */
	SCHEDTRACE_ENUMBER,   /* a value that should be a number is not */
	SCHEDTRACE_ERANGE,    /* a number past 2^63-1 */
	SCHEDTRACE_EDUP,      /* the same field twice */
	SCHEDTRACE_EMISSING,  /* a required field is absent (a cut line?) */
	SCHEDTRACE_EBRACKET,  /* a [ ... ] list is not closed */
	SCHEDTRACE_ETOOMANYP, /* more than SCHEDTRACE_MAX_P run queues */
	SCHEDTRACE_NERR
};

struct schedtrace_summary {
	int64_t uptime_ms;
	int64_t gomaxprocs;
	int64_t idleprocs;
	int64_t threads;
	int64_t spinningthreads;
	int64_t needspinning;   /* -1: absent (Go <= 1.20) */
	int64_t idlethreads;
	int64_t runqueue;       /* the global run queue */
	int detail;             /* 1: scheddetail=1 form; the P lines carry the queues */
	int nlocal;             /* local run queues listed in [ ... ]; 0 in detail form */
	int64_t local[SCHEDTRACE_MAX_P];
};

struct schedtrace_p {
	int64_t id;
	int64_t status;
	int64_t runqsize;
};

struct schedtrace_g {
	int64_t id;
	int64_t status;        /* without the GC scan bit: 1 runnable, 2 running, 3 syscall, 4 waiting */
	const char *reason;    /* wait reason, points into the parsed line; may be empty */
	size_t reason_len;
};

struct schedtrace_line {
	enum schedtrace_kind kind;
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
 * unknown key=value fields are skipped. A line that is not a trace line at
 * all gives SCHEDTRACE_OK with kind SCHEDTRACE_OTHER. P, M and G lines are
 * recognised by their shape alone: the caller knows whether a detailed
 * block is open. On error, *out is unspecified. No allocation, no I/O.
 */
enum schedtrace_err schedtrace_parse_line(const char *line, size_t len,
					  struct schedtrace_line *out);

/* A static, human sentence for an error code. */
const char *schedtrace_strerror(enum schedtrace_err err);

#endif
