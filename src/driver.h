/* driver.h - the load driver: open-loop requests on a schedule, over libcurl multi */
#ifndef LEAKLAB_DRIVER_H
#define LEAKLAB_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "schedule.h"

/* One finished (or dropped) load request. Times are ms on the driver's
 * clock (mono_now_ms() - t0_ms). */
struct driver_result {
	uint64_t seq;
	double t_sched_ms;
	double t_start_ms;      /* -1 when dropped */
	double t_end_ms;        /* -1 when dropped */
	long status;            /* HTTP status; 0 when none came */
	int dropped;            /* never sent: the concurrency cap was reached */
	const char *error;      /* libcurl's words, or NULL; valid during the callback */
};

/* A side request (probe, profile poll) is answered through this. body is
 * NUL-terminated, valid during the callback. */
struct driver_fetch_result {
	double t_start_ms, t_end_ms;
	long status;
	const char *error;
	const char *body;
	size_t body_len;
};

struct driver_config {
	const char *url;               /* checked by target_check() already */
	const struct schedule *sched;  /* may be NULL: side requests only */
	long timeout_ms;               /* per load request */
	unsigned concurrency;          /* load requests in flight at most */
	double t0_ms;                  /* mono_now_ms() of time 0 */
	double start_ms;               /* when the schedule starts, on that clock */
	double end_ms;                 /* nothing is sent at or after it; 0: no cap */
	void (*on_result)(void *ud, const struct driver_result *r);
	void *ud;
};

/* requests.tsv: its header line, and one row for r into buf (always
 * NUL-terminated; tabs and newlines in libcurl's text become spaces).
 * Returns the row's length. */
#define DRIVER_TSV_HEADER "seq\tt_sched_ms\tt_start_ms\tt_end_ms\tlatency_ms\tservice_ms\tstatus\terror\n"
size_t driver_result_tsv(const struct driver_result *r, char *buf, size_t len);

/* A new driver, or NULL with a sentence in err. */
struct driver *driver_new(const struct driver_config *cfg, char *err, size_t errlen);

/* Abort what is in flight and free; NULL is a no-op. */
void driver_free(struct driver *d);

/*
 * Send what is due, serve transfers, then wait until the next send, a
 * transfer's event, one of the caller's fds becoming readable, or
 * until_ms (driver clock), whichever is first; then serve again. revents[i]
 * tells which of fds[] are readable (POLLIN/POLLHUP bits). Returns 0, or -1
 * on a libcurl failure (message in err).
 */
int driver_step(struct driver *d, double until_ms, const int *fds, short *revents,
		size_t nfds, char *err, size_t errlen);

/* Queue a side GET of url now; cb runs when it ends. Returns 0 or -1. */
int driver_fetch(struct driver *d, const char *url, long timeout_ms,
		 void (*cb)(void *ud, const struct driver_fetch_result *r), void *ud);

/* Send nothing more from the schedule (requests in flight go on). */
void driver_stop_sending(struct driver *d);

/* End every load request in flight now, reporting each with status 0 and
 * error text why: a run that stops keeps a row for everything it sent. */
void driver_abort(struct driver *d, const char *why);

/* Has the schedule been sent (or stopped) and every load request ended? */
int driver_load_done(const struct driver *d);

/* Side requests still in flight. */
unsigned driver_fetches_in_flight(const struct driver *d);

/* Load requests in flight now. */
unsigned driver_in_flight(const struct driver *d);

/* Counts so far. */
struct driver_counts {
	uint64_t scheduled;   /* send times reached */
	uint64_t sent;
	uint64_t dropped;
	uint64_t done;
	uint64_t ok;          /* 2xx */
	uint64_t failed;      /* anything else, time-outs and errors included */
	unsigned max_in_flight;
};
void driver_get_counts(const struct driver *d, struct driver_counts *c);

#endif
