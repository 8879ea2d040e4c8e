/* driver.h - the load driver: open-loop requests on a schedule, over libcurl multi */
#ifndef LEAKLAB_DRIVER_H
#define LEAKLAB_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "reqfile.h"
#include "schedule.h"

/* A side request (probe, profile poll) is answered through this. body is
 * NUL-terminated, valid during the callback. */
struct driver_fetch_result {
	double t_start_ms, t_end_ms;
	long status;
	const char *error;
	const char *body;
	size_t body_len;
};

/* One kind of load request; the driver mixes them by weight. */
struct driver_target {
	const char *url;               /* whole URL, checked by target_check() already */
	const char *method;            /* "GET", "POST", ... */
	const char *body;              /* sent as is, or NULL */
	size_t body_len;
	long weight;                   /* share of the requests (>= 1) */
	const char *label;             /* "POST /api/checkout": requests.tsv's target */
};

struct driver_config {
	const struct driver_target *targets;
	size_t ntargets;               /* 0: side requests only */
	const char *const *headers;    /* "Name: value" on every load request */
	size_t nheaders;
	const struct schedule *sched;  /* may be NULL: side requests only */
	long timeout_ms;               /* per load request: the client gives up */
	unsigned concurrency;          /* load requests in flight at most */
	double t0_ms;                  /* mono_now_ms() of time 0 */
	double start_ms;               /* when the schedule starts, on that clock */
	double end_ms;                 /* nothing is sent at or after it; 0: no cap */
	/* Each load request once it ends, is dropped or aborted: a requests.tsv
	 * row (its strings valid during the call). */
	void (*on_result)(void *ud, const struct reqfile_row *r);
	void *ud;
};

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

/* End every load request in flight now, reporting each as aborted with
 * the text why: a run that stops keeps a row for everything it sent. Side
 * requests in flight are ended too, their callbacks not called. */
void driver_abort(struct driver *d, const char *why);

/* Close every connection leaklab keeps open to the program (none may be
 * in flight: after driver_abort), so that no goroutine of its HTTP server
 * is the load's when the last profile is taken. Returns 0, or -1 with err. */
int driver_close_connections(struct driver *d, char *err, size_t errlen);

/* Has the schedule been sent (or stopped) and every load request ended? */
int driver_load_done(const struct driver *d);

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
