/* report.h - the verdict and the summary of a run (pure core, thin file layer) */
#ifndef LEAKLAB_REPORT_H
#define LEAKLAB_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "stats.h"

enum report_verdict { REPORT_NO_LEAK, REPORT_RUNNABLE_LEAK, REPORT_BLOCKED_LEAK };

/* What a run left behind, as numbers. Arrays belong to the struct; free
 * with report_input_free(). */
struct report_input {
	char lab_name[64], title[160], endpoint[256], go_version[64], probe[256];
	long gomaxprocs;
	int partial;
	char ended[128];               /* "complete", "interrupted by SIGINT", ... */
	uint64_t scheduled;            /* requests the schedule holds */
	double sched_duration_ms;
	uint64_t sent, ok, failed, dropped;
	double first_start_ms, last_start_ms;
	uint64_t samples, malformed;
	size_t nq;                     /* trace samples with a known queued */
	double *q_t_ms, *q;
	size_t ng;                     /* pprof polls that answered */
	double *g_t_ms, *g;
	uint64_t probes, probes_failed;
	struct stats_hist probe_hist;  /* latency of the probes that answered, us */
	char top_stack[256];           /* "main.leakChan.func1 (main.go:98)" or "" */
	long top_stack_count;
};

struct report {
	enum report_verdict verdict;
	double queued_start, queued_end, queued_max;   /* NAN when no sample */
	struct stats_fit queued_fit;                   /* per second */
	double queued_per_leak;                        /* growth / requests sent; NAN if none */
	double goroutines_start, goroutines_end;       /* NAN when no poll answered */
	struct stats_fit goroutines_fit;
	double achieved_rate, target_rate;             /* per second */
	char why[512];                                 /* the numbers behind the verdict */
};

void report_input_init(struct report_input *in);
void report_input_free(struct report_input *in);

/* Append a point; returns 0 or -1 when out of memory. */
int report_add_queued(struct report_input *in, double t_ms, double queued);
int report_add_goroutines(struct report_input *in, double t_ms, double total);

/* Judge the run. Pure. */
void report_compute(const struct report_input *in, struct report *out);

/* "runnable leak", "blocked leak" or "no leak". */
const char *report_verdict_name(enum report_verdict v);

/*
 * The biggest group of a pprof goroutine profile (debug=1 text) that runs
 * code of package main: its innermost main. frame "main.fn (file.go:N)"
 * into out, its goroutine count into *count. Returns 0, or -1 when no group
 * has a main. frame. Pure.
 */
int report_top_stack(const char *profile, size_t len, char *out, size_t outlen, long *count);

/* summary.txt and summary.json texts into buf (NUL-terminated); return the
 * length needed, like snprintf. */
size_t report_text(const struct report_input *in, const struct report *r, char *buf, size_t len);
size_t report_json(const struct report_input *in, const struct report *r, char *buf, size_t len);

/*
 * Read a run directory (trace.tsv, requests.tsv, goroutines.tsv, probe.tsv,
 * stacks.txt, meta.txt) into in. Missing optional files leave their parts
 * empty. Returns 0, or -1 with a sentence in err.
 */
int report_load(const char *dir, struct report_input *in, char *err, size_t errlen);

/* Write summary.txt and summary.json into dir. 0, or -1 with err. */
int report_write(const char *dir, const struct report_input *in, const struct report *r,
		 char *err, size_t errlen);

#endif
