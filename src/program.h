/* program.h - the Go program under test: the bundled server or the user's
 * command; start it traced, know when it listens, stop it and every
 * process it started, however leaklab ends */
#ifndef LEAKLAB_PROGRAM_H
#define LEAKLAB_PROGRAM_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct program_opts {
	char *const *argv;        /* what to run (argv[0] found on PATH) */
	int bundled;              /* the bundled leakserver: its ready line, -exit-on-eof */
	const char *host;         /* where to find it listening: "127.0.0.1", ... */
	int port;                 /* ... and its port; 0: pick a free one and pass
				   * it as PORT and ADDR (ignored when bundled) */
	char *const *env;         /* "KEY=VALUE" to add to its environment (lab's env), or NULL */
	long gomaxprocs;
	long schedtrace_ms;
	int scheddetail;
	double ready_timeout_ms;
	FILE *out_log;            /* the program's stdout is copied here; or NULL */
	/* Every chunk of its stderr, from the first byte on. */
	void (*on_stderr)(void *ud, const char *buf, size_t len);
	void *ud;
};

/* The program, opaque; program_new() / program_free(). */
struct program;

/* A program not started yet, or NULL when out of memory. */
struct program *program_new(void);

/* Stop it if it runs (program_stop with a second's grace) and free it;
 * NULL is a no-op. */
void program_free(struct program *p);

/*
 * Start the program with its argv and environment as program_env.h says
 * (GODEBUG=schedtrace added, GOMAXPROCS, PORT and ADDR, $PORT and $ADDR in
 * its words), in its own process group, under a shepherd that kills the
 * program's whole tree when leaklab goes (even by SIGKILL), and wait
 * until it is ready: its ready line (bundled) or a TCP connection to
 * host:port succeeds. Returns 0, or -1 with a sentence in err naming the
 * command and what happened (with its last stderr lines); on failure
 * nothing is left running (program_pid() still names what ran).
 */
int program_start(struct program *p, const struct program_opts *o, char *err, size_t errlen);

/* Read what the program wrote on stderr and stdout, and the shepherd's
 * news, without waiting. Returns 1 once stderr has reached its end. */
int program_drain(struct program *p);

/* The fds to poll while it runs (stderr, stdout, shepherd); returns how many. */
size_t program_fds(const struct program *p, int *fds, size_t max);

/* Has it exited? (Reads the shepherd's news first.) */
int program_exited(struct program *p);

/*
 * Stop it: SIGTERM to its group (the bundled server: stdin closed first),
 * wait for it until deadline_ms (mono_now_ms() time), then have the
 * shepherd SIGKILL whatever is left of its tree, and reap the shepherd.
 * Safe to call twice. Keeps reading its stderr meanwhile.
 */
void program_stop(struct program *p, double deadline_ms);

/* "exited with code 2", "was killed by signal 9 (Killed)": static text. */
const char *program_exit_text(const struct program *p);

/* Its last stderr lines (at most n), indented, into buf. */
void program_last_lines(const struct program *p, int n, char *buf, size_t len);

/* Where it listens ("http://127.0.0.1:PORT"), and its command, short, for
 * messages; its pid (-1 before it ran). Static while p lives. */
const char *program_url(const struct program *p);
const char *program_label(const struct program *p);
long program_pid(const struct program *p);

/* Has program_stop() stopped it and its shepherd (or did it never start)? */
int program_stopped(const struct program *p);

/* After program_stop: read what is left of its stderr, until its end or
 * until_ms (mono_now_ms() time). */
void program_drain_rest(struct program *p, double until_ms);

#endif
