/* pollfile.h - probe.tsv and goroutines.tsv: the side polls' tables */
#ifndef LEAKLAB_POLLFILE_H
#define LEAKLAB_POLLFILE_H

#include <stddef.h>

/* probe.tsv: the latency probe (GET of the lab's probe path). status 0:
 * no answer (an error or a time-out). */
#define POLLFILE_PROBE_HEADER "t_ms\tlatency_ms\tstatus\n"

/* goroutines.tsv: pprof's goroutine count (total), and how many of those
 * are the HTTP server's goroutines waiting on an idle connection
 * (idle_conns): the load's own footprint, never a leak. */
#define POLLFILE_GOROUTINES_HEADER "t_ms\ttotal\tidle_conns\n"

struct pollfile_probe {
	double t_ms, latency_ms;
	long status;
};

struct pollfile_goroutines {
	double t_ms;
	double total, idle_conns;  /* idle_conns NAN in older run directories */
};

/* One row into buf (NUL-terminated); returns its length. */
size_t pollfile_probe_row(const struct pollfile_probe *r, char *buf, size_t len);
size_t pollfile_goroutines_row(const struct pollfile_goroutines *r, char *buf, size_t len);

/*
 * Read dir's probe.tsv or goroutines.tsv into a new array (free it) and
 * its length into *n. A missing file is no rows. Returns 0, or -1 when out
 * of memory.
 */
int pollfile_read_probes(const char *dir, struct pollfile_probe **rows, size_t *n);
int pollfile_read_goroutines(const char *dir, struct pollfile_goroutines **rows, size_t *n);

#endif
