/* reqfile.h - requests.tsv: one row per load request, written and read here */
#ifndef LEAKLAB_REQFILE_H
#define LEAKLAB_REQFILE_H

#include <stddef.h>
#include <stdint.h>

/* latency_ms is from the scheduled time (what a client feels), service_ms
 * from the actual send; times are ms on the run's clock, '-' when a
 * request never left. */
#define REQFILE_HEADER "seq\tt_sched_ms\tt_start_ms\tt_end_ms\tlatency_ms\tservice_ms\tstatus\toutcome\ttarget\terror\n"

enum reqfile_outcome {
	REQ_OK,        /* a 2xx answer */
	REQ_HTTP,      /* another status */
	REQ_TIMEOUT,   /* the client's time-out ended it: the client gave up */
	REQ_ERROR,     /* no answer: refused, reset, ... */
	REQ_DROPPED,   /* never sent: the concurrency cap was reached */
	REQ_ABORTED,   /* still in flight when the run stopped */
	REQ_NOUTCOMES
};

struct reqfile_row {
	uint64_t seq;
	double t_sched_ms;
	double t_start_ms;          /* NAN when never sent */
	double t_end_ms;            /* NAN when never sent */
	long status;                /* HTTP status, 0 when none */
	enum reqfile_outcome outcome;
	const char *target;         /* "GET /leak"; may be NULL */
	const char *error;          /* libcurl's words, or NULL */
};

/* "ok", "http", "timeout", "error", "dropped", "aborted". */
const char *reqfile_outcome_name(enum reqfile_outcome o);

/* The smallest buffer reqfile_format writes a row into. */
#define REQFILE_ROW_MIN 256

/* One row into buf (always NUL-terminated, whole: a long target or error
 * is cut; tabs and newlines in text become spaces). Returns its length;
 * 0, with buf "", when len is under REQFILE_ROW_MIN or the numbers alone
 * would not leave room for the rest of the row. */
size_t reqfile_format(const struct reqfile_row *r, char *buf, size_t len);

/* Read requests.tsv row by row, by column names; older files (no outcome
 * column) get their outcome from status and error. */
struct reqfile_reader;
struct reqfile_reader *reqfile_open(const char *path);
int reqfile_next(struct reqfile_reader *rd, struct reqfile_row *r);
void reqfile_close(struct reqfile_reader *rd);

#endif
