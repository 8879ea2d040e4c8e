/* program.c - the Go program under test: started traced under its
 * shepherd (shepherd.c), watched until it listens, read as it runs,
 * stopped with every process it started */
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

#include "meta.h"
#include "mono.h"
#include "platform.h"
#include "i18n.h"
#include "program.h"
#include "signals.h"
#include "program_env.h"
#include "schedtrace.h"
#include "shepherd.h"

extern char **environ;

#define READY_PREFIX "listening on "

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

/* How it ended, in English (tr 0: the run's meta.txt keeps it) or in the
 * reader's language (tr 1: a message). */
static const char *exit_text(const struct program *p, int tr)
{
	static char buf[2][160];
	char *b = buf[0];
	size_t len = sizeof(buf[0]);

	if (p->exec_errno)
		snprintf(b, len, META_EXEC_FAILED, strerror(p->exec_errno));
	else if (!p->exited)
		snprintf(b, len, META_STILL_RUNNING);
	else if (WIFEXITED(p->status))
		snprintf(b, len, META_EXITED, WEXITSTATUS(p->status));
	else if (WIFSIGNALED(p->status))
		snprintf(b, len, META_SIGNALED, WTERMSIG(p->status), signals_english(WTERMSIG(p->status)));
	else
		snprintf(b, len, META_ENDED);
	return tr ? meta_words(b, buf[1], sizeof(buf[1])) : b;
}

const char *program_exit_text(const struct program *p)
{
	return exit_text(p, 0);
}

/* Is this line the trace's (a summary, a P, M or G line), not the program's? */
static int is_trace_line(const char *s, size_t n)
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

			if (!is_trace_line(start, (size_t)((le ? le : end) - start)) && ++lines == n)
				break;
		}
	while (start < end && used + 8 < len) {
		const char *nl = memchr(start, '\n', (size_t)(end - start)), *le = nl ? nl : end;
		int k = 0;

		if (!is_trace_line(start, (size_t)(le - start)))
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
	const char *prefix = READY_PREFIX "http://127.0.0.1:";
	const char *nl = strchr(line, '\n');

	if (!nl)
		return 0;
	if (strncmp(line, prefix, strlen(prefix)) != 0 ||
	    (size_t)(nl - line) - strlen(READY_PREFIX) >= sizeof(p->url)) {
		snprintf(err, errlen, _("%s said '%.*s', not its ready line"), p->label, (int)(nl - line), line);
		return -1;
	}
	snprintf(p->url, sizeof(p->url), "%.*s", (int)(nl - line - strlen(READY_PREFIX)), line + strlen(READY_PREFIX));
	return 1;
}

static void failure(struct program *p, char *err, size_t errlen, const char *fmt, const char *what)
{
	char lines[1200];

	program_last_lines(p, 6, lines, sizeof(lines));
	snprintf(err, errlen, _(fmt), p->label, what);
	if (lines[0])
		snprintf(err + strlen(err), errlen - strlen(err), _("; its last lines:\n%s"), lines);
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
	struct program_env e;
	struct program_env_opts eo;

	memset(p, 0, sizeof(*p));
	p->pid = p->shepherd = -1;
	p->in_fd = p->err_fd = p->out_fd = p->ctl_fd = p->rep_fd = -1;
	p->out_log = o->out_log;
	p->on_stderr = o->on_stderr;
	p->ud = o->ud;
	command_label(p->label, sizeof(p->label), o->argv);
	line[0] = '\0';

	if (!o->bundled && port == 0 && (port = free_port()) < 0) {
		snprintf(err, errlen, _("no free port on 127.0.0.1: %s"), strerror(errno));
		return -1;
	}
	if (!o->bundled)
		snprintf(p->url, sizeof(p->url), "http://%s:%d", o->host, port);
	memset(&eo, 0, sizeof(eo));
	eo.argv = o->argv;
	eo.environ = environ;
	eo.extra = o->env;
	eo.bundled = o->bundled;
	eo.host = o->host;
	eo.port = o->bundled ? 0 : port;
	eo.gomaxprocs = o->gomaxprocs;
	eo.schedtrace_ms = o->schedtrace_ms;
	eo.scheddetail = o->scheddetail;
	if (program_env_build(&e, &eo) < 0) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	if (pipe(in) < 0 || pipe(out) < 0 || pipe(er) < 0 || pipe(ctl) < 0 || pipe(rep) < 0) {
		snprintf(err, errlen, _("pipe: %s"), strerror(errno));
		goto fail;
	}
	/* Only the shepherd and the program may hold these across exec. */
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	fcntl(er[0], F_SETFD, FD_CLOEXEC);
	fcntl(ctl[1], F_SETFD, FD_CLOEXEC);
	fcntl(rep[0], F_SETFD, FD_CLOEXEC);
	{
		int ours[5] = { in[1], out[0], er[0], ctl[1], rep[0] };

		if ((p->shepherd = shepherd_fork(e.argv, e.envp, in[0], out[1], er[1], ctl[0], rep[1], ours, 5)) < 0) {
			snprintf(err, errlen, _("fork: %s"), strerror(errno));
			goto fail;
		}
	}
	close_fd(&in[0]);
	close_fd(&out[1]);
	close_fd(&er[1]);
	close_fd(&ctl[0]);
	close_fd(&rep[1]);
	program_env_free(&e);
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
			failure(p, err, errlen, N_("cannot run '%s': %s"), what);
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

			snprintf(what, sizeof(what), _("%s before it %s"), exit_text(p, 1),
				 o->bundled ? _("was ready") : _("listened"));
			/* what it wrote before dying is worth its last lines */
			read_stderr(p);
			failure(p, err, errlen, N_("'%s' %s"), what);
			goto fail;
		}
		left = deadline - mono_now_ms();
		if (left <= 0) {
			char what[400];
			int ports[8], n = p->pid > 0 ? plat_listening_ports(p->pid, ports, 8) : -1;

			if (o->bundled) {
				snprintf(what, sizeof(what), _("gave no ready line within %.0f s"), o->ready_timeout_ms / 1000);
			} else if (n > 0) {
				snprintf(what, sizeof(what), _("listens on port %d, not on %s:%d as asked: make it "
					 "listen on $ADDR (or $PORT), or set url = http://127.0.0.1:%d in the lab"),
					 ports[0], o->host, port, ports[0]);
			} else {
				snprintf(what, sizeof(what), _("did not listen on %s:%d within %.0f s (it gets PORT "
					 "and ADDR in its environment: does it use them? A slow build: raise "
					 "ready_timeout)"), o->host, port, o->ready_timeout_ms / 1000);
			}
			failure(p, err, errlen, N_("'%s' %s"), what);
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
			snprintf(err, errlen, _("poll: %s"), strerror(errno));
			goto fail;
		}
	}
	return 0;
fail:
	program_env_free(&e);
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
		n = shepherd_tree(p->pid, tree, 0, 4096, 0);
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

/* ------------------------------------------------------------ the object */

struct program *program_new(void)
{
	struct program *p = calloc(1, sizeof(*p));

	if (p) {
		p->pid = p->shepherd = -1;
		p->in_fd = p->err_fd = p->out_fd = p->ctl_fd = p->rep_fd = -1;
	}
	return p;
}

void program_free(struct program *p)
{
	if (!p)
		return;
	if (p->shepherd > 0)
		program_stop(p, mono_now_ms() + 1000);
	free(p);
}

const char *program_url(const struct program *p)
{
	return p->url;
}

const char *program_label(const struct program *p)
{
	return p->label;
}

long program_pid(const struct program *p)
{
	return p->pid;
}

int program_stopped(const struct program *p)
{
	return p->shepherd <= 0;
}

void program_drain_rest(struct program *p, double until_ms)
{
	while (p->err_fd >= 0 && mono_now_ms() < until_ms) {
		struct pollfd pf = { p->err_fd, POLLIN, 0 };

		if (poll(&pf, 1, 100) < 0 && errno != EINTR)
			break;
		if (program_drain(p))
			break;
	}
}
