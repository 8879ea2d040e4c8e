/* shepherd.h - start the program under a shepherd that stops its whole
 * tree when leaklab ends, however it ends */
#ifndef LEAKLAB_SHEPHERD_H
#define LEAKLAB_SHEPHERD_H

#include <sys/types.h>

/*
 * Fork the shepherd. It starts argv (found on PATH) with envp, in a
 * process group of its own, with in, out and err as its stdin, stdout and
 * stderr and default signal handling; it writes its news to rep, one line
 * each: "pid N" once the program runs, "exit STATUS" (a waitpid status)
 * when it ends, "execfail ERRNO" when it could not be started. When ctl
 * (whose other end only leaklab holds) reaches its end, or the shepherd
 * gets SIGTERM or SIGHUP, it kills the program's whole tree and exits. In
 * the child the fds of close_in_child are closed first (leaklab's ends).
 * Returns the shepherd's pid, or -1 with errno set.
 */
pid_t shepherd_fork(char *const *argv, char *const *envp, int in, int out, int err, int ctl, int rep,
		    const int *close_in_child, int nclose);

/* Every descendant of pid, depth first, into out from out[n] on (at most
 * max in all, 16 levels deep); returns the new count. For stopping a
 * tree in order (SIGTERM to each) before the shepherd's SIGKILL. */
int shepherd_tree(pid_t pid, pid_t *out, int n, int max, int depth);

#endif
