/* program.c - run the Go program under test so that it can never outlive us
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
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mono.h"
#include "platform.h"
#include "program.h"
#include "schedtrace.h"

#ifndef LEAKLAB_LIBEXECDIR
#define LEAKLAB_LIBEXECDIR "/usr/local/libexec/leaklab"
#endif

extern char **environ;

/* ------------------------------------------------------------ the server */

const char *program_find_server(char *tried, size_t triedlen)
{
	static char path[PATH_MAX];
	const char *env = getenv("LEAKLAB_SERVER");
	char self[PATH_MAX];

	if (env && *env) {
		snprintf(tried, triedlen, "%s (LEAKLAB_SERVER)", env);
		return access(env, X_OK) == 0 ? env : NULL;
	}
	if (access("build/leakserver", X_OK) == 0)
		return "build/leakserver";
	snprintf(tried, triedlen, "build/leakserver");
	if (plat_self_exe(self, sizeof(self) - 32) == 0) {
		char *slash;

		if ((slash = strrchr(self, '/'))) {
			memcpy(slash, "/leakserver", sizeof("/leakserver")); /* 32 bytes were kept */
			memcpy(path, self, sizeof(path));
			if (access(path, X_OK) == 0)
				return path;
		}
	}
	snprintf(path, sizeof(path), "%s/leakserver", LEAKLAB_LIBEXECDIR);
	if (access(path, X_OK) == 0)
		return path;
	snprintf(tried + strlen(tried), triedlen - strlen(tried), ", %s", path);
	return NULL;
}

/* ------------------------------------------------------------- helpers */

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Keep the last bytes of stderr for messages. */
static void keep_tail(struct program *p, const char *buf, size_t n)
{
	size_t cap = sizeof(p->tail);

	if (n >= cap) {
		memcpy(p->tail, buf + n - cap, cap);
		p->tail_len = cap;
		return;
	}
	if (p->tail_len + n > cap) {
		size_t drop = p->tail_len + n - cap;

		memmove(p->tail, p->tail + drop, p->tail_len - drop);
		p->tail_len -= drop;
	}
	memcpy(p->tail + p->tail_len, buf, n);
	p->tail_len += n;
}

static int read_stderr(struct program *p)
{
	char buf[65536];
	ssize_t n;

	if (p->err_fd < 0)
		return 1;
	while ((n = read(p->err_fd, buf, sizeof(buf))) > 0) {
		keep_tail(p, buf, (size_t)n);
		if (p->on_stderr)
			p->on_stderr(p->ud, buf, (size_t)n);
	}
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		close_fd(&p->err_fd);
		return 1;
	}
	return 0;
}

static void read_stdout(struct program *p, char *line, size_t *linelen, size_t linecap)
{
	char buf[16384];
	ssize_t n;

	if (p->out_fd < 0)
		return;
	while ((n = read(p->out_fd, buf, sizeof(buf))) > 0) {
		if (p->out_log)
			fwrite(buf, 1, (size_t)n, p->out_log);
		if (line && *linelen + 1 < linecap) {
			size_t k = (size_t)n < linecap - 1 - *linelen ? (size_t)n : linecap - 1 - *linelen;

			memcpy(line + *linelen, buf, k);
			*linelen += k;
			line[*linelen] = '\0';
		}
	}
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		close_fd(&p->out_fd);
}

/* The shepherd's news: "pid N", "exit STATUS", "execfail ERRNO". */
static void read_reports(struct program *p)
{
	ssize_t n;

	if (p->rep_fd < 0)
		return;
	while ((n = read(p->rep_fd, p->rep + p->rep_len, sizeof(p->rep) - 1 - p->rep_len)) > 0) {
		char *nl;

		p->rep_len += (size_t)n;
		p->rep[p->rep_len] = '\0';
		while ((nl = strchr(p->rep, '\n'))) {
			long v;

			*nl = '\0';
			if (sscanf(p->rep, "exit %ld", &v) == 1) {
				p->exited = 1;
				p->status = (int)v;
			} else if (sscanf(p->rep, "execfail %ld", &v) == 1) {
				p->exec_errno = (int)v;
			} else if (sscanf(p->rep, "pid %ld", &v) == 1) {
				p->pid = (pid_t)v;
			}
			p->rep_len -= (size_t)(nl + 1 - p->rep);
			memmove(p->rep, nl + 1, p->rep_len + 1);
		}
		if (p->rep_len == sizeof(p->rep) - 1)
			p->rep_len = 0; /* nonsense: drop it */
	}
	if (n == 0)
		close_fd(&p->rep_fd);
}

int program_drain(struct program *p)
{
	int eof = read_stderr(p);

	read_stdout(p, NULL, NULL, 0);
	read_reports(p);
	return eof;
}

size_t program_fds(const struct program *p, int *fds, size_t max)
{
	size_t n = 0;

	if (p->err_fd >= 0 && n < max)
		fds[n++] = p->err_fd;
	if (p->out_fd >= 0 && n < max)
		fds[n++] = p->out_fd;
	if (p->rep_fd >= 0 && n < max)
		fds[n++] = p->rep_fd;
	return n;
}

int program_exited(struct program *p)
{
	read_reports(p);
	return p->exited || p->exec_errno;
}

const char *program_exit_text(const struct program *p)
{
	static char buf[96];

	if (p->exec_errno)
		snprintf(buf, sizeof(buf), "could not be started: %s", strerror(p->exec_errno));
	else if (!p->exited)
		snprintf(buf, sizeof(buf), "is still running");
	else if (WIFEXITED(p->status))
		snprintf(buf, sizeof(buf), "exited with code %d", WEXITSTATUS(p->status));
	else if (WIFSIGNALED(p->status))
		snprintf(buf, sizeof(buf), "was killed by signal %d (%s)", WTERMSIG(p->status),
			 strsignal(WTERMSIG(p->status)));
	else
		snprintf(buf, sizeof(buf), "ended");
	return buf;
}

/* Is this line the trace's (a summary, a P, M or G line), not the program's? */
static int trace_line(const char *s, size_t n)
{
	static struct schedtrace_line l;

	return schedtrace_parse_line(s, n, &l) != SCHEDTRACE_OK || l.kind != SCHEDTRACE_OTHER;
}

void program_last_lines(const struct program *p, int n, char *buf, size_t len)
{
	const char *start = p->tail, *end = p->tail + p->tail_len;
	size_t used = 0;
	int lines = 0;

	/* The program's own words, not the trace lines between them. */
	buf[0] = '\0';
	while (end > start && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	for (start = end; start > p->tail; start--)
		if (start[-1] == '\n') {
			const char *le = memchr(start, '\n', (size_t)(end - start));

			if (!trace_line(start, (size_t)((le ? le : end) - start)) && ++lines == n)
				break;
		}
	while (start < end && used + 8 < len) {
		const char *nl = memchr(start, '\n', (size_t)(end - start)), *le = nl ? nl : end;
		int k = 0;

		if (!trace_line(start, (size_t)(le - start)))
			k = snprintf(buf + used, len - used, "  | %.*s\n", (int)(le - start), start);
		if (k < 0)
			break;
		used += (size_t)k < len - used ? (size_t)k : len - used - 1;
		start = nl ? nl + 1 : end;
	}
	/* The program's text may hold bytes that are no text: keep it printable. */
	for (size_t i = 0; i < used; i++)
		if ((unsigned char)buf[i] < 0x20 && buf[i] != '\n')
			buf[i] = '?';
}

/* --------------------------------------------------------- the command */

/* "go run ./x" and its kin: the go command itself must not be traced
 * (it would print its own SCHED lines into the same stderr), nor run at the
 * lab's GOMAXPROCS: the settings go to the program through -exec. */
static int is_go_run(char *const *argv)
{
	const char *base = strrchr(argv[0], '/');

	base = base ? base + 1 : argv[0];
	return strcmp(base, "go") == 0 && argv[1] && strcmp(argv[1], "run") == 0;
}

struct env {
	char **envp;
	char godebug[512], gomaxprocs[32], port[32], addr[64], wrapper[700];
	char **argv;              /* the argv to exec (a copy, for go run's -exec) */
};

static int build_env(struct env *e, const struct program_opts *o, int port)
{
	const char *user = getenv("GODEBUG");
	char trace[64];
	size_t n = 0, k = 0, argc = 0;
	int go_run = !o->bundled && is_go_run(o->argv);

	memset(e, 0, sizeof(*e));
	snprintf(trace, sizeof(trace), "schedtrace=%ld%s", o->schedtrace_ms, o->scheddetail ? ",scheddetail=1" : "");
	/* Added to the user's GODEBUG, never replacing it; the last one wins. */
	snprintf(e->godebug, sizeof(e->godebug), "GODEBUG=%s%s%s", user && *user ? user : "",
		 user && *user ? "," : "", trace);
	snprintf(e->gomaxprocs, sizeof(e->gomaxprocs), "GOMAXPROCS=%ld", o->gomaxprocs);
	snprintf(e->port, sizeof(e->port), "PORT=%d", port);
	snprintf(e->addr, sizeof(e->addr), "ADDR=%s:%d", o->host, port);
	while (environ[n])
		n++;
	if (!(e->envp = calloc(n + 5, sizeof(*e->envp))))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!go_run && (strncmp(environ[i], "GODEBUG=", 8) == 0 || strncmp(environ[i], "GOMAXPROCS=", 11) == 0))
			continue;
		if (port && (strncmp(environ[i], "PORT=", 5) == 0 || strncmp(environ[i], "ADDR=", 5) == 0))
			continue;
		e->envp[k++] = environ[i];
	}
	if (!go_run) {
		e->envp[k++] = e->godebug;
		e->envp[k++] = e->gomaxprocs;
	}
	if (port && !o->bundled) {
		e->envp[k++] = e->port;
		e->envp[k++] = e->addr;
	}
	e->envp[k] = NULL;

	while (o->argv[argc])
		argc++;
	if (!(e->argv = calloc(argc + 3, sizeof(*e->argv))))
		return -1;
	if (go_run) {
		/* go run [build flags] -exec 'env GODEBUG=... GOMAXPROCS=N' pkg [args] */
		size_t i, j = 0;
		int have_exec = 0;

		for (i = 0; i < argc; i++)
			have_exec |= strcmp(o->argv[i], "-exec") == 0 || strncmp(o->argv[i], "-exec=", 6) == 0 ||
				     strncmp(o->argv[i], "--exec", 6) == 0;
		snprintf(e->wrapper, sizeof(e->wrapper), "env %s %s", e->godebug, e->gomaxprocs);
		e->argv[j++] = o->argv[0];
		e->argv[j++] = o->argv[1];
		if (!have_exec) {
			e->argv[j++] = "-exec";
			e->argv[j++] = e->wrapper;
		}
		for (i = 2; i < argc; i++)
			e->argv[j++] = o->argv[i];
		e->argv[j] = NULL;
		if (have_exec) {
			/* The user's own -exec: trace everything, as asked. */
			e->envp[k++] = e->godebug;
			e->envp[k++] = e->gomaxprocs;
			e->envp[k] = NULL;
		}
	} else {
		memcpy(e->argv, o->argv, (argc + 1) * sizeof(*e->argv));
	}
	return 0;
}

static void free_env(struct env *e)
{
	free(e->envp);
	free(e->argv);
}

/* A free loopback port: bind port 0, read it, close. */
static int free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	if (fd < 0)
		return -1;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* Does a TCP connection to host:port succeed now? */
static int can_connect(const char *host, int port)
{
	struct sockaddr_in a4;
	struct sockaddr_in6 a6;
	struct sockaddr *sa;
	socklen_t len;
	int fd, ok;

	memset(&a4, 0, sizeof(a4));
	memset(&a6, 0, sizeof(a6));
	if (inet_pton(AF_INET, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		a4.sin_port = htons((unsigned short)port);
		sa = (struct sockaddr *)&a4;
		len = sizeof(a4);
	} else {
		char h[64];
		size_t n = strlen(host);

		/* "[::1]" as a URL carries it */
		snprintf(h, sizeof(h), "%.*s", (int)(n >= 2 && host[0] == '[' ? n - 2 : n),
			 n >= 2 && host[0] == '[' ? host + 1 : host);
		if (inet_pton(AF_INET6, h, &a6.sin6_addr) != 1)
			return 0;
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((unsigned short)port);
		sa = (struct sockaddr *)&a6;
		len = sizeof(a6);
	}
	if ((fd = socket(sa->sa_family, SOCK_STREAM, 0)) < 0)
		return 0;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	ok = connect(fd, sa, len) == 0;
	close(fd);
	return ok;
}

/* ------------------------------------------------------------ shepherd */

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

static void report(int fd, const char *fmt, long v)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), fmt, v);

	if (n > 0 && write(fd, buf, (size_t)n) < 0) {
		/* leaklab is gone: the ctl pipe will say so */
	}
}

/* Every descendant of pid, depth first, into out (at most max). */
static int tree_of(pid_t pid, pid_t *out, int n, int max, int depth)
{
	pid_t kids[128];
	int k = depth < 16 ? plat_children(pid, kids, 128) : -1;

	for (int i = 0; i < k && n < max; i++) {
		out[n++] = kids[i];
		n = tree_of(kids[i], out, n, max, depth + 1);
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
	int n = tree_of(pgid, tree, 0, 4096, 0);

	kill(-pgid, SIGSTOP); /* nobody forks while we look */
	n = tree_of(pgid, tree, n, 4096, 0);
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
static void exec_program(const struct env *e, int in, int out, int errfd, int execfail, pid_t parent)
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
	environ = e->envp;
	execvp(e->argv[0], e->argv);
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
static void shepherd(const struct env *e, int in, int out, int errfd, int ctl, int rep, pid_t leaklab)
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
		report(rep, "execfail %ld\n", errno);
		_exit(1);
	}
	if (child == 0) {
		close(wake[0]);
		close(wake[1]);
		close(efail[0]);
		close(ctl);
		close(rep);
		exec_program(e, in, out, errfd, efail[1], getppid());
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
		report(rep, "execfail %ld\n", ev);
		waitpid(child, NULL, 0);
		_exit(0);
	}
	report(rep, "pid %ld\n", child);

	for (;;) {
		struct pollfd pf[2] = { { ctl, POLLIN, 0 }, { wake[0], POLLIN, 0 } };
		char buf[64];
		int status;
		pid_t r;

		while ((r = waitpid(-1, &status, WNOHANG)) > 0)
			if (r == child)
				report(rep, "exit %ld\n", status);
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

/* -------------------------------------------------------------- start */

static void command_label(char *out, size_t len, char *const *argv)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; argv[i] && used + 4 < len; i++) {
		int k = snprintf(out + used, len - used, "%s%s", i ? " " : "", argv[i]);

		if (k < 0 || (size_t)k >= len - used) {
			snprintf(out + len - 4, 4, "...");
			return;
		}
		used += (size_t)k;
	}
}

/* The ready line of the bundled server: "listening on http://127.0.0.1:PORT". */
static int ready_line(struct program *p, const char *line, char *err, size_t errlen)
{
	const char *prefix = "listening on http://127.0.0.1:";
	const char *nl = strchr(line, '\n');

	if (!nl)
		return 0;
	if (strncmp(line, prefix, strlen(prefix)) != 0 || (size_t)(nl - line) - 13 >= sizeof(p->url)) {
		snprintf(err, errlen, "%s said '%.*s', not its ready line", p->label, (int)(nl - line), line);
		return -1;
	}
	snprintf(p->url, sizeof(p->url), "%.*s", (int)(nl - line - 13), line + 13);
	return 1;
}

static void failure(struct program *p, char *err, size_t errlen, const char *fmt, const char *what)
{
	char lines[1200];

	program_last_lines(p, 6, lines, sizeof(lines));
	snprintf(err, errlen, fmt, p->label, what);
	if (lines[0])
		snprintf(err + strlen(err), errlen - strlen(err), "; its last lines:\n%s", lines);
	/* No trailing newline in a message. */
	while (strlen(err) && err[strlen(err) - 1] == '\n')
		err[strlen(err) - 1] = '\0';
}

int program_start(struct program *p, const struct program_opts *o, char *err, size_t errlen)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, er[2] = { -1, -1 }, ctl[2] = { -1, -1 }, rep[2] = { -1, -1 };
	int port = o->port;
	char line[512];
	size_t linelen = 0;
	double deadline;
	struct env e;
	pid_t leaklab = getpid();

	memset(p, 0, sizeof(*p));
	p->pid = p->shepherd = -1;
	p->in_fd = p->err_fd = p->out_fd = p->ctl_fd = p->rep_fd = -1;
	p->out_log = o->out_log;
	p->on_stderr = o->on_stderr;
	p->ud = o->ud;
	command_label(p->label, sizeof(p->label), o->argv);
	line[0] = '\0';

	if (!o->bundled && port == 0 && (port = free_port()) < 0) {
		snprintf(err, errlen, "no free port on 127.0.0.1: %s", strerror(errno));
		return -1;
	}
	if (!o->bundled)
		snprintf(p->url, sizeof(p->url), "http://%s:%d", o->host, port);
	if (build_env(&e, o, port) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (pipe(in) < 0 || pipe(out) < 0 || pipe(er) < 0 || pipe(ctl) < 0 || pipe(rep) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	/* Only the shepherd and the program may hold these across exec. */
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	fcntl(er[0], F_SETFD, FD_CLOEXEC);
	fcntl(ctl[1], F_SETFD, FD_CLOEXEC);
	fcntl(rep[0], F_SETFD, FD_CLOEXEC);
	fflush(NULL);
	p->shepherd = fork();
	if (p->shepherd < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto fail;
	}
	if (p->shepherd == 0) {
		close(in[1]);
		close(out[0]);
		close(er[0]);
		close(ctl[1]);
		close(rep[0]);
		shepherd(&e, in[0], out[1], er[1], ctl[0], rep[1], leaklab);
		_exit(0);
	}
	close_fd(&in[0]);
	close_fd(&out[1]);
	close_fd(&er[1]);
	close_fd(&ctl[0]);
	close_fd(&rep[1]);
	free_env(&e);
	e.envp = NULL;
	e.argv = NULL;
	p->in_fd = in[1];
	p->out_fd = out[0];
	p->err_fd = er[0];
	p->ctl_fd = ctl[1];
	p->rep_fd = rep[0];
	set_nonblock(p->out_fd);
	set_nonblock(p->err_fd);
	set_nonblock(p->rep_fd);

	/* Until it is ready: it listens, or exits, or the time is up. Its
	 * stderr is read all along, so the trace's first lines are kept and
	 * its pipe never fills. */
	deadline = mono_now_ms() + o->ready_timeout_ms;
	for (;;) {
		struct pollfd pf[3];
		int nfds = 0, r;
		double left;

		read_stderr(p);
		read_stdout(p, o->bundled ? line : NULL, &linelen, sizeof(line));
		read_reports(p);
		if (p->exec_errno) {
			char what[160];

			snprintf(what, sizeof(what), "%s", strerror(p->exec_errno));
			failure(p, err, errlen, "cannot run '%s': %s", what);
			goto fail;
		}
		if (o->bundled) {
			if ((r = ready_line(p, line, err, errlen)) < 0)
				goto fail;
			if (r == 1)
				break;
		} else if (p->pid > 0 && can_connect(o->host, port)) {
			break;
		}
		if (p->exited) {
			char what[200];

			snprintf(what, sizeof(what), "%s before it %s", program_exit_text(p),
				 o->bundled ? "was ready" : "listened");
			/* what it wrote before dying is worth its last lines */
			read_stderr(p);
			failure(p, err, errlen, "'%s' %s", what);
			goto fail;
		}
		left = deadline - mono_now_ms();
		if (left <= 0) {
			char what[400];
			int ports[8], n = p->pid > 0 ? plat_listening_ports(p->pid, ports, 8) : -1;

			if (o->bundled) {
				snprintf(what, sizeof(what), "gave no ready line within %.0f s", o->ready_timeout_ms / 1000);
			} else if (n > 0) {
				snprintf(what, sizeof(what), "listens on port %d, not on %s:%d as asked: make it "
					 "listen on $ADDR (or $PORT), or set url = http://127.0.0.1:%d in the lab",
					 ports[0], o->host, port, ports[0]);
			} else {
				snprintf(what, sizeof(what), "did not listen on %s:%d within %.0f s (it gets PORT "
					 "and ADDR in its environment: does it use them? A slow build: raise "
					 "ready_timeout)", o->host, port, o->ready_timeout_ms / 1000);
			}
			failure(p, err, errlen, "'%s' %s", what);
			goto fail;
		}
		if (p->err_fd >= 0)
			pf[nfds++] = (struct pollfd){ p->err_fd, POLLIN, 0 };
		if (p->out_fd >= 0)
			pf[nfds++] = (struct pollfd){ p->out_fd, POLLIN, 0 };
		if (p->rep_fd >= 0)
			pf[nfds++] = (struct pollfd){ p->rep_fd, POLLIN, 0 };
		/* A connect is checked every 20 ms; a ready line wakes us at once. */
		if (poll(pf, (nfds_t)nfds, left < 20 ? (int)ceil(left) : 20) < 0 && errno != EINTR) {
			snprintf(err, errlen, "poll: %s", strerror(errno));
			goto fail;
		}
	}
	return 0;
fail:
	free_env(&e);
	close_fd(&in[0]);
	close_fd(&out[1]);
	close_fd(&er[1]);
	close_fd(&ctl[0]);
	close_fd(&rep[1]);
	if (p->shepherd > 0) {
		program_stop(p, mono_now_ms() + 1000);
	} else {
		close_fd(&in[1]);
		close_fd(&out[0]);
		close_fd(&er[0]);
		close_fd(&ctl[1]);
		close_fd(&rep[0]);
	}
	p->in_fd = p->err_fd = p->out_fd = p->ctl_fd = p->rep_fd = -1;
	return -1;
}

/* --------------------------------------------------------------- stop */

void program_stop(struct program *p, double deadline_ms)
{
	static pid_t tree[4096];
	int n = 0;

	if (p->shepherd <= 0)
		return;
	close_fd(&p->in_fd);
	read_reports(p);
	if (p->pid > 0 && !p->exited) {
		/* In order: a SIGTERM to its group and to every process of its
		 * tree (one that left the group too: seen now, while its parent
		 * lives), a SIGCONT so a stopped one acts on it, and time to go
		 * until the deadline. */
		n = tree_of(p->pid, tree, 0, 4096, 0);
		kill(-p->pid, SIGTERM);
		kill(-p->pid, SIGCONT);
		for (int i = 0; i < n; i++) {
			kill(tree[i], SIGTERM);
			kill(tree[i], SIGCONT);
		}
		while (!p->exited && p->rep_fd >= 0) {
			struct pollfd pf[2] = { { p->rep_fd, POLLIN, 0 }, { p->err_fd, POLLIN, 0 } };
			double left = deadline_ms - mono_now_ms();

			if (left <= 0)
				break;
			poll(pf, p->err_fd >= 0 ? 2 : 1, (int)ceil(left));
			read_stderr(p);
			read_reports(p);
		}
	}
	/* Whatever is left of its tree: the shepherd kills it and goes (and
	 * what left the group, here, where no subreaper gets it back). */
	for (int i = 0; i < n; i++)
		kill(tree[i], SIGKILL);
	close_fd(&p->ctl_fd);
	read_stdout(p, NULL, NULL, 0);
	plat_wait_child(p->shepherd, 4000);
	if (waitpid(p->shepherd, NULL, WNOHANG) == 0) {
		/* A shepherd that will not go: kill it and the group ourselves. */
		if (p->pid > 0)
			kill(-p->pid, SIGKILL);
		kill(p->shepherd, SIGKILL);
		waitpid(p->shepherd, NULL, 0);
	}
	p->shepherd = -1;
	read_reports(p);
	close_fd(&p->rep_fd);
}
