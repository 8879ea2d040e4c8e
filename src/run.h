/* run.h - one run: the program traced, the load sent, the polls and
 * probes, every byte recorded; its loop and its end */
#ifndef LEAKLAB_RUN_H
#define LEAKLAB_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "collector.h"
#include "driver.h"
#include "lab.h"
#include "live.h"
#include "meta.h"
#include "program.h"
#include "rundir.h"
#include "schedule.h"

/* What a run needs, set up by cmd_run from the lab and the options. */
struct run_config {
	struct lab *lab;
	struct schedule *sched;
	char **argv;              /* the program to run; NULL: attach */
	int bundled;              /* argv is the bundled leakserver */
	int attach;               /* a service already running at the lab's url: nothing started */
	const char *host;         /* lab url's host, or 127.0.0.1 */
	int port;                 /* lab url's port, or 0 */
	char *bodies[LAB_MAX_TARGETS];   /* each target's body (read from its file), or NULL */
	size_t body_lens[LAB_MAX_TARGETS];
	int tty;                  /* draw the live status line on stderr */
	int live;                 /* draw the full-screen live view on stdout instead */
	int sigfd;                /* readable when a signal came (signals.h) */
};

/* How a run ended. */
enum run_end {
	RUN_COMPLETE,             /* the schedule ran to its end */
	RUN_SIGNAL,               /* SIGINT, SIGTERM or SIGHUP */
	RUN_PROGRAM_EXITED,       /* the program died or exited mid-run */
	RUN_CAPPED,               /* the lab's duration came first */
	RUN_FAILED                /* leaklab failed: a write, libcurl */
};

struct run {
	const struct run_config *cfg;
	struct rundir dir;
	struct meta meta;
	struct collector *col;
	struct driver *drv;
	struct program *prog;
	char err[2048];           /* why, when it failed */
	enum run_end end;
	double t0;                /* mono_now_ms() when the program started */
	double start_ms, run_end_ms, hard_end_ms;   /* on the run's clock */
	/* live state */
	int probe_busy, sample_busy, pprof_missing, leak_asked, final_fetches;
	double next_probe, next_sample, leak_at;   /* when each is due */
	int leak_busy, full_asked;         /* the goroutineleak fetch in flight; the first debug=2 asked */
	double poll_fail_since;            /* when the polls began failing after one answered; -1 */
	int polls_ok;                      /* polls answered */
	int final_tries;                   /* final profiles taken again: the load's connections closing */
	double refetch_at;                 /* when to take it again; 0 none */
	int mixed_warned;
	const char *phase;                 /* what the end waits for, for the status line; NULL */
	int64_t last_queued;
	long last_goroutines;
	double last_probe_ms, last_status;
	uint64_t sent;
	char *profile, *profile0;          /* the newest and the first goroutine profile */
	size_t profile_len, profile0_len;
	double profile_t_ms;
	char go_version[96];
	struct live *live;                 /* the live view's state, when cfg->live */
	char *frame;                       /* and its frame's text */
	size_t frame_cap;
	double last_frame;
	int frame_due;                     /* a sample came: draw now */
};

/* Set up r (rundir already made by the caller) and start the program:
 * meta.txt is written first, so a run that fails to start still leaves
 * one. Returns 0, or -1 with r->err set. */
int run_start(struct run *r, const struct run_config *cfg);

/* Drive the load and record until the run ends (r->end says how).
 * Returns 0, or -1 when leaklab itself failed (r->err). */
int run_loop(struct run *r);

/* The end: the final profiles, stopping the program and its tree, the
 * last bytes of its stderr, the files closed and meta.txt completed; all
 * within the lab's duration. Returns 0, or -1 with r->err (a write failed). */
int run_finish(struct run *r);

/* Wait on the program's fds, the signal pipe and the driver until until
 * (run clock), and read what came (for run_polls.c). Returns 0, or -1
 * when libcurl failed (r->err). */
int run_step(struct run *r, double until);

/* Free what the run holds (stops the program if still running). */
void run_free(struct run *r);

#endif
