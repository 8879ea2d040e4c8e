/* report.h - the verdict and the summary of a run (pure core, thin file layer) */
#ifndef LEAKLAB_REPORT_H
#define LEAKLAB_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "pprof.h"
#include "schedule.h"
#include "stats.h"

enum report_verdict { REPORT_NO_LEAK, REPORT_RUNNABLE_LEAK, REPORT_BLOCKED_LEAK };

/* What a run left behind, as numbers. Arrays belong to the struct; free
 * with report_input_free(). */
struct report_input {
	char lab_name[64], title[160], targets[300], go_version[96], probe[256];
	long gomaxprocs;
	int partial;
	int verdict_hidden;            /* a hunt: the verdict and the top stack are held back */
	char ended[256];               /* "complete", "interrupted by SIGINT at 3.2 s", ... */
	uint64_t scheduled;            /* requests the schedule holds */
	double sched_duration_ms;
	uint64_t sent, ok, failed, dropped, timeouts, aborted;
	double first_start_ms, last_start_ms;
	uint64_t samples, malformed;
	size_t nq;                     /* trace samples with a known queued */
	double *q_t_ms, *q;
	/* Goroutines that can be a leak: pprof's total less the HTTP server's
	 * idle connections (the load's own footprint), or, without pprof, all
	 * those scheddetail's G lines list. */
	size_t ng;
	double *g_t_ms, *g;
	double *g_total;               /* pprof's total, for the summary (or = g) */
	int g_from_trace;              /* no pprof answered: g is from the G lines */
	double last_sample_ms;         /* the last trace sample's time */
	uint64_t probes, probes_failed;
	struct stats_hist probe_hist;  /* latency of the probes that answered, us */
	/* Where leaked goroutines wait: the site that grew most between the
	 * first and the last goroutine profile, the same leaving out what the
	 * goroutineleak profile lists (so spinners stand out), and the site
	 * the goroutineleak profile lists most (Go >= 1.26). */
	struct pprof_site top_growth, top_unlisted, top_leakprof;
	int have_growth, have_unlisted, have_leakprof;
	double stacks_t_ms;            /* when the last goroutine profile was taken; -1 */
	/* for the charts and the numbers that come with them */
	int np;                        /* the widest P count in trace.tsv */
	int detail;                    /* trace.tsv has G states */
	int64_t leaked_max;            /* the most g_leaked in a row; 0 */
	int have_idle_conns;           /* goroutines.tsv has idle_conns */
	int npauses;                   /* the schedule's pauses, ms since the program started */
	double pauses[SCHEDULE_MAX_PAUSES][2];
	double xmax_ms;                /* the last time in any table */
	double cpu_leaklab_ms, cpu_program_ms;   /* CPU time used, from meta.txt; -1 unknown */
	size_t nslices;                /* ms per schedtick over intervals when every P was busy */
	double *slices;                /* and goroutines waited: a spinner's time slice */
	/* report_add_ticks' previous busy sample (tick_np 0: none) */
	int tick_np;
	int64_t tick_uptime_ms, *tick_prev;
};

struct report {
	enum report_verdict verdict;
	double queued_start, queued_end, queued_max;   /* NAN when no sample */
	struct stats_fit queued_fit;                   /* per second */
	double queued_per_leak;                        /* growth / requests sent; NAN if none */
	double goroutines_start, goroutines_end;       /* NAN when none */
	double idle_conns_end;                         /* the load's idle connections at the end; NAN */
	struct stats_fit goroutines_fit;
	double achieved_rate, target_rate;             /* per second */
	int stale_goroutines;                          /* the last pprof answer came long before the end */
	const struct pprof_site *top;                  /* the leak's site, or NULL */
	const char *top_source;                        /* which profile says so */
	double time_slice_ms;                          /* median of the slices; NAN: no ticks or never busy */
	double pause_queued_mean;                      /* mean queued over the last pause's samples; NAN */
	size_t pause_samples;
	char why[640];                                 /* the numbers behind the verdict */
};

void report_input_init(struct report_input *in);
void report_input_free(struct report_input *in);

/* Append a point; returns 0 or -1 when out of memory. g_total NAN: = g. */
int report_add_queued(struct report_input *in, double t_ms, double queued);
int report_add_goroutines(struct report_input *in, double t_ms, double g, double g_total);
int report_add_slice(struct report_input *in, double ms);

/*
 * One trace sample's scheduler ticks: the runtime's uptime, its idle Ps,
 * the goroutines queued, and each of np Ps' schedtick count (any of them
 * negative: unknown). A sample is busy when no P is idle and goroutines
 * wait. Between two busy samples of the same Ps, the uptime over the
 * ticks, times np, is the time slice a spinner gets: it is added as a
 * slice. Returns 0, or -1 when out of memory.
 */
int report_add_ticks(struct report_input *in, int64_t uptime_ms, int64_t idleprocs, int64_t queued,
		     int np, const int64_t *ticks);

/* The evidence a verdict is judged on, by name (report_compute gathers
 * it from the run). */
struct report_evidence {
	double requests;          /* requests sent */
	double need;              /* the growth that makes a leak (report_need) */
	double queued_growth;     /* the run queues' growth by the end; NAN: no trace */
	double goroutine_growth;  /* the goroutines' growth by the end; NAN: no count */
};

/* The growth that makes a leak over this many requests: 2%, at least 3. */
double report_need(double requests);

/* The verdict the evidence gives. Pure. */
enum report_verdict report_judge(const struct report_evidence *e);

/* Judge the run: its numbers, the evidence, the verdict and why, the
 * time slice, the pause, the top stack. Pure. */
void report_compute(const struct report_input *in, struct report *out);

/* "runnable leak", "blocked leak" or "no leak". */
const char *report_verdict_name(enum report_verdict v);

/* summary.txt and summary.json texts into buf (NUL-terminated); return the
 * length needed, like snprintf. Every JSON string is valid UTF-8 (bytes
 * that are not become U+FFFD). */
size_t report_text(const struct report_input *in, const struct report *r, char *buf, size_t len);
size_t report_json(const struct report_input *in, const struct report *r, char *buf, size_t len);

/*
 * Read a run directory (meta.txt, trace.tsv, requests.tsv, goroutines.tsv,
 * probe.tsv, stacks-start.txt, stacks.txt, goroutineleak.txt) into in.
 * Missing optional files leave their parts empty; a run killed before it
 * ended reads as partial. Returns 0, or -1 with a sentence in err.
 */
int report_load(const char *dir, struct report_input *in, char *err, size_t errlen);

/* Print the summary (or summary.json) on stdout; on a terminal, long lines
 * wrap at word boundaries to its width. */
void report_print(const struct report_input *in, const struct report *r, int json);

/* Write summary.txt and summary.json into dir. 0, or -1 with err. */
int report_write(const char *dir, const struct report_input *in, const struct report *r,
		 char *err, size_t errlen);

#endif
