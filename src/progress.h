/* progress.h - the course at a glance: each lab's state, the hunt, the exercises and the one next step (pure) */
#ifndef LEAKLAB_PROGRESS_H
#define LEAKLAB_PROGRESS_H

#include <stddef.h>

#define PROGRESS_MAX_LABS 16
#define PROGRESS_MAX_EXERCISES 32
#define PROGRESS_MAX_VARIANTS 16    /* the hunt's variants, 1..15 */

/* What a lab's latest run shows against what the lab expects. */
enum progress_state {
	PROGRESS_NOT_RUN,       /* no OUTDIR/<lab>-latest */
	PROGRESS_MET,           /* the verdict is the one expected */
	PROGRESS_NOT_MET,       /* another verdict */
	PROGRESS_PARTIAL,       /* the run was interrupted, or is still running */
	PROGRESS_UNREADABLE,    /* its summary.json is missing, damaged or too old */
	PROGRESS_DONE           /* run; the lab expects no verdict in particular */
};

/* One lab: what its file says and what its latest run left. The reader
 * (cmd_progress.c) fills everything above "state"; progress_decide() the rest. */
struct progress_lab {
	char name[64];          /* "03-blocked-leak" */
	char path[256];         /* "lab/03-blocked-leak.lab", as make lab takes it */
	int hunt;               /* "verdict = hidden": the leak hunt */
	char lab_expected[32];  /* the lab file's "expected ="; "" */
	int run;                /* its latest run directory is there */
	char unreadable[160];   /* why its summary could not be read; "" when it could */
	char verdict[32];       /* summary.json's "verdict" */
	char expected[32];      /* summary.json's "expected"; "" (null, or an older run) */
	int expected_met;       /* summary.json's "expected_met": 1, 0, or -1 when absent */
	int partial;            /* summary.json's or meta.txt's "partial" */
	enum progress_state state;
};

/* The hunt's checks (hunt-check.tsv), counted per variant. */
struct progress_hunt {
	int run_variant;        /* the hunt run's variant (its MYSTERY_VARIANT); 0 unknown */
	int last_variant;       /* the variant of the last check; 0 none */
	int checks[PROGRESS_MAX_VARIANTS];      /* checks of each variant */
	int right_try[PROGRESS_MAX_VARIANTS];   /* the first try with all four right; 0 none */
	int last_right[PROGRESS_MAX_VARIANTS];  /* fields right in its last check */
	char unreadable[160];   /* why hunt-check.tsv could not be read; "" */
	/* Decided by progress_decide(): */
	int variant;            /* the one shown: the run's, else the last checked; 0 */
};

/* The exercises' record (exercises.tsv), in its order. */
struct progress_exercises {
	int known;              /* the record was read */
	int total, fixed;
	char bar[PROGRESS_MAX_EXERCISES + 1];   /* '#' fixed, '.' not */
	char next[64];          /* the first one not fixed; "" */
	char unreadable[160];   /* why it could not be read; "" */
};

/* The one thing to do next. */
enum progress_next {
	PROGRESS_NEXT_LAB,              /* read labs[next_lab]'s worksheet, then make lab */
	PROGRESS_NEXT_HUNT_RUN,         /* every lab met: make hunt */
	PROGRESS_NEXT_HUNT_CHECK,       /* the hunt run: find the leak, make hunt-check */
	PROGRESS_NEXT_EXERCISES_RUN,    /* the hunt solved: make exercises */
	PROGRESS_NEXT_EXERCISE_FIX,     /* fix ex.next, then make exercises */
	PROGRESS_NEXT_DONE              /* all of it */
};

struct progress {
	struct progress_lab labs[PROGRESS_MAX_LABS];
	int nlabs;
	int hunt_lab;           /* the index of the hunt's lab; -1 when there is none */
	struct progress_hunt hunt;
	struct progress_exercises ex;
	int pt;                 /* the worksheets to name are Portuguese (worksheets/pt-BR/) */
	char outdir[256];       /* where the runs are, for the text ("out") */
	/* Decided by progress_decide(): */
	int met, expecting;     /* labs met, of the labs that expect a verdict */
	enum progress_next next;
	int next_lab;           /* the lab of PROGRESS_NEXT_LAB; -1 */
};

/* An empty course: no lab, no check, no record; hunt_lab and next_lab -1. */
void progress_init(struct progress *p);

/* Count one row of hunt-check.tsv: its variant, its try, how many of the
 * four fields were right, and whether all were. A variant out of range is
 * passed over (the last variant is still noted when it is in range). */
void progress_hunt_add(struct progress_hunt *h, int variant, int try, int nright, int all);

/* Add one row of exercises.tsv in order; past PROGRESS_MAX_EXERCISES, rows
 * are counted but not drawn in the bar. */
void progress_exercise_add(struct progress_exercises *e, const char *name, int fixed);

/* Decide each lab's state, the labs met, the hunt's variant and the next
 * step, from what the reader filled in. No I/O. */
void progress_decide(struct progress *p);

/* The state's word as a person reads it ("met", "not met", ...), translated. */
const char *progress_state_name(enum progress_state s);

/*
 * The whole screen, decided already: a title, one line per lab (the
 * hunt's with its checks), the exercises and the next step, each line at
 * most width columns (UTF-8 characters; at least 40), colour (ANSI SGR)
 * when color is 1. Returns the length needed, like snprintf; buf is always
 * NUL-terminated when len > 0. No I/O.
 */
size_t progress_format(const struct progress *p, int color, int width, char *buf, size_t len);

#endif
