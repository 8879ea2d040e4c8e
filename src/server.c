/* server.c - run leakserver as a child that can never outlive us */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mono.h"
#include "server.h"

#ifndef LEAKLAB_LIBEXECDIR
#define LEAKLAB_LIBEXECDIR "/usr/local/libexec/leaklab"
#endif

const char *server_find(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("LEAKLAB_SERVER");
	ssize_t n;

	if (env && *env)
		return access(env, X_OK) == 0 ? env : NULL;
	if (access("build/leakserver", X_OK) == 0)
		return "build/leakserver";
	n = readlink("/proc/self/exe", path, sizeof(path) - 32);
	if (n > 0) {
		char *slash;

		path[n] = '\0';
		if ((slash = strrchr(path, '/'))) {
			memcpy(slash + 1, "leakserver", sizeof("leakserver")); /* 32 bytes were kept */
			if (access(path, X_OK) == 0)
				return path;
		}
	}
	snprintf(path, sizeof(path), "%s/leakserver", LEAKLAB_LIBEXECDIR);
	return access(path, X_OK) == 0 ? path : NULL;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void child(const struct server_opts *o, int in, int out, int errfd, pid_t parent,
		  char *const argv[], char *const envp[])
{
	/* Die with the parent, even when it is SIGKILLed; if it is already
	 * gone (the race before prctl), go at once. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	/* A group of its own: the terminal's Ctrl-C reaches leaklab only, which
	 * then stops the server in order and keeps every byte. */
	setpgid(0, 0);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0)
		_exit(127);
	signal(SIGPIPE, SIG_DFL);
	execve(o->path, argv, envp);
	_exit(127);
}

extern char **environ;

int server_start(struct server *s, const struct server_opts *o, char *err, size_t errlen)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, er[2] = { -1, -1 };
	char godebug[64], gmp[32], lifetime[32], *argv[64], **envp = NULL, line[256];
	size_t nenv = 0, i, linelen = 0;
	double deadline;
	pid_t parent = getpid();
	int argc = 0, k;

	memset(s, 0, sizeof(*s));
	s->pid = -1;
	s->stdin_fd = s->stderr_fd = -1;

	snprintf(godebug, sizeof(godebug), "GODEBUG=schedtrace=%ld%s", o->schedtrace_ms,
		 o->scheddetail ? ",scheddetail=1" : "");
	snprintf(gmp, sizeof(gmp), "GOMAXPROCS=%ld", o->gomaxprocs);
	snprintf(lifetime, sizeof(lifetime), "%.0fs", o->lifetime_s > 1 ? o->lifetime_s : 1);
	argv[argc++] = (char *)o->path;
	argv[argc++] = "-exit-on-eof";
	argv[argc++] = "-lifetime";
	argv[argc++] = lifetime;
	for (k = 0; k < o->nextra && argc < 62; k++)
		argv[argc++] = o->extra_args[k];
	argv[argc] = NULL;

	/* The environment, with our GODEBUG and GOMAXPROCS instead of any. */
	while (environ[nenv])
		nenv++;
	if (!(envp = calloc(nenv + 3, sizeof(*envp)))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0, k = 0; i < nenv; i++)
		if (strncmp(environ[i], "GODEBUG=", 8) != 0 && strncmp(environ[i], "GOMAXPROCS=", 11) != 0)
			envp[k++] = environ[i];
	envp[k++] = godebug;
	envp[k++] = gmp;
	envp[k] = NULL;

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(er, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	s->pid = fork();
	if (s->pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto fail;
	}
	if (s->pid == 0)
		child(o, in[0], out[1], er[1], parent, argv, envp);
	free(envp);
	envp = NULL;
	close_fd(&in[0]);
	close_fd(&out[1]);
	close_fd(&er[1]);
	s->stdin_fd = in[1];
	s->stderr_fd = er[0];
	fcntl(s->stderr_fd, F_SETFL, fcntl(s->stderr_fd, F_GETFL) | O_NONBLOCK);

	/* Wait for "listening on http://127.0.0.1:PORT", reading stderr too so
	 * that the trace's first lines are kept and its pipe never fills. */
	deadline = mono_now_ms() + (double)o->ready_timeout_ms;
	for (;;) {
		struct pollfd pf[2] = { { out[0], POLLIN, 0 }, { s->stderr_fd, POLLIN, 0 } };
		double left = deadline - mono_now_ms();
		char buf[4096];
		ssize_t n;
		char *nl;

		if (left <= 0) {
			snprintf(err, errlen, "%s gave no ready line within %ld ms", o->path, o->ready_timeout_ms);
			goto fail;
		}
		if (poll(pf, 2, (int)left + 1) < 0 && errno != EINTR) {
			snprintf(err, errlen, "poll: %s", strerror(errno));
			goto fail;
		}
		if (pf[1].revents) {
			while ((n = read(s->stderr_fd, buf, sizeof(buf))) > 0)
				if (o->on_stderr)
					o->on_stderr(o->ud, buf, (size_t)n);
		}
		if (!pf[0].revents)
			continue;
		n = read(out[0], line + linelen, sizeof(line) - 1 - linelen);
		if (n <= 0) {
			server_stop(s, 1000);
			snprintf(err, errlen, "%s %s before it was ready", o->path, server_exit_text(s));
			goto fail;
		}
		linelen += (size_t)n;
		line[linelen] = '\0';
		if ((nl = strchr(line, '\n'))) {
			const char *prefix = "listening on ";

			*nl = '\0';
			if (strncmp(line, prefix, strlen(prefix)) != 0 ||
			    strncmp(line + strlen(prefix), "http://127.0.0.1:", 17) != 0 ||
			    strlen(line + strlen(prefix)) >= sizeof(s->url)) {
				snprintf(err, errlen, "%s said '%s', not its ready line", o->path, line);
				goto fail;
			}
			snprintf(s->url, sizeof(s->url), "%s", line + strlen(prefix));
			break;
		}
		if (linelen >= sizeof(line) - 1) {
			snprintf(err, errlen, "%s wrote a long line instead of its ready line", o->path);
			goto fail;
		}
	}
	/* Nothing more comes on stdout; closing our end is harmless to it. */
	close_fd(&out[0]);
	return 0;
fail:
	free(envp);
	close_fd(&in[0]);
	close_fd(&out[0]);
	close_fd(&out[1]);
	close_fd(&er[1]);
	if (s->pid > 0) {
		server_stop(s, 1000);
	} else {
		close_fd(&in[1]);
		close_fd(&er[0]);
	}
	s->stdin_fd = s->stderr_fd = -1;
	return -1;
}

int server_poll_exit(struct server *s)
{
	pid_t r;

	if (s->exited || s->pid <= 0)
		return 1;
	r = waitpid(s->pid, &s->status, WNOHANG);
	if (r == s->pid) {
		s->exited = 1;
		return 1;
	}
	return 0;
}

/* Wait for the child to exit for up to ms: a pidfd when the kernel has it,
 * otherwise short naps (the only place leaklab naps). */
static int wait_exit(struct server *s, long ms)
{
	double deadline = mono_now_ms() + (double)ms;
#ifdef SYS_pidfd_open
	int pfd = (int)syscall(SYS_pidfd_open, s->pid, 0);

	if (pfd >= 0) {
		while (!server_poll_exit(s)) {
			struct pollfd pf = { pfd, POLLIN, 0 };
			double left = deadline - mono_now_ms();

			if (left <= 0)
				break;
			poll(&pf, 1, (int)left + 1);
		}
		close(pfd);
		return s->exited;
	}
#endif
	while (!server_poll_exit(s) && mono_now_ms() < deadline) {
		struct timespec ts = { 0, 5 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	return s->exited;
}

int server_stop(struct server *s, long grace_ms)
{
	if (s->pid <= 0)
		return 0;
	close_fd(&s->stdin_fd);
	if (!server_poll_exit(s)) {
		kill(s->pid, SIGTERM);
		if (!wait_exit(s, grace_ms)) {
			kill(s->pid, SIGKILL);
			wait_exit(s, 5000);
		}
	}
	return 0;
}

const char *server_exit_text(const struct server *s)
{
	static char buf[64];

	if (!s->exited)
		return "is still running";
	if (WIFEXITED(s->status))
		snprintf(buf, sizeof(buf), "exited with code %d", WEXITSTATUS(s->status));
	else if (WIFSIGNALED(s->status))
		snprintf(buf, sizeof(buf), "was killed by signal %d (%s)", WTERMSIG(s->status),
			 strsignal(WTERMSIG(s->status)));
	else
		snprintf(buf, sizeof(buf), "ended");
	return buf;
}
