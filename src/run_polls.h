/* run_polls.h - a run's side requests: the latency probe, the goroutine
 * polls, the profiles kept (first, last, goroutineleak) and /stats */
#ifndef LEAKLAB_RUN_POLLS_H
#define LEAKLAB_RUN_POLLS_H

struct run;

/* Where the program's API is (what it listens on, or the attached url),
 * and where its net/http/pprof handlers are (the lab's pprof, or the API). */
const char *run_api_url(const struct run *r);
const char *run_pprof_url(const struct run *r);

/* At the start: the bundled server's /stats (its Go version). */
void run_polls_start(struct run *r);

/* Send the probes, polls and the goroutineleak profile that are due at
 * now; returns when the next one is due (run clock). */
double run_polls_due(struct run *r, double now);

/*
 * The final profiles, once the load has ended: the goroutineleak profile
 * awaited, the load's connections closed (no goroutine of the program's
 * HTTP server is then the load's), the last goroutine profile (taken again
 * while connections are still closing), the full one (debug=2: each
 * goroutine's wait and its creator) and /stats, all within a window of
 * their own (FINAL_WINDOW_MS, or what the lab's duration leaves). What
 * could not be fetched is said in meta.txt. Also the end of the polls:
 * pprof that stopped answering is noted there.
 */
void run_polls_final(struct run *r);

/* The files the profiles are kept in (stacks-start.txt, stacks.txt,
 * stacks-full-start.txt, stacks-full.txt, goroutineleak.txt), once the run
 * is over. */
void run_polls_keep(struct run *r);

#endif
