/* shepherd.c - the process between leaklab and the program under test
 *
 * leaklab forks a shepherd, and the shepherd starts the program. The
 * shepherd holds one end of a pipe whose other end only leaklab holds: when
 * leaklab ends, however it ends (a SIGKILL too), that pipe reaches its end
 * and the shepherd kills the program's process group and every descendant
 * left, then exits. On Linux it is also the subreaper of the program's
 * tree, so a process that left the group (setsid, a daemon) still comes
 * back to it as an orphan and is killed; the program gets PR_SET_PDEATHSIG
 * from the shepherd. `go run` starts the compiled binary as its child: the
 * process group (and the subreaper) take care of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mono.h"
#include "platform.h"
#include "shepherd.h"

extern char **environ;

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}


static volatile sig_atomic_t shepherd_stop;
static int shepherd_wake = -1;

static void shepherd_signal(int sig)
{
	int saved = errno;

	if (sig != SIGCHLD)
		shepherd_stop = 1;
	if (write(shepherd_wake, "x", 1) < 0) {
		/* full: a wake-up is pending */
	}
	errno = saved;
}

/* A line of news for leaklab: "pid N", "exit STATUS", "execfail ERRNO". */
static void tell_leaklab(int fd, const char *fmt, long v)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), fmt, v);

	if (n > 0 && write(fd, buf, (size_t)n) < 0) {
		/* leaklab is gone: the ctl pipe will say so */
	}
}

/* Every descendant of pid, depth first, into out (at most max). */
int shepherd_tree(pid_t pid, pid_t *out, int n, int max, int depth)
{
	pid_t kids[128];
	int k = depth < 16 ? plat_children(pid, kids, 128) : -1;

	for (int i = 0; i < k && n < max; i++) {
		out[n++] = kids[i];
		n = shepherd_tree(kids[i], out, n, max, depth + 1);
	}
	return n;
}

/* Kill the program's whole tree: every descendant found while the tree is
 * whole (a process that left the group is still some process's child),
 * the group, and then whatever comes back to us as an orphan. */
static void kill_tree(pid_t pgid, int have_subreaper)
{
	static pid_t tree[4096];
	double deadline = mono_now_ms() + 3000;
	int n = shepherd_tree(pgid, tree, 0, 4096, 0);

	kill(-pgid, SIGSTOP); /* nobody forks while we look */
	n = shepherd_tree(pgid, tree, n, 4096, 0);
	kill(-pgid, SIGKILL);
	for (int i = 0; i < n; i++) {
		kill(-tree[i], SIGKILL);
		kill(tree[i], SIGKILL);
	}
	for (;;) {
		pid_t kids[256];
		int k = have_subreaper ? plat_children(getpid(), kids, 256) : -1;
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (k <= 0) {
			/* Without a list of our children: wait for ours to be reaped. */
			if (k < 0 && waitpid(-1, NULL, WNOHANG) == 0 && mono_now_ms() < deadline) {
				kill(-pgid, SIGKILL);
				nanosleep(&ts, NULL);
				continue;
			}
			break;
		}
		for (int i = 0; i < k; i++) {
			kill(-kids[i], SIGKILL);
			kill(kids[i], SIGKILL);
		}
		if (mono_now_ms() > deadline)
			break;
		nanosleep(&ts, NULL);
	}
}

/* In the program's process, between fork and exec. */
static void exec_program(char *const *argv, char *const *envp, int in, int out, int errfd, int execfail,
			 pid_t parent)
{
	struct sigaction sa;
	sigset_t none;
	int sig;

	setpgid(0, 0);
	plat_die_with_parent(SIGKILL);
	if (getppid() != parent)
		_exit(127);
	/* Default signal handling, nothing blocked, as a shell would start it. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0)
		_exit(127);
	if ((execfail != 3 && dup2(execfail, 3) < 0) || fcntl(3, F_SETFD, FD_CLOEXEC) < 0)
		_exit(127);
	plat_close_from(4);
	environ = (char **)envp;
	execvp(argv[0], argv);
	{
		int err = errno;

		if (write(3, &err, sizeof(err)) < 0) {
			/* nothing more to say */
		}
	}
	_exit(127);
}

/* The shepherd: start the program, report on it, and when leaklab's end
 * of ctl closes (leaklab is done or dead), kill the program's tree. */
static void shepherd(char *const *argv, char *const *envp, int in, int out, int errfd, int ctl, int rep,
		     pid_t leaklab)
{
	int wake[2], efail[2], have_subreaper, ev;
	struct sigaction sa;
	pid_t child;
	ssize_t n;

	/* Not the terminal's Ctrl-C: leaklab stops things in order. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	plat_die_with_parent(SIGTERM);
	if (getppid() != leaklab)
		_exit(0);
	if (pipe(wake) < 0 || pipe(efail) < 0)
		_exit(1);
	fcntl(wake[0], F_SETFD, FD_CLOEXEC);
	fcntl(wake[1], F_SETFD, FD_CLOEXEC);
	fcntl(efail[0], F_SETFD, FD_CLOEXEC);
	set_nonblock(wake[0]);
	set_nonblock(wake[1]);
	shepherd_wake = wake[1];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = shepherd_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	have_subreaper = plat_become_subreaper() == 0;

	child = fork();
	if (child < 0) {
		tell_leaklab(rep, "execfail %ld\n", errno);
		_exit(1);
	}
	if (child == 0) {
		close(wake[0]);
		close(wake[1]);
		close(efail[0]);
		close(ctl);
		close(rep);
		exec_program(argv, envp, in, out, errfd, efail[1], getppid());
	}
	setpgid(child, child); /* both sides, so no race with kill(-pgid) */
	close(efail[1]);
	close(in);
	close(out);
	close(errfd);
	/* exec closes efail; a failed exec writes its errno first. */
	while ((n = read(efail[0], &ev, sizeof(ev))) < 0 && errno == EINTR)
		;
	close(efail[0]);
	if (n == (ssize_t)sizeof(ev)) {
		tell_leaklab(rep, "execfail %ld\n", ev);
		waitpid(child, NULL, 0);
		_exit(0);
	}
	tell_leaklab(rep, "pid %ld\n", child);

	for (;;) {
		struct pollfd pf[2] = { { ctl, POLLIN, 0 }, { wake[0], POLLIN, 0 } };
		char buf[64];
		int status;
		pid_t r;

		while ((r = waitpid(-1, &status, WNOHANG)) > 0)
			if (r == child)
				tell_leaklab(rep, "exit %ld\n", status);
		if (shepherd_stop)
			break;
		if (poll(pf, 2, 1000) < 0 && errno != EINTR)
			break;
		if (pf[0].revents) {
			/* leaklab closed it (done, or dead): nothing else comes. */
			if (read(ctl, buf, sizeof(buf)) <= 0)
				break;
		}
		if (pf[1].revents)
			while (read(wake[0], buf, sizeof(buf)) > 0)
				;
	}
	kill_tree(child, have_subreaper);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	_exit(0);
}

pid_t shepherd_fork(char *const *argv, char *const *envp, int in, int out, int err, int ctl, int rep,
		    const int *close_in_child, int nclose)
{
	pid_t leaklab = getpid(), pid;

	fflush(NULL);
	if ((pid = fork()) != 0)
		return pid;
	for (int i = 0; i < nclose; i++)
		close(close_in_child[i]);
	shepherd(argv, envp, in, out, err, ctl, rep, leaklab);
	_exit(0);
}
