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
	long gomaxprocs;
	long schedtrace_ms;
	int scheddetail;
	double ready_timeout_ms;
	FILE *out_log;            /* the program's stdout is copied here; or NULL */
	/* Every chunk of its stderr, from the first byte on. */
	void (*on_stderr)(void *ud, const char *buf, size_t len);
	void *ud;
};

struct program {
	pid_t pid;                /* the program, and its process group */
	pid_t shepherd;           /* our child that started it and outlives us */
	int in_fd;                /* its stdin (our end): closing it ends the bundled server */
	int err_fd, out_fd;       /* its stderr and stdout (non-blocking) */
	int ctl_fd;               /* to the shepherd: closing it ends the program's whole tree */
	int rep_fd;               /* from the shepherd: "pid N", "exit STATUS" */
	char url[256];            /* "http://127.0.0.1:PORT" once it listens */
	char label[160];          /* the command, short, for messages */
	int exited;               /* its exit status is known */
	int status;               /* waitpid status */
	int exec_errno;           /* it could not be started */
	char tail[2048];          /* its last stderr bytes, for messages */
	size_t tail_len;
	char rep[128];            /* a partial report line */
	size_t rep_len;
	FILE *out_log;
	void (*on_stderr)(void *ud, const char *buf, size_t len);
	void *ud;
};

/*
 * Start the program with GODEBUG=schedtrace=N[,scheddetail=1] added to the
 * user's GODEBUG and GOMAXPROCS set, in its own process group, under a
 * shepherd that kills the program's whole tree when leaklab goes (even by
 * SIGKILL), and wait until it is ready: its ready line (bundled) or a TCP
 * connection to host:port succeeds. `go run` gets the trace settings
 * through -exec, so only the program is traced, not the go command.
 * Returns 0, or -1 with a sentence in err naming the command and what
 * happened (with its last stderr lines); on failure nothing is left
 * running.
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

/* Find the bundled leakserver: $LEAKLAB_SERVER, build/leakserver, next to
 * this program, then the install's libexec. Returns a static string, or
 * NULL with the paths tried in tried (for the message). */
const char *program_find_server(char *tried, size_t triedlen);

#endif
