/* msg.h - every message leaklab shows the user: errors, warnings, progress */
#ifndef LEAKLAB_MSG_H
#define LEAKLAB_MSG_H

#include <stdarg.h>

/* Exit codes shared by every subcommand. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,   /* runtime failure */
	EXIT_USAGE = 2   /* bad flag, bad lab file, bad schedule, refused target */
};

/* Print "leaklab: <message>\n" to stderr. */
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "leaklab: warning: <message>\n" to stderr. */
void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "leaklab: <message>\n" to stderr unless msg_quiet is set. */
void notef(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* When non-zero, notef() prints nothing. Errors and warnings still show. */
extern int msg_quiet;

#endif
