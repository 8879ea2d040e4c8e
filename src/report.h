/* report.h - the verdict and the summary of a run (pure core, thin file layer) */
#ifndef LEAKLAB_REPORT_H
#define LEAKLAB_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "pprof.h"
#include "schedule.h"
#include "stats.h"

/* REPORT_UNKNOWN: the run holds no evidence either way (no goroutine
 * count, queues still draining, only sleepers grew): never "no leak". */
enum report_verdict { REPORT_NO_LEAK, REPORT_RUNNABLE_LEAK, REPORT_BLOCKED_LEAK, REPORT_UNKNOWN };

#define REPORT_MAX_GROUPS 256   /* sites x states of the debug=2 profiles */
#define REPORT_MAX_WAITS 64     /* wait reasons of waits.tsv */

/* Goroutines of one site in one state, in the first and the last debug=2
 * goroutine profile (the one writing the profile left out). */
struct report_group {
	char site[224];          /* "main.wait (main.go" */
	long line;
	char state[64];          /* "chan receive", "sleep", "running", ... */
	int user, by_creator;    /* the site is the user's code; found as the creator */
	int idle_conn;           /* an HTTP server's goroutine of an idle connection */
	const char *meaning;     /* a known standard-library wait, in words; NULL */
	long start, end;         /* how many in each profile */
	long leaked;             /* of end, marked "(leaked)" (Go >= 1.26) */
	long minutes;            /* the longest wait among end, in minutes (the runtime says from 1) */
};

/* Waiting goroutines by wait reason (scheddetail's waits.tsv): at the
 * baseline sample and at the last. */
struct report_wait {
	char reason[64];
	long start, end;
};

/* What a run left behind, as numbers. Arrays belong to the struct; free
 * with report_input_free(). */
struct report_input {
	char lab_name[64], title[160], targets[300], go_version[96], probe[256];
	/* The title and the load as people read them (title.pt_BR, "2 tipos
	 * de requisição"); title and targets are summary.json's, English. */
	char title_shown[160], targets_shown[300];
	char student[128], host[128], expected[32];
	long gomaxprocs, cpus;
	int partial;
	int attached;                  /* a service already running: no trace by design */
	int scheddetail;               /* the lab asked for G lines */
	int trace_runtimes;            /* Go runtimes in the trace: 2+ mixed (meta.txt) */
	uint64_t trace_dropped;        /* samples of the other runtimes, left out */
	double pprof_lost_ms;          /* pprof stopped answering then; -1 */
	char pprof_url[256];
	char profile_final[128], profile_full[128], profile_leak[128];   /* "ok" or why not; "" */
	int pprof_served;              /* some goroutine poll answered */
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
	double final_t_ms;             /* when the final one (after the load) was; -1 */
	long proven_leaked;            /* the goroutineleak profile's total; -1: none */
	/* Each goroutine of the debug=2 profiles by site and state. */
	struct report_group groups[REPORT_MAX_GROUPS];
	int ngroups, have_full;        /* have_full: both profiles read */
	long groups_other;             /* goroutines past the table's room (growth) */
	struct report_wait waits[REPORT_MAX_WAITS];
	int nwaits, have_waits;
	/* Each request's target and outcome by start time (for which one
	 * leaks), and the targets' names. */
	int ntargets;
	char target_names[16][300];
	size_t nreq;
	double *req_t_ms;
	unsigned char *req_target, *req_outcome;
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

/* Which of the lab's targets the growth follows (several targets). */
struct report_culprit {
	int target;               /* index into target_names; -1 none or not told apart */
	int outcome;              /* a reqfile_outcome the growth follows, -1 any */
	double per_request;       /* growth per request of that target (and outcome) */
	double requests;          /* of that target (and outcome) */
	double share;             /* of the fitted growth it explains, 0..1 */
	int ambiguous;            /* the targets' counts moved together: not told apart */
};

struct report {
	enum report_verdict verdict;
	const char *proof;        /* how it is known: "goroutineleak profile", "growth only", ... */
	long proven_leaked;       /* -1: no goroutineleak profile */
	char unknown[320];        /* REPORT_UNKNOWN: why */
	char to_know[400];        /* what would tell */
	/* the queues after the load: their level held or fell (draining) */
	int draining;
	double drain_from, drain_to;                   /* means over the halves of the post-load samples; NAN */
	/* the grown goroutines of the debug=2 profiles */
	long grown, grown_sleeping, grown_running, grown_leaked;   /* -1: no profiles */
	long wait_minutes;                             /* the longest wait among the grown, minutes; -1 */
	struct report_wait waiting_on[8];              /* grown by state, most first (end - start) */
	int nwaiting_on;
	const char *waiting_source;                    /* "goroutine profile" or "scheddetail" */
	const char *top_meaning;                       /* the top stack's known meaning; NULL */
	int top_by_creator;                            /* the top site is the user frame that created them */
	struct pprof_site top_full;                    /* the top from the debug=2 profiles */
	struct report_culprit culprit;
	double queued_start, queued_end, queued_max;   /* NAN when no sample */
	struct stats_fit queued_fit;                   /* per second */
	double queued_per_leak;                        /* growth / requests sent; NAN if none */
	double goroutines_start, goroutines_end;       /* NAN when none */
	double idle_conns_end;                         /* the load's idle connections at the end; NAN */
	struct stats_fit goroutines_fit;
	double achieved_rate, target_rate;             /* per second, over the whole schedule */
	double sending_achieved, sending_target;       /* per second while sending (pauses left out); NAN */
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
	double queued_last;       /* their growth over the last samples alone; NAN */
	int draining;             /* and they fell through the pause (not held) */
	double goroutine_growth;  /* the goroutines' growth by the end; NAN: no count */
	long proven_leaked;       /* the goroutineleak profile's total; -1: none */
	long grown, grown_sleeping, grown_running;   /* of the debug=2 profiles' growth; -1 none */
	int sleepers_hold;        /* sleepers grew with them: goroutines a sleeper may still wake */
	int count_cut;            /* the goroutine count stopped before the load ended (pprof lost) */
	int attached;             /* no trace by design: the queues are unknown */
};

/* The growth that makes a leak over this many requests: 2%, at least 3. */
double report_need(double requests);

/* The verdict the evidence gives, and how it is known (*proof, static
 * text). Pure. */
enum report_verdict report_judge(const struct report_evidence *e, const char **proof);

/* Add one goroutine of the first (end 0) or last (end 1) debug=2 profile
 * to in->groups. */
void report_add_goroutine(struct report_input *in, const struct pprof_goroutine *g, int end);

/* Add a waits.tsv count at the baseline (end 0) or the last sample (end 1). */
void report_add_wait(struct report_input *in, const char *reason, long count, int end);

/* Add a request started at t_ms to target (index) with outcome. 0 or -1 (memory). */
int report_add_request(struct report_input *in, double t_ms, int target, int outcome);

/*
 * Which target the growth y (at times t, over its baseline) follows: a
 * nonnegative least-squares fit of y on each target's count of requests
 * started by then, then of that target's outcomes. Pure.
 */
void report_find_culprit(const struct report_input *in, const double *t_ms, const double *y, size_t n,
			 double base, struct report_culprit *c);

/* Nonnegative least squares: beta (k >= 1, k <= 64) minimising
 * |x beta - y|^2, x row-major n x k. Returns the residual sum of squares. */
double report_nnls(const double *x, const double *y, size_t n, int k, double *beta);

/* Judge the run: its numbers, the evidence, the verdict and why, the
 * time slice, the pause, the top stack. Pure. */
void report_compute(const struct report_input *in, struct report *out);

/* "runnable leak", "blocked leak", "no leak" or "unknown". */
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

/* The goroutineleak profile was asked for and did not come (not a Go
 * without one). */
int report_leak_profile_lost(const struct report_input *in);

/* Does verdict v match the words w ("no leak", "runnable leak", "blocked
 * leak"; "unknown" never matches "no leak")? -1 when w is none of them. */
int report_verdict_matches(enum report_verdict v, const char *w);

/* Print the summary (or summary.json) on stdout; on a terminal, long lines
 * wrap at word boundaries to its width. */
void report_print(const struct report_input *in, const struct report *r, int json);

/* Write summary.txt and summary.json into dir. 0, or -1 with err. */
int report_write(const char *dir, const struct report_input *in, const struct report *r,
		 char *err, size_t errlen);

#endif
