/* class.h - the instructor's class view, its pure part: runs grouped by lab
 * and student, the latest run of each, the class's min / median / max and
 * the outliers with their likely reason. No I/O: class_scan.c fills it,
 * class_page.c writes it. */
#ifndef LEAKLAB_CLASS_H
#define LEAKLAB_CLASS_H

#include <stddef.h>

/* Points of a student's curve kept for the class's charts. */
#define CLASS_CURVE_POINTS 300

/* What a lab's chart draws: the run queues for a runnable leak, the
 * goroutine count for a blocked one (and a lab that expects none). */
enum class_signal { CLASS_QUEUED, CLASS_GOROUTINES };

/* The numbers of a run the class is compared on, one table (class.c):
 * every writer reads its rows. */
enum class_col {
	CLASS_PER_REQUEST, CLASS_SLOPE, CLASS_R2, CLASS_TIME_SLICE, CLASS_PROBE_P99, CLASS_SAMPLES, CLASS_NCOLS
};
struct class_col_def {
	const char *tsv;       /* class.tsv's column: "leaks_per_request" */
	const char *head;      /* the page's column head, in English (for _()) */
	const char *fmt;       /* printf format of a value */
};
extern const struct class_col_def class_cols[CLASS_NCOLS];

/* A curve over time: seconds since the program started, and its values. */
struct class_curve {
	double *t, *v;
	size_t n;
};

/* The hunt's record of one run (hunt-check.tsv): the last check's fields. */
#define CLASS_HUNT_FIELDS 4
extern const char *const class_hunt_fields[CLASS_HUNT_FIELDS];  /* "kind", "endpoint", ... */
struct class_hunt {
	int present;           /* a hunt-check.tsv was read */
	char variant[32];
	int tries;             /* checks of that variant */
	char field[CLASS_HUNT_FIELDS][8];   /* "right", "wrong", "missing", "" */
	int all_at;            /* the try all four were right first; 0 never */
};

/* One run directory as read; strings are clean UTF-8 (class_clean_text). */
struct class_run {
	char *dir;             /* its path as found (owned) */
	char folder[512];      /* where it came from, for a run without a student */
	char student[128];     /* as it was run ($LEAKLAB_STUDENT), "" when none */
	char lab[64], title[200];
	char title_pt[200];    /* the lab's title.pt_BR, "" when none */
	char verdict[32], expected[32];
	int expected_met;      /* 1, 0, -1 unknown */
	char go_version[96], version[32];
	char start_time[40], ended[160];
	double when;           /* its start, seconds since the epoch */
	long gomaxprocs;       /* -1 unknown */
	int partial;
	/* summary.json's numbers, NAN when it lacks one. */
	double queued_per_leak, queued_slope, queued_r2;
	double goroutines_start, goroutines_end, goroutines_slope, goroutines_r2;
	double requests_sent, time_slice_ms, probe_p99_ms, samples;
	int missing_keys;      /* keys of today's summary.json it lacks */
	char missing_first[40];/* the first of them */
	struct class_curve queued, goroutines;
	int no_trace;          /* no trace.tsv: no queued curve */
	struct class_hunt hunt;
	char unreadable[240];  /* why it could not be read, in English; "" when it was */
	char unreadable_shown[240]; /* the same in the reader's language */

	/* Set by class_build(). */
	char who[520];         /* the student, or the folder for a run without one */
	int named;             /* who is a student's name (not a folder) */
	int latest;            /* the student's latest run of the lab: it counts */
	double v[CLASS_NCOLS]; /* the numbers by class_cols, for the lab's signal */
	unsigned why;          /* why it stands out: CLASS_WHY_* bits, 0 when not */
};

/* Why a run stands out (class_reasons() says it in words). */
enum {
	CLASS_WHY_UNREADABLE = 1 << 0,  /* it could not be read: r->unreadable */
	CLASS_WHY_PARTIAL = 1 << 1,
	CLASS_WHY_OLDER = 1 << 2,       /* summary.json lacks keys: an older leaklab */
	CLASS_WHY_VERSION = 1 << 3,     /* another leaklab version than most */
	CLASS_WHY_GOMAXPROCS = 1 << 4,
	CLASS_WHY_FEW_SAMPLES = 1 << 5,
	CLASS_WHY_NO_LEAK = 1 << 6,     /* no leak where the lab expects one */
	CLASS_WHY_VERDICT = 1 << 7,     /* another verdict than the lab expects */
	CLASS_WHY_FAR = 1 << 8,         /* leaks per request far from the class's median */
	CLASS_WHY_NO_CURVE = 1 << 9     /* nothing to draw */
};

/* A student's exercises.tsv: the latest `make exercises`. */
struct class_exercises {
	char folder[512];      /* the out/ folder it was in */
	char student[128];     /* its student column ("" none) */
	char time[40];
	int fixed, total;
	char bar[64];          /* '#' fixed, '.' not, in the file's order */
	char who[520];         /* set by class_build(): whose it is */
};

struct class_stats {
	double min, median, max;
	size_t n;              /* values that were numbers */
};

/* A lab of the class: its runs (indices into class->runs, by student then
 * newest first), what it draws and how the class did. */
struct class_lab {
	char name[64], title[200], title_pt[200], expected[32];
	int hunt;              /* lab 10: no verdict to expect, the hunt's table */
	enum class_signal signal;
	size_t *runs, nruns;
	size_t students;       /* latest runs = students who ran it */
	size_t met;            /* latest runs whose verdict was the expected one */
	long gomaxprocs;       /* most latest runs' (-1 none) */
	char version[32];      /* most latest runs' leaklab version */
	struct class_stats stats[CLASS_NCOLS];
	double xmax, ymax;     /* the chart's axes: seconds, values */
	struct class_curve median;   /* the class's median curve (owned) */
	size_t outliers;       /* runs with a reason: latest ones, and unreadable ones */
};

struct class {
	struct class_run *runs;
	size_t nruns, cap;
	struct class_exercises *ex;
	size_t nex, excap;
	/* Set by class_build(). */
	struct class_lab *labs;
	size_t nlabs;
	size_t students;       /* distinct students (or folders) */
	size_t unreadable;
};

/* A new empty class (class_free it), or NULL without memory. */
struct class *class_new(void);
void class_free(struct class *c);

/* A new zeroed run at the end of c, its numbers NAN and dir a copy of
 * dir; NULL without memory. The pointer holds until the next add. */
struct class_run *class_add_run(struct class *c, const char *dir);

/* A new zeroed exercises record, or NULL. */
struct class_exercises *class_add_exercises(struct class *c);

/*
 * Group the runs: each one's who (student or folder), the labs sorted by
 * name with their runs by student, the latest run of each student and lab
 * (its start time, then its path), the lab's signal, the class's
 * min / median / max over the latest runs, the median curve, and every
 * latest run's reasons to stand out. Exercises records get their who.
 * Returns 0, or -1 without memory. Call it once, after every add.
 */
int class_build(struct class *c);

/* min / median / max of the numbers among v[0..n) (NAN ones skipped;
 * all NAN when none). */
void class_stats_of(const double *v, size_t n, struct class_stats *out);

/* A curve of at most max points from n samples (t[i], v[i]): every k-th
 * sample and the last, as steps. Into out (owned: free out->t, out->v);
 * -1 without memory. */
int class_thin(const double *t, const double *v, size_t n, size_t max, struct class_curve *out);

/* The value of a step curve at time t: the last sample at or before t;
 * NAN before its first or after its last. */
double class_curve_at(const struct class_curve *c, double t);

/* Text made safe for every place it lands: bytes that are not UTF-8
 * become U+FFFD, control characters a space; into out (always ended). */
void class_clean_text(const char *s, char *out, size_t len);

/*
 * The reasons run r of lab l stands out (r->why), in words, "; " between,
 * into out (always ended): in English when english (class.tsv), else in
 * the reader's language (the page). Returns the length it needed.
 */
size_t class_reasons(const struct class_run *r, const struct class_lab *l, int english, char *out, size_t len);

/* The lab's title as the reader reads it: title.pt_BR in Portuguese,
 * else its title, else its name. */
const char *class_lab_title(const struct class_lab *l);

/* Students' names in the order a person expects: letters without regard
 * to case, a run of digits by its value ("Aluna 2" before "Aluna 10"),
 * then byte order so that different names never compare equal. */
int class_name_cmp(const char *a, const char *b);

/* A verdict's word for the table: "met", "not met", "" unknown. */
const char *class_met_word(int met);

#endif
