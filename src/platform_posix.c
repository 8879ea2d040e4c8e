/* platform_posix.c - the portable twin: POSIX only (macOS, the BSDs, and
 * Linux with make PORTABLE=1, so this path is tested on every CI run) */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mono.h"
#include "platform.h"

const char platform_name[] = "posix";

/* ---------------------------------------------------------------- timer */

/* No timer fd: poll's whole milliseconds bring the loop within 1 ms of a
 * deadline, and a nap makes up the rest. */
struct plat_timer {
	double deadline;
};

struct plat_timer *plat_timer_new(void)
{
	struct plat_timer *t = calloc(1, sizeof(*t));

	return t;
}

void plat_timer_free(struct plat_timer *t)
{
	free(t);
}

int plat_timer_fd(const struct plat_timer *t)
{
	(void)t;
	return -1;
}

int plat_timer_arm(struct plat_timer *t, double abs_ms)
{
	t->deadline = abs_ms;
	return 0;
}

int plat_timer_ack(struct plat_timer *t)
{
	(void)t;
	return 0;
}

void plat_timer_nap(const struct plat_timer *t, double abs_ms)
{
	double left = abs_ms - mono_now_ms();
	struct timespec ts;

	(void)t;
	if (left <= 0 || left >= 2)
		return;
	ts.tv_sec = 0;
	ts.tv_nsec = (long)(left * 1e6);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* ------------------------------------------------------- child processes */

void plat_die_with_parent(int sig)
{
	(void)sig; /* no such call: the pipes that close at our death do it */
}

int plat_become_subreaper(void)
{
	errno = ENOSYS;
	return -1;
}

/* POSIX ps lists every process with its parent (macOS and the BSDs too). */
int plat_children(pid_t pid, pid_t *out, int max)
{
	FILE *f = popen("ps -A -o pid= -o ppid= 2>/dev/null", "r");
	long p, pp;
	int n = 0;

	if (!f)
		return -1;
	while (fscanf(f, "%ld %ld", &p, &pp) == 2)
		if (pp == (long)pid && n < max)
			out[n++] = (pid_t)p;
	if (pclose(f) != 0 && n == 0)
		return -1;
	return n;
}

void plat_close_from(int lowfd)
{
	long max = sysconf(_SC_OPEN_MAX);

	if (max < 0 || max > 65536)
		max = 65536;
	for (int fd = lowfd; fd < max; fd++)
		close(fd);
}

void plat_wait_child(pid_t pid, double ms)
{
	double deadline = mono_now_ms() + ms;

	/* Short naps until it is gone (a zombie still answers kill 0, so ask
	 * waitid without reaping). */
	while (mono_now_ms() < deadline) {
		siginfo_t si;
		struct timespec ts = { 0, 5 * 1000 * 1000 };

		si.si_pid = 0;
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0 || si.si_pid == pid)
			return;
		nanosleep(&ts, NULL);
	}
}

int plat_listening_ports(pid_t pid, int *ports, int max)
{
	(void)pid;
	(void)ports;
	(void)max;
	return -1;
}

int plat_self_exe(char *out, size_t outlen)
{
	(void)out;
	(void)outlen;
	return -1; /* build/leakserver, LEAKLAB_SERVER and libexec still find it */
}

int plat_go_version(pid_t pid, char *out, size_t outlen)
{
	(void)pid;
	(void)out;
	(void)outlen;
	return -1;
}
