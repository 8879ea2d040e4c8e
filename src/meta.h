/* meta.h - meta.txt: how a run went, written at its start and completed at its end */
#ifndef LEAKLAB_META_H
#define LEAKLAB_META_H

#include <stddef.h>
#include <stdint.h>

#include "lab.h"

/* What meta.txt says. A run writes it as soon as its directory exists
 * (state "running") and again when it ends (state "ended"), so a run that
 * was killed can still be reported and plotted. */
struct meta {
	char version[32];          /* leaklab's */
	char state[16];            /* "running" or "ended" */
	char go_version[96];       /* from the program's /stats or pprof, or "-" */
	long gomaxprocs;
	long cpus;
	char os[160];
	char start_time[40];       /* local time, ISO 8601 */
	char program[1100];        /* the bundled server's path or the command as written */
	long pid;                  /* the program's, -1 before it starts */
	char url[256];             /* where it listened */
	char ended[256];           /* "complete", "interrupted by SIGINT at 3.2 s", ... */
	int partial;               /* the schedule did not run to its end */
	uint64_t samples, detail_samples, malformed, other_lines, orphan_lines, stderr_bytes;
	uint64_t requests_scheduled;
	double schedule_ms;
	double schedule_start_ms;  /* when the schedule's time 0 was, ms since the program started; -1 */
	double end_ms;             /* when the run stopped, ms since the program started; -1 */
	double stacks_t_ms;        /* when stacks.txt's profile was taken; -1 when none */
	double final_t_ms;         /* when the last profile was taken, the load's connections
				    * closed (nothing of goroutines.tsv's row then is the load's); -1 */
	double cpu_leaklab_ms;     /* CPU time leaklab used (user + system); -1 */
	double cpu_program_ms;     /* and the program (its reaped tree); -1 */
	char student[128];         /* who ran it ($LEAKLAB_STUDENT, the lab's student key) */
	char host[128];            /* this machine's name */
	int attached;              /* a service already running: nothing started, no trace */
	char pprof_url[256];       /* where the goroutine profiles were asked for */
	double pprof_lost_ms;      /* when pprof stopped answering (it had before); -1 */
	/* The final profiles: "ok", or why not ("timed out after 30.0 s",
	 * "HTTP 404", "not asked: the run was stopped"); "" before the end. */
	char profile_final[128], profile_full[128], profile_leak[128];
	int trace_runtimes;        /* Go runtimes whose schedtrace reached stderr (1, or 2+: mixed) */
	uint64_t trace_dropped;    /* samples of the others, not in trace.tsv */
	char lab_text[16384];      /* the lab as run, in lab_format's words */
};

/*
 * The phrases meta.txt keeps in English (ended, profile_final, ...) and the
 * program's end: each writer formats one of these, and meta_words() finds
 * it again to say it in the reader's language. A new phrase is a line here
 * and a row of meta.c's table.
 */
#define META_COMPLETE           "complete"
#define META_INTERRUPTED        "interrupted by %s at %.1f s"
#define META_PROGRAM_ENDED      "the program %s at %.1f s, before the run's end"
#define META_WRITE_FAILED_AT    "writing %s failed at %.1f s"
#define META_WRITE_FAILED       "writing %s failed"
#define META_CAPPED             "the duration cap (%.1f s) came after %llu of %llu requests"
#define META_DRIVER_FAILED      "the load driver failed at %.1f s: %.160s"
#define META_NOT_STARTED_WHY    "the program did not start: %.*s"
#define META_NOT_STARTED        "the program did not start"
#define META_NOTHING_LISTENED   "nothing listened at %.200s"
#define META_KILLED_RUNNING     "killed before it ended (meta.txt still says running)"
#define META_EXEC_FAILED        "could not be started: %s"
#define META_STILL_RUNNING      "is still running"
#define META_EXITED             "exited with code %d"
#define META_SIGNALED           "was killed by signal %d (%s)"
#define META_ENDED              "ended"
#define META_TIMED_OUT          "timed out after %.1f s"
#define META_HTTP               "HTTP %ld"
#define META_NOT_SERVED         "not served"
#define META_NO_LEAK_PROFILE    "not served (Go < 1.26, or built without it)"
#define META_NOT_ASKED          "not asked: %s"
#define META_RUN_STOPPED        "the run was stopped"
#define META_CAP_CAME           "the duration cap came"
#define META_NOT_AS_PLANNED     "the run did not end as planned"
#define META_NOT_AWAITED        "not awaited: the run ended first"
#define META_WINDOW_SPENT       "not asked: the final window (%.0f s%s) was spent waiting for the goroutineleak profile"
#define META_WINDOW_CAP         ", the lab's duration"

/*
 * English text of meta.txt (one of the phrases above, filled in) in the
 * reader's language, into buf (always ended); what it does not know, and
 * everything in English, as it is. Returns buf. Pure.
 */
const char *meta_words(const char *english, char *buf, size_t len);

/* A meta with every field unknown; version and state "running" set. */
void meta_init(struct meta *m);

/* Write dir/meta.txt whole (a new file renamed over the old one, so a
 * reader never sees half of it). Returns 0, or -1 with errno set. */
int meta_write(const char *dir, const struct meta *m);

/* Read dir/meta.txt into m. Older run directories (server:, server_pid:)
 * read too. Returns 0, or -1 with a sentence in err. */
int meta_read(const char *dir, struct meta *m, char *err, size_t errlen);

/* The lab as run, parsed over lab_defaults(lab, dir). Returns 0 or -1 with err. */
int meta_lab(const struct meta *m, const char *dir, struct lab *lab, struct lab_error *err);

/* Does dir hold a leaklab run (a meta.txt of ours)? */
int meta_is_run(const char *dir);

#endif
