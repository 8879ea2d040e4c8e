/* plot.h - the gnuplot script of a run (pure), and running gnuplot on it */
#ifndef LEAKLAB_PLOT_H
#define LEAKLAB_PLOT_H

#include <stddef.h>

#include "schedule.h"
#include "textbuf.h"

/* What the script needs to know about the run directory's files. */
struct plot_spec {
	char name[64];       /* the lab's name */
	char title[160];
	char endpoint[300];  /* what the load asks for: "/leak", "3 kinds of request" */
	char probe[256];
	int partial;
	int detail;          /* trace.tsv has g_runnable.. columns */
	int np;              /* p0.. columns in trace.tsv */
	long gomaxprocs;
	int have_trace;      /* rows in each table */
	int have_requests;
	int have_goroutines; /* pprof answered */
	int have_idle_conns; /* goroutines.tsv has idle_conns */
	int have_leaked;     /* some row has g_leaked > 0 */
	int have_probe;      /* probes that answered */
	int have_probe_failed;
	double xmax_s;       /* the last time in any table, seconds (>= 1) */
	int npauses;         /* the schedule's pauses, seconds since the program started */
	double pauses[SCHEDULE_MAX_PAUSES][2];
	int runnable;        /* the verdict: a runnable leak (the gap label) */
	char verdict[96];    /* "runnable leak", or "vazamento runnable (runnable leak)" ("" when hidden) */
	double queued_end;   /* for the gap label: queued at the end, and the requests that */
	double requests;     /* leaked (those of the leaking target when a mix says which) */
	int trace_mixed;     /* two Go runtimes wrote the trace: the titles say so */
	double sent;         /* requests sent, and when the last one left (s): the */
	double last_start_s; /* requests' line holds from there to the end */
	double time_slice_ms;/* for lab 05's prediction; NAN when unknown */
	unsigned long samples;/* rows in trace.tsv */
};

/* The colour of each meaning, the same in every chart; index them with
 * enum plot_colour. Pure data, so a test can check no two are alike. */
enum plot_colour {
	COL_REQUESTS, COL_QUEUED, COL_GLOBAL, COL_GOROUTINES, COL_WAITING, COL_LEAKED, COL_RUNNING,
	COL_SYSCALL, COL_THREADS, COL_IDLEPROCS, COL_SPINNING, COL_IDLETHREADS, COL_NEEDSPINNING,
	COL_PROBE, COL_FAILED, COL_PREDICTION, COL_NCOLOURS
};
struct plot_colour_def {
	const char *var;     /* its gnuplot variable in plot.gp: "C_QUEUED" */
	const char *rgb;     /* "#08306B" */
};
extern const struct plot_colour_def plot_colours[COL_NCOLOURS];

/*
 * The charts, one table: each one's name (its file is charts/<name>.<ext>,
 * its variables in plot.gp <name>, <name>_labels, <name>_short), what it
 * draws in a line (for 'leaklab plot --list', the README and the run's
 * page), whether the dashboard has a panel of it and the lecture deck a
 * page. The last is the dashboard itself. A new chart is a function in
 * plot.c and a row of its table.
 */
struct plot_chart {
	const char *name;
	const char *what;
	int in_dashboard;
	int in_deck;
};
/* The number of charts, and chart i (0 <= i < plot_ncharts()). */
size_t plot_ncharts(void);
const struct plot_chart *plot_chart_at(size_t i);

/* The local run queues' bands: P0 to P14 each, and P15 on grouped. */
#define PLOT_BANDS 16
extern const char *const plot_band_colours[PLOT_BANDS];

/* Formats a chart can be drawn in, as bits. */
enum { PLOT_PNG = 1, PLOT_SVG = 2, PLOT_PDF = 4, PLOT_DUMB = 8,
       PLOT_PAGE = 16 /* charts/NAME.page.svg for report.html (page.h), not a --format */ };

/* Text inside a gnuplot single-quoted string ('...'): a quote doubled,
 * control characters (a newline would end the command) as spaces;
 * nothing else is special there (no backslash escapes, no macros, no
 * backticks), and the terminals are noenhanced, so a name is its letters. */
void plot_put_text(struct textbuf *o, const char *s);

/* Parse "png,svg,pdf,dumb" into bits; returns 0, or -1 naming the bad word in err. */
int plot_parse_formats(const char *list, int *formats, char *err, size_t errlen);

/*
 * The text of plot.gp for spec: it draws the queue, leak, goroutines,
 * threads, latency and dashboard charts into charts/ for the format in the
 * gnuplot variable fmt ('png' by default; 'dumb' draws the queue chart as
 * text on stdout). Columns are named by the tables' headers. Sampled
 * values are steps, probes points. Returns the length it needed, like
 * snprintf.
 */
size_t plot_script(const struct plot_spec *spec, char *buf, size_t len);

/* The text of compare.gp: run a against run b (their directories, as the
 * script will see them), queued and pprof goroutines over time. */
size_t plot_compare_script(const char *a_dir, const char *a_label, const char *b_dir,
			   const char *b_label, const char *title, char *buf, size_t len);

enum plot_status { PLOT_OK = 0, PLOT_FAILED = -1, PLOT_INTERRUPTED = -2 };

/* The text chart: its size in characters and whether to colour it. */
struct plot_dumb {
	int cols, rows;
	int color;
};

/* The text chart for the terminal on fd: its size less a column and room
 * for the prompt, coloured where that is welcome (term.h). Returns 0, or
 * -1 when the terminal is smaller than 60x20 (no chart fits: say so). */
int plot_dumb_for(int fd, struct plot_dumb *d);

/*
 * Run gnuplot on script (a file name inside dir) in dir with fmt, in a
 * process group of its own (the terminal's Ctrl-C reaches leaklab, not
 * it). When abort_fd (or -1) becomes readable, gnuplot is stopped and
 * PLOT_INTERRUPTED returned. Returns PLOT_OK, or PLOT_FAILED with
 * gnuplot's own words in err.
 */
enum plot_status plot_exec(const char *dir, const char *script, const char *fmt,
			   const struct plot_dumb *dumb, int abort_fd, char *err, size_t errlen);

/* Is dir/name a whole chart of its format (PNG to its IEND, SVG to
 * </svg>, PDF to %%EOF)? A full disk leaves charts cut short without
 * gnuplot saying so. Returns 0, or -1 with a sentence in err. */
int plot_check_file(const char *dir, const char *name, char *err, size_t errlen);

/* Read dir's tables and meta.txt into spec. Returns 0, or -1 with err. */
int plot_scan(const char *dir, struct plot_spec *spec, char *err, size_t errlen);

/*
 * Write dir/plot.gp (unless keep_existing and it exists), run gnuplot in
 * dir once per format (dumb output goes to stdout) and check every chart
 * it wrote. Returns PLOT_OK, PLOT_INTERRUPTED (abort_fd, see plot_exec),
 * or PLOT_FAILED with the reason in err (gnuplot's words, or the chart
 * that is not whole).
 */
enum plot_status plot_run(const char *dir, const struct plot_spec *spec, int formats, int keep_existing,
			  const struct plot_dumb *dumb, int abort_fd, char *err, size_t errlen);

/* The most charts the registry may hold. */
#define PLOT_MAX_CHARTS 16

/*
 * Run gnuplot on script in dir once per format (dumb's text on stdout) and
 * check that each of files (names inside dir without their extension,
 * NULL-terminated) is a whole chart of each format; a file that is not
 * there is no fault when missing_ok. Returns as plot_run does.
 */
enum plot_status plot_draw(const char *dir, const char *script, int formats, const char *const *files,
			   int missing_ok, const struct plot_dumb *dumb, int abort_fd, char *err, size_t errlen);

/* A drawing's end, said (the interruption, or err) and as the exit code
 * of the command: 0, 128+N, or 1. */
int plot_exit_code(enum plot_status st, const char *err);

#endif
