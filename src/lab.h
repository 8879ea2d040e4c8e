/* lab.h - lab files: one experiment as key = value lines (pure) */
#ifndef LEAKLAB_LAB_H
#define LEAKLAB_LAB_H

#include <stddef.h>

#define LAB_MAX_WORDS 64     /* words of command or server_flags */
#define LAB_MAX_TARGETS 16
#define LAB_MAX_HEADERS 16
#define LAB_MAX_ENV 16

/* One kind of request the load mixes: "POST /api/checkout weight=3 body=@f.json". */
struct lab_target {
	char method[16];        /* GET, POST, ... */
	char path[256];         /* "/api/checkout?x=1": a path on the program */
	long weight;            /* share of the requests, relative to the others */
	char body_file[256];    /* "" for none, else a file as written (relative to the current directory) */
};

struct lab {
	char name[64];          /* from the file name unless given: "01-cpu-leak" */
	char title[160];        /* the charts' title, in English */
	char title_pt[256];     /* title.pt_BR: the same in Brazilian Portuguese; "" */
	char command[1024];     /* the program to run, as written; "" for the bundled server */
	char url[256];          /* a fixed address of the program; "" to pass it PORT and ADDR;
				 * without a command: a service already running (attach) */
	char pprof[256];        /* where its net/http/pprof handlers are ("" : on url) */
	char env[LAB_MAX_ENV][256];   /* "KEY=VALUE" added to the program's environment */
	int nenv;
	struct lab_target targets[LAB_MAX_TARGETS];
	int ntargets;           /* at least 1 */
	char headers[LAB_MAX_HEADERS][256];
	int nheaders;
	char rate[512];         /* a schedule (see schedule.h) */
	long gomaxprocs;
	long schedtrace_ms;
	int scheddetail;
	char probe[256];        /* latency probe path, "" for none */
	double probe_every_ms;
	double sample_every_ms; /* pprof goroutine poll */
	double duration_ms;     /* hard cap on the run; 0: schedule + tail */
	double ready_timeout_ms;/* how long the program may take to listen */
	long timeout_ms;        /* client time-out per request */
	char server_flags[512];
	int verdict_hidden;     /* "verdict = hidden": a hunt keeps its answer back */
	char expected[32];      /* the verdict the lab expects to show ("runnable leak"); "" */
	char student[128];      /* who ran it ($LEAKLAB_STUDENT, or --set student=...); "" */
	int keys_set;           /* keys the file and --set gave */
	/* parse state: keys given so far, and which repeatable lists --set replaced */
	unsigned long seen_mask, set_mask;
	int seen_line[32];
};

struct lab_error {
	char msg[704];          /* "lab/01-cpu-leak.lab:7: unknown key 'rat'": where and what */
	char where[300];        /* "lab/01-cpu-leak.lab:7", "--set 'rat=1'", "words" */
	char what[400];         /* "unknown key 'rat'" */
};

/* Fill lab with the defaults; name comes from path's base name, ".lab" cut. */
void lab_defaults(struct lab *lab, const char *path);

/*
 * Parse a lab file's text: "key = value" lines, '#' comments, blank lines.
 * Every value is checked (a rate must be a valid schedule). Returns 0, or -1
 * with err naming path:line and the offending text.
 */
int lab_parse(struct lab *lab, const char *text, size_t len, const char *path, struct lab_error *err);

/* Apply one "KEY=VALUE" override (--set). A repeatable key's first --set
 * replaces the file's list, later ones add to it. Returns 0 or -1 with err. */
int lab_set(struct lab *lab, const char *assignment, struct lab_error *err);

/* Write the lab as canonical "key = value" lines into buf (NUL-terminated).
 * Returns the length it needed (like snprintf). */
size_t lab_format(const struct lab *lab, char *buf, size_t len);

/* The title to show: title.pt_BR when leaklab speaks Portuguese
 * (i18n_pt()) and the lab has one, else title. */
const char *lab_title(const struct lab *lab);

/* Every key with one line of help, for --help. Returns the length it
 * needed (like snprintf). */
size_t lab_keys_help(char *buf, size_t len);

/* "/leak" for one GET target, "POST /x" for one other, "3 kinds of request"
 * for a mix: how the summary and the charts name the load. In English
 * (summary.json's "targets"); lab_describe_targets_shown() says the same
 * in the reader's language ("3 tipos de requisição"), for people. */
void lab_describe_targets(const struct lab *lab, char *buf, size_t len);
void lab_describe_targets_shown(const struct lab *lab, char *buf, size_t len);

/* "GET /leak", "POST /x @body.json": a target as requests.tsv names it. */
void lab_target_label(const struct lab_target *t, char *buf, size_t len);

/*
 * Split text into words as a POSIX shell would, without any expansion:
 * blanks separate words, '...' keeps everything, "..." keeps everything but
 * \" \\ \$ \` \<newline>, and a backslash outside quotes takes the next
 * character as it is. Words go into storage; argv gets at most max of them.
 * Returns the count, or -1 with err (an unclosed quote, too many words).
 */
int lab_split_words(const char *text, char *storage, size_t storage_len, char **argv, int max,
		    struct lab_error *err);

/* argv as words lab_split_words reads back the same (quoted where
 * needed) into buf; returns the length needed, like snprintf. */
size_t lab_quote_words(char *const *argv, char *buf, size_t len);

/* server_flags as argv words (into storage); returns the count, or -1 with
 * err when a flag is one leaklab sets itself. */
int lab_server_args(const struct lab *lab, char *storage, size_t storage_len,
		    char **argv, int max, struct lab_error *err);

#endif
