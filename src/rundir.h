/* rundir.h - the run directory: where it is, its files, their first write error */
#ifndef LEAKLAB_RUNDIR_H
#define LEAKLAB_RUNDIR_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

/* The files a run writes (tables have one owner module each: tracefile,
 * reqfile, pollfile, meta, report, plot). */
#define RUNDIR_RAW        "raw-stderr.log"
#define RUNDIR_STDOUT     "stdout.log"
#define RUNDIR_TRACE      "trace.tsv"
#define RUNDIR_WAITS      "waits.tsv"
#define RUNDIR_REQUESTS   "requests.tsv"
#define RUNDIR_GOROUTINES "goroutines.tsv"
#define RUNDIR_PROBE      "probe.tsv"
#define RUNDIR_STACKS     "stacks.txt"
#define RUNDIR_STACKS0    "stacks-start.txt"
#define RUNDIR_LEAKPROF   "goroutineleak.txt"
#define RUNDIR_FULL0      "stacks-full-start.txt"   /* goroutine profiles, debug=2 */
#define RUNDIR_FULL       "stacks-full.txt"
#define RUNDIR_PAGE       "report.html"

struct rundir {
	char path[PATH_MAX];
	FILE *raw, *out, *trace, *waits, *requests, *goroutines, *probe;
	const char *failed;     /* the first file a write to failed, or NULL */
	int failed_errno;
};

enum rundir_status { RUNDIR_OK = 0, RUNDIR_EFAIL = -1, RUNDIR_EUSAGE = -2 };

/*
 * Make the run directory: out_opt exactly when given, else
 * out/<name>-<YYYYmmdd-HHMMSS>[-k]. An -o that is empty, not a directory,
 * not writable, or a directory of other files is RUNDIR_EUSAGE (nothing is
 * written); a previous run's files in it are removed first. Other failures
 * are RUNDIR_EFAIL. The sentence is in err either way.
 */
enum rundir_status rundir_create(struct rundir *rd, const char *out_opt, const char *name,
				 char *err, size_t errlen);

/* Open the run's tables and logs (headers written, bytes reaching the disk
 * as they come). Returns 0, or -1 with err. */
int rundir_open(struct rundir *rd, char *err, size_t errlen);

/* Note that writing name failed (errno tells why); the first one is kept. */
void rundir_failed(struct rundir *rd, const char *name);

/* Write n bytes to one of the open files; a failure is noted. */
void rundir_put(struct rundir *rd, FILE *f, const char *name, const char *buf, size_t n);

/* Write a whole file into the directory; a failure is noted. */
void rundir_write(struct rundir *rd, const char *name, const char *text, size_t len);

/* Close every open file; a failure is noted. Safe to call twice. */
void rundir_close(struct rundir *rd);

/* out/<name>-latest -> this directory (only for the default place). */
void rundir_link_latest(const struct rundir *rd, const char *name);

#endif
