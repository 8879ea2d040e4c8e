/* live.h - leaklab run --live: a full-screen view of the run as it goes
 * (the state and the frame's text are pure; term.h puts it on the screen) */
#ifndef LEAKLAB_LIVE_H
#define LEAKLAB_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "schedule.h"
#include "tracefile.h"

/* The queue chart keeps this many points; past it, every other one goes
 * (the chart has fewer columns than that anyway). */
#define LIVE_HIST 2048
/* Ps with a bar of their own; the rest share one. */
#define LIVE_BARS 64

/* The smallest terminal the view fits. */
#define LIVE_MIN_COLS 80
#define LIVE_MIN_ROWS 24

struct live {
	char name[64], title[160];
	double end_ms;             /* the run's planned end, ms since the program started */
	uint64_t scheduled;        /* requests the schedule holds */
	int npauses;               /* the schedule's pauses, ms since the program started */
	double pauses[SCHEDULE_MAX_PAUSES][2];
	/* history: a point per sample */
	size_t n;
	double t_ms[LIVE_HIST];
	int64_t queued[LIVE_HIST];
	uint64_t sent[LIVE_HIST];  /* requests sent by then */
	int64_t ymax;              /* the most queued or sent so far */
	/* the newest sample */
	int have_sample;
	int np;
	int64_t local[LIVE_BARS + 1];  /* the last one: every P past LIVE_BARS - 1 */
	int64_t global, now_queued, idleprocs, threads, spinning, leaked;
	int64_t bar_max;           /* the longest bar so far: bars keep their scale */
	/* the rest, set by the run as it learns it */
	double now_ms;
	uint64_t now_sent;
	long goroutines;           /* pprof's total; -1 unknown */
	double probe_ms;           /* the last probe answered; -1 none */
	char note[256];            /* the last message, shown in the footer */
};

void live_init(struct live *lv, const char *name, const char *title, double end_ms, uint64_t scheduled);

/* A pause of the schedule, from and to (ms since the program started):
 * marked under the chart. Up to SCHEDULE_MAX_PAUSES. */
void live_pause(struct live *lv, double from_ms, double to_ms);

/* A trace sample, with the requests sent so far. */
void live_sample(struct live *lv, const struct trace_row *row, uint64_t sent);

/*
 * The frame for a terminal of cols x rows: from the top left, every line
 * cleared to its end, nothing in the last column (no line wraps), nothing
 * past the last row (nothing scrolls), so that drawing it over the last
 * frame shows no flicker. color: ANSI colours; utf8: block characters
 * (else ASCII). A terminal smaller than LIVE_MIN_COLS x LIVE_MIN_ROWS gets
 * a line that asks for more. Returns the length needed, like snprintf.
 */
size_t live_frame(const struct live *lv, int cols, int rows, int color, int utf8, char *buf, size_t len);

#endif
