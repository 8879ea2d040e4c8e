/* schedule.h - rate schedules: parse them, and say when each request is due (pure) */
#ifndef LEAKLAB_SCHEDULE_H
#define LEAKLAB_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#define SCHEDULE_MAX_RATE 1000000.0          /* requests per second */
#define SCHEDULE_MAX_MS (24.0 * 3600 * 1000) /* one day */
#define SCHEDULE_MAX_TOTAL 100000000ULL
/* The pauses a chart or a view shades, at most (schedule_pauses). */
#define SCHEDULE_MAX_PAUSES 8

enum schedule_kind {
	SCHEDULE_RATE,   /* "5/s for 10s" */
	SCHEDULE_RAMP,   /* "ramp 1/s..20/s for 30s" */
	SCHEDULE_PAUSE,  /* "pause 5s" */
	SCHEDULE_BURST   /* "burst 50": all at the segment's start */
};

struct schedule_seg {
	enum schedule_kind kind;
	double r0, r1;      /* requests per ms at the start and the end */
	double dur_ms;
	double start_ms;    /* sum of the durations before it */
	double expected;    /* integral of the rate over the segment (burst: n) */
	uint64_t count;     /* requests with even spacing */
	uint64_t first;     /* index of its first request, even spacing */
};

struct schedule {
	struct schedule_seg *segs;
	size_t nsegs;
	uint64_t total;      /* requests, even spacing (poisson: the expected count) */
	double duration_ms;
	int poisson;         /* arrivals of a Poisson process of the same rate */
	uint64_t seed;
};

struct schedule_error {
	char msg[256];       /* "'ramp 1/s..': expected a rate like '20/s' after '..'" */
};

/*
 * Parse a schedule: comma-separated segments run in order, "5/s for 10s",
 * "ramp 1/s..20/s for 30s", "pause 5s", "burst 50", and the option
 * "poisson" or "poisson seed=N". Rates take /s or /m, durations ms, s or m.
 * A lone rate ("10/s") takes default_ms as its duration when default_ms > 0.
 * Returns a schedule to free with schedule_free(), or NULL with err->msg
 * naming the offending text.
 */
struct schedule *schedule_parse(const char *text, double default_ms, struct schedule_error *err);

/* Parse one duration ("500ms", "10s", "2m") into *ms. Returns 0, or -1
 * with err->msg saying what is wrong. */
int schedule_parse_duration(const char *text, double *ms, struct schedule_error *err);

/* Free a schedule; NULL is a no-op. */
void schedule_free(struct schedule *s);

/* The pauses a chart shades: [start, end) in ms on the schedule's clock,
 * into out (up to max); returns how many. Only pauses after some load: a
 * pause before the first request is a baseline, not a pause. Pauses next
 * to each other are one. Pure. */
size_t schedule_pauses(const struct schedule *s, double (*out)[2], size_t max);

/*
 * The send time of request k (0-based, k < s->total) with even spacing, in
 * ms from the schedule's start: an exact function of k, found by inverting
 * the integral of the rate, so no error accumulates over a long run.
 */
double schedule_time_ms(const struct schedule *s, uint64_t k);

/* Walks the send times in order, even or Poisson. */
struct schedule_iter {
	const struct schedule *s;
	size_t seg;
	uint64_t k;          /* requests yielded so far */
	uint64_t in_seg;     /* ... in this segment */
	double u;            /* Poisson: the next arrival in "expected count" units */
	uint64_t rng;
};

/* Start at the first request. */
void schedule_iter_init(struct schedule_iter *it, const struct schedule *s);

/* Store the next send time in *t_ms and return 1, or return 0 at the end. */
int schedule_next(struct schedule_iter *it, double *t_ms);

#endif
