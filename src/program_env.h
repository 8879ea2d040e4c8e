/* program_env.h - the program's argv and environment, built from the run's
 * settings (pure: no getenv, no exec) */
#ifndef LEAKLAB_PROGRAM_ENV_H
#define LEAKLAB_PROGRAM_ENV_H

#include <stddef.h>

struct program_env_opts {
	char *const *argv;        /* the command as written (argv[0] found on PATH later) */
	char *const *environ;     /* the environment it starts from (leaklab's own) */
	char *const *extra;       /* "KEY=VALUE" to add (the lab's env lines); NULL-terminated, or NULL */
	int bundled;              /* the bundled leakserver: no PORT, ADDR or $-words */
	const char *host;         /* where it must listen, and its port; port 0: */
	int port;                 /*   none given (a lab url it listens on by itself) */
	long gomaxprocs;
	long schedtrace_ms;
	int scheddetail;
};

/* What to exec: both NULL-terminated; they belong to the struct. */
struct program_env {
	char **argv;
	char **envp;
	/* storage */
	char *godebug, *gomaxprocs, *port, *addr, *wrapper;
	char **words;             /* argv words with $PORT and $ADDR replaced */
	size_t nwords;
};

/*
 * Build the program's argv and environment:
 *  - GODEBUG gets schedtrace=N (and scheddetail=1) added after the user's
 *    own GODEBUG (the lab's env line first, else the environment's), never
 *    replacing it; GOMAXPROCS is the lab's;
 *  - for a program of the user's with a port: PORT and ADDR=host:PORT in
 *    its environment, and $PORT, ${PORT}, $ADDR and ${ADDR} in its
 *    arguments replaced by them (nothing else is expanded: "$HOME" and a
 *    "sh -c '...'" keep their own $ text);
 *  - the lab's env lines added (they win over the environment's);
 *  - `go run` gets the trace settings through -exec, so the go command
 *    itself is not traced (nor run at the lab's GOMAXPROCS): only the
 *    program it builds is; a user's own -exec traces everything, as asked.
 * Returns 0, or -1 when out of memory (e is then empty). Free with
 * program_env_free().
 */
int program_env_build(struct program_env *e, const struct program_env_opts *o);

/* Free what program_env_build made; a zeroed struct is a no-op. */
void program_env_free(struct program_env *e);

/* Is argv "go run ..." (the go command by any path)? */
int program_is_go_run(char *const *argv);

/*
 * A run's name for a command: the program's base name ("./bin/shop" is
 * "shop"), for `go run` the package's last element ("go run ./cmd/shop" is
 * "shop"; "go run ." is "own-program"); letters, digits and '-' kept, the
 * rest '_'. Into out (NUL-terminated); returns out.
 */
char *program_name(char *const *argv, char *out, size_t len);

#endif
