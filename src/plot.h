/* plot.h - the gnuplot script of a run (pure), and running gnuplot on it */
#ifndef LEAKLAB_PLOT_H
#define LEAKLAB_PLOT_H

#include <stddef.h>

/* What the script needs to know about the run directory's files. */
struct plot_spec {
	char name[64];       /* the lab's name */
	char title[160];
	char endpoint[256];
	char probe[256];
	int partial;
	int detail;          /* trace.tsv has g_runnable.. columns */
	int np;              /* p0.. columns in trace.tsv */
	long gomaxprocs;
	int have_trace;      /* rows in each table */
	int have_requests;
	int have_goroutines;
	int have_probe;      /* probes that answered */
	int have_probe_failed;
	double xmax_s;       /* the last time in any table, seconds (>= 1) */
};

/* Formats a chart can be drawn in, as bits. */
enum { PLOT_PNG = 1, PLOT_SVG = 2, PLOT_PDF = 4, PLOT_DUMB = 8 };

/* Parse "png,svg,pdf,dumb" into bits; returns 0, or -1 naming the bad word in err. */
int plot_parse_formats(const char *list, int *formats, char *err, size_t errlen);

/*
 * The text of plot.gp for spec: it draws queue, threads, goroutines,
 * latency and dashboard charts into charts/ for the format in the gnuplot
 * variable fmt ('png' by default; 'dumb' draws the queue chart as text on
 * stdout). Returns the length it needed, like snprintf.
 */
size_t plot_script(const struct plot_spec *spec, char *buf, size_t len);

/* The text of compare.gp: run a against run b (their directories, as the
 * script will see them), queued and pprof goroutines over time. */
size_t plot_compare_script(const char *a_dir, const char *a_label, const char *b_dir,
			   const char *b_label, const char *title, char *buf, size_t len);

/* Run gnuplot on script (a file name inside dir) in dir with fmt. Returns 0,
 * or -1 with gnuplot's own words in err. */
int plot_exec(const char *dir, const char *script, const char *fmt, char *err, size_t errlen);

/* Read dir's tables and meta.txt into spec. Returns 0, or -1 with err. */
int plot_scan(const char *dir, struct plot_spec *spec, char *err, size_t errlen);

/*
 * Write dir/plot.gp (unless keep_existing and it exists) and run gnuplot in
 * dir once per format; dumb output goes to stdout. Returns 0, or -1 with
 * gnuplot's own words in err.
 */
int plot_run(const char *dir, const struct plot_spec *spec, int formats, int keep_existing,
	     char *err, size_t errlen);

#endif
