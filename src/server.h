/* server.h - the leakserver child process: start it, watch it, stop it */
#ifndef LEAKLAB_SERVER_H
#define LEAKLAB_SERVER_H

#include <stddef.h>
#include <sys/types.h>

struct server {
	pid_t pid;
	int stdin_fd;         /* our end of its stdin: closing it ends it (-exit-on-eof) */
	int stderr_fd;        /* its stderr: the schedtrace; non-blocking */
	char url[128];        /* "http://127.0.0.1:PORT" from its ready line */
	int exited;           /* reaped */
	int status;           /* waitpid status once reaped */
};

struct server_opts {
	const char *path;     /* the leakserver binary */
	long gomaxprocs;
	long schedtrace_ms;
	int scheddetail;
	double lifetime_s;    /* passed as -lifetime: a backstop */
	char **extra_args;    /* more flags; may be NULL */
	int nextra;
	long ready_timeout_ms;
	/* Called with every stderr chunk that arrives while waiting for ready. */
	void (*on_stderr)(void *ud, const char *buf, size_t len);
	void *ud;
};

/*
 * Find the leakserver binary: $LEAKLAB_SERVER, build/leakserver under the
 * working directory, next to this program, then the install's libexec.
 * Returns a static string, or NULL when none exists.
 */
const char *server_find(void);

/*
 * Start the server with GODEBUG=schedtrace=N[,scheddetail=1] and GOMAXPROCS,
 * in its own process group, dying with us (PR_SET_PDEATHSIG and stdin EOF),
 * and wait for its ready line. Returns 0, or -1 with a sentence in err; on
 * failure nothing is left running.
 */
int server_start(struct server *s, const struct server_opts *o, char *err, size_t errlen);

/*
 * Stop it: close stdin, SIGTERM, then SIGKILL after grace_ms; reap it.
 * Safe to call twice and after it died by itself. Returns 0.
 */
int server_stop(struct server *s, long grace_ms);

/* Reap it if it has exited; returns 1 when it is gone. */
int server_poll_exit(struct server *s);

/* "exited with code 2", "killed by SIGKILL": a static description. */
const char *server_exit_text(const struct server *s);

#endif
