/* platform.h - the calls that differ between Linux and other POSIX systems
 *
 * Two twins implement this header: platform_linux.c (timerfd, prctl,
 * /proc, pidfd) and platform_posix.c (only POSIX: what macOS and the BSDs
 * have). `make PORTABLE=1` builds the second one on Linux too, so the path
 * a Mac takes is tested here. Nothing outside these two files includes a
 * Linux-only header.
 */
#ifndef LEAKLAB_PLATFORM_H
#define LEAKLAB_PLATFORM_H

#include <stddef.h>
#include <sys/types.h>

/* "linux" or "posix": which twin this build has. */
extern const char platform_name[];

/* ------------------------------------------------------------ the timer */

/*
 * A wake-up at an exact time for a poll loop whose own time-outs are in
 * whole milliseconds. plat_timer_new() returns the fd to poll (readable at
 * the deadline), or -1 when the twin has none: then plat_timer_nap() makes
 * up the last sub-millisecond before a deadline instead.
 */
struct plat_timer;

/* A new timer, or NULL with errno set. Free with plat_timer_free(). */
struct plat_timer *plat_timer_new(void);
void plat_timer_free(struct plat_timer *t);

/* The fd to poll for the deadline, or -1 when there is none. */
int plat_timer_fd(const struct plat_timer *t);

/* Arm it for abs_ms on the CLOCK_MONOTONIC time line (mono_now_ms()).
 * Returns 0, or -1 with errno set. */
int plat_timer_arm(struct plat_timer *t, double abs_ms);

/* After its fd was readable: consume the wake-up. Returns 0 or -1. */
int plat_timer_ack(struct plat_timer *t);

/* Without a timer fd, poll's whole milliseconds may wake us a little
 * early: sleep the rest of the way to abs_ms when it is near (< 2 ms). */
void plat_timer_nap(const struct plat_timer *t, double abs_ms);

/* ------------------------------------------------------- child processes */

/* In a child: be sent sig when the parent dies (Linux: PR_SET_PDEATHSIG).
 * A no-op elsewhere, where pipes closing at death do that work. */
void plat_die_with_parent(int sig);

/* Become the parent of orphans among our descendants (Linux:
 * PR_SET_CHILD_SUBREAPER), so none can slip away. Returns 0, or -1 where
 * the system has no such thing. */
int plat_become_subreaper(void);

/* Up to max pids of the children of pid into out (Linux: /proc; POSIX:
 * ps); returns how many, or -1 when they cannot be listed. */
int plat_children(pid_t pid, pid_t *out, int max);

/* Close every fd from lowfd up (between fork and exec). */
void plat_close_from(int lowfd);

/* Wait up to ms for child pid to exit (it is reaped by the caller's
 * waitpid, not here). Returns when it has exited or the time is up. */
void plat_wait_child(pid_t pid, double ms);

/*
 * TCP ports that pid or its descendants listen on (Linux: from
 * /proc/net/tcp and their fds), to say "it listens on :8080 instead" when
 * a program ignores PORT. Returns how many into ports, or -1 where unknown.
 */
int plat_listening_ports(pid_t pid, int *ports, int max);

/* The path of this executable (to find the server installed beside it).
 * Returns 0, or -1 where it cannot be told. */
int plat_self_exe(char *out, size_t outlen);

/* The Go version a running Go program was built with ("go1.26.8"), read
 * from its executable's build info; for `go run`, the program it runs.
 * Returns 0, or -1 when it cannot be told here. */
int plat_go_version(pid_t pid, char *out, size_t outlen);

#endif
