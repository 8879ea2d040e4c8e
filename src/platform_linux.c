/* platform_linux.c - the Linux twin: timerfd, prctl, /proc, pidfd */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "mono.h"
#include "platform.h"

const char platform_name[] = "linux";

/* ---------------------------------------------------------------- timer */

struct plat_timer {
	int fd;
};

struct plat_timer *plat_timer_new(void)
{
	struct plat_timer *t = malloc(sizeof(*t));

	if (!t)
		return NULL;
	if ((t->fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) < 0) {
		int e = errno;

		free(t);
		errno = e;
		return NULL;
	}
	return t;
}

void plat_timer_free(struct plat_timer *t)
{
	if (!t)
		return;
	close(t->fd);
	free(t);
}

int plat_timer_fd(const struct plat_timer *t)
{
	return t->fd;
}

int plat_timer_arm(struct plat_timer *t, double abs_ms)
{
	struct itimerspec its;

	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = (time_t)(abs_ms / 1000);
	its.it_value.tv_nsec = (long)(fmod(abs_ms, 1000.0) * 1e6);
	if (its.it_value.tv_nsec >= 1000000000L)
		its.it_value.tv_nsec = 999999999L;
	if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
		its.it_value.tv_nsec = 1; /* zero would disarm it */
	return timerfd_settime(t->fd, TFD_TIMER_ABSTIME, &its, NULL);
}

int plat_timer_ack(struct plat_timer *t)
{
	uint64_t ticks;

	if (read(t->fd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
		return -1;
	return 0;
}

void plat_timer_nap(const struct plat_timer *t, double abs_ms)
{
	(void)t;
	(void)abs_ms; /* the timerfd wakes us on time */
}

/* ------------------------------------------------------- child processes */

void plat_die_with_parent(int sig)
{
	prctl(PR_SET_PDEATHSIG, sig);
}

int plat_become_subreaper(void)
{
	return prctl(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
}

int plat_children(pid_t pid, pid_t *out, int max)
{
	char path[64];
	DIR *d;
	struct dirent *e;
	int n = 0;

	/* Every thread has its own children list. */
	snprintf(path, sizeof(path), "/proc/%ld/task", (long)pid);
	if (!(d = opendir(path)))
		return -1;
	while ((e = readdir(d))) {
		char cpath[600];
		FILE *f;
		long c;

		if (e->d_name[0] == '.')
			continue;
		snprintf(cpath, sizeof(cpath), "%s/%s/children", path, e->d_name);
		if (!(f = fopen(cpath, "r")))
			continue;
		while (n < max && fscanf(f, "%ld", &c) == 1)
			out[n++] = (pid_t)c;
		fclose(f);
	}
	closedir(d);
	return n;
}

void plat_close_from(int lowfd)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, 0) == 0)
		return;
#endif
	{
		/* Older kernels: the fds that are open, from /proc. Between fork
		 * and exec only: opendir allocates, which a child of a
		 * single-threaded parent may do. */
		DIR *d = opendir("/proc/self/fd");
		struct dirent *e;

		if (!d) {
			for (int fd = lowfd; fd < 4096; fd++)
				close(fd);
			return;
		}
		while ((e = readdir(d))) {
			char *end;
			long fd = strtol(e->d_name, &end, 10);

			/* "." and ".." are no fd; a name is digits or nothing. */
			if (end != e->d_name && !*end && fd >= lowfd && fd <= INT_MAX && fd != dirfd(d))
				close((int)fd);
		}
		closedir(d);
	}
}

void plat_wait_child(pid_t pid, double ms)
{
	double deadline = mono_now_ms() + ms;
#ifdef SYS_pidfd_open
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (pfd >= 0) {
		struct pollfd pf = { pfd, POLLIN, 0 };
		double left = deadline - mono_now_ms();

		if (left > 0)
			poll(&pf, 1, (int)ceil(left));
		close(pfd);
		return;
	}
#endif
	/* No pidfd: short naps until it is a zombie. */
	while (mono_now_ms() < deadline) {
		char path[64], state = 0;
		FILE *f;
		struct timespec ts = { 0, 5 * 1000 * 1000 };

		snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
		if (!(f = fopen(path, "r")))
			return;
		if (fscanf(f, "%*d (%*[^)]) %c", &state) != 1)
			state = 0;
		fclose(f);
		if (state == 'Z' || state == 'X')
			return;
		nanosleep(&ts, NULL);
	}
}

/* Inodes of listening TCP sockets and their ports, from /proc/net/tcp{,6}. */
static int listening(unsigned long *inodes, int *ports, int max)
{
	static const char *const files[] = { "/proc/net/tcp", "/proc/net/tcp6" };
	int n = 0;

	for (size_t i = 0; i < 2; i++) {
		FILE *f = fopen(files[i], "r");
		char line[512];

		if (!f)
			continue;
		while (fgets(line, sizeof(line), f) && n < max) {
			unsigned port, st;
			unsigned long inode;
			char local[80];

			/* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
			if (sscanf(line, " %*d: %79s %*s %x %*s %*s %*s %*d %*d %lu", local, &st, &inode) != 3)
				continue;
			if (st != 0x0A || !strchr(local, ':'))
				continue;
			if (sscanf(strrchr(local, ':') + 1, "%x", &port) != 1)
				continue;
			inodes[n] = inode;
			ports[n++] = (int)port;
		}
		fclose(f);
	}
	return n;
}

static int ports_of(pid_t pid, const unsigned long *inodes, const int *lports, int nl,
		    int *ports, int n, int max, int depth)
{
	char path[64];
	DIR *d;
	struct dirent *e;
	pid_t kids[64];
	int nk;

	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)pid);
	if ((d = opendir(path))) {
		while ((e = readdir(d)) && n < max) {
			char fp[400], target[64];
			ssize_t k;
			unsigned long inode;

			snprintf(fp, sizeof(fp), "%s/%s", path, e->d_name);
			if ((k = readlink(fp, target, sizeof(target) - 1)) <= 0)
				continue;
			target[k] = '\0';
			if (sscanf(target, "socket:[%lu]", &inode) != 1)
				continue;
			for (int i = 0; i < nl; i++)
				if (inodes[i] == inode) {
					int dup = 0;

					for (int j = 0; j < n; j++)
						dup |= ports[j] == lports[i];
					if (!dup && n < max)
						ports[n++] = lports[i];
				}
		}
		closedir(d);
	}
	if (depth < 4 && (nk = plat_children(pid, kids, 64)) > 0)
		for (int i = 0; i < nk; i++)
			n = ports_of(kids[i], inodes, lports, nl, ports, n, max, depth + 1);
	return n;
}

int plat_listening_ports(pid_t pid, int *ports, int max)
{
	unsigned long inodes[256];
	int lports[256], nl = listening(inodes, lports, 256);

	if (nl < 0)
		return -1;
	return ports_of(pid, inodes, lports, nl, ports, 0, max, 0);
}

int plat_self_exe(char *out, size_t outlen)
{
	ssize_t n = readlink("/proc/self/exe", out, outlen - 1);

	if (n <= 0)
		return -1;
	out[n] = '\0';
	return 0;
}

/* ------------------------------------------------------------- Go build */

/* Go >= 1.18 writes "\xff Go buildinf:" at a 16-byte boundary, then the
 * pointer size, flags (2: strings inline), and at 32 the version as a
 * varint-prefixed string, then the module info ("path\tcmd/go\n..."). */
static int read_buildinfo(const char *exe, char *version, size_t vlen, char *path, size_t plen)
{
	static const char magic[] = "\xff Go buildinf:";
	int fd = open(exe, O_RDONLY | O_CLOEXEC);
	char *buf;
	size_t cap = 1 << 20;
	ssize_t n;
	off_t base = 0;
	int rc = -1;

	if (fd < 0)
		return -1;
	if (!(buf = malloc(cap + 512))) {
		close(fd);
		return -1;
	}
	while ((n = pread(fd, buf, cap + 512, base)) > 0) {
		for (ssize_t i = 0; i + 64 <= n && i < (ssize_t)cap; i += 16) {
			const unsigned char *p;
			size_t len = 0, shift = 0, at = 32;

			if (memcmp(buf + i, magic, 14) != 0 || !(buf[i + 15] & 2))
				continue;
			p = (const unsigned char *)buf + i;
			while (at < 48 && (p[at] & 0x80))
				len |= (size_t)(p[at++] & 0x7f) << shift, shift += 7;
			len |= (size_t)p[at++] << shift;
			if (len == 0 || len > 64 || i + (ssize_t)(at + len) > n)
				break;
			snprintf(version, vlen, "%.*s", (int)len, (const char *)p + at);
			at += len;
			/* The module info follows, varint-prefixed too. */
			shift = 0;
			len = 0;
			while (at < 80 + 64 && (p[at] & 0x80))
				len |= (size_t)(p[at++] & 0x7f) << shift, shift += 7;
			len |= (size_t)p[at++] << shift;
			path[0] = '\0';
			if (len && i + (ssize_t)(at + len) <= n) {
				const char *mi = (const char *)p + at, *tab = memchr(mi, '\t', len < 200 ? len : 200);

				if (tab) {
					const char *nl = memchr(tab, '\n', len - (size_t)(tab - mi));

					snprintf(path, plen, "%.*s", (int)((nl ? nl : mi + len) - tab - 1), tab + 1);
				}
			}
			rc = 0;
			goto out;
		}
		if ((size_t)n < cap + 512)
			break;
		base += (off_t)cap;
	}
out:
	free(buf);
	close(fd);
	return rc;
}

int plat_go_version(pid_t pid, char *out, size_t outlen)
{
	for (int depth = 0; depth < 3; depth++) {
		char exe[64], path[256];
		pid_t kids[8];

		snprintf(exe, sizeof(exe), "/proc/%ld/exe", (long)pid);
		if (read_buildinfo(exe, out, outlen, path, sizeof(path)) < 0)
			return -1;
		/* `go run` is the go command itself: the program is its child. */
		if (strcmp(path, "cmd/go") != 0)
			return 0;
		if (plat_children(pid, kids, 8) < 1)
			return -1;
		pid = kids[0];
	}
	return -1;
}
