/* lab.h - lab files: one experiment as key = value lines (pure) */
#ifndef LEAKLAB_LAB_H
#define LEAKLAB_LAB_H

#include <stddef.h>

#define LAB_MAX_SERVER_ARGS 16

struct lab {
	char name[64];          /* from the file name unless given: "01-cpu-leak" */
	char title[160];
	char endpoint[256];     /* path on the server: "/leak" */
	char rate[512];         /* a schedule (see schedule.h) */
	long gomaxprocs;
	long schedtrace_ms;
	int scheddetail;
	char probe[256];        /* latency probe path, "" for none */
	double probe_every_ms;
	double sample_every_ms; /* pprof goroutine poll */
	double duration_ms;     /* hard cap on the run; 0: schedule + tail */
	long timeout_ms;        /* per load request */
	char server_flags[512];
};

struct lab_error {
	char msg[512];          /* "lab/01-cpu-leak.lab:7: unknown key 'rat'" */
};

/* Fill lab with the defaults; name comes from path's base name, ".lab" cut. */
void lab_defaults(struct lab *lab, const char *path);

/*
 * Parse a lab file's text: "key = value" lines, '#' comments, blank lines.
 * Every value is checked (a rate must be a valid schedule). Returns 0, or -1
 * with err naming path:line and the offending text.
 */
int lab_parse(struct lab *lab, const char *text, size_t len, const char *path, struct lab_error *err);

/* Apply one "KEY=VALUE" override (--set). Returns 0 or -1 with err. */
int lab_set(struct lab *lab, const char *assignment, struct lab_error *err);

/* Write the lab as canonical "key = value" lines into buf (NUL-terminated).
 * Returns the length it needed (like snprintf). */
size_t lab_format(const struct lab *lab, char *buf, size_t len);

/* Split server_flags into argv words (into storage); returns the count, or
 * -1 with err when a flag is one leaklab sets itself. */
int lab_server_args(const struct lab *lab, char *storage, size_t storage_len,
		    char **argv, int max, struct lab_error *err);

#endif
