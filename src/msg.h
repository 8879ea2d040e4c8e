/* msg.h - every message leaklab shows the user: errors, warnings, progress */
#ifndef LEAKLAB_MSG_H
#define LEAKLAB_MSG_H

#include <stdarg.h>

/* Every function here translates its format (or text) through gettext
 * before it formats: call sites pass the English literal as it is, and
 * 'make pot' extracts it (errorf, warnf, notef, msg_more, msg_print and
 * msg_help are xgettext keywords). */

/* Exit codes shared by every subcommand; a run stopped by signal N exits
 * 128 + N (signals_exit_code). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,   /* runtime failure, or a run cut short */
	EXIT_USAGE = 2   /* bad flag, bad lab file, bad schedule, refused target */
};

/* Name the subcommand once: messages then read "leaklab: run: ...".
 * NULL for none. */
void msg_command(const char *name);

/* The subcommand's name, as msg_command() set it; "" before. */
const char *msg_command_name(void);

/* Quiet: notef() prints nothing. Errors and warnings still show. */
void msg_set_quiet(int quiet);

/* Hold every message back (while a full-screen view owns the terminal)
 * and keep the last one for it to show; msg_hold(0) prints them, in order. */
void msg_hold(int hold);
const char *msg_last(void);

/* "leaklab: [cmd: ]<message>\n" on stderr. */
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "leaklab: [cmd: ]warning: <message>\n" on stderr. */
void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Progress and counts: "leaklab: [cmd: ]<message>\n" on stderr, unless quiet. */
void notef(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Help text on stdout, wrapped at word boundaries to the terminal, 79
 * columns at most ("name   what" lines continue under "what"). */
void msg_help(const char *text);

/* Text for the user on stdout (not an error or progress: a result),
 * wrapped at word boundaries to the terminal when it is one. */
void msg_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A line that continues the last notef() (indented, no prefix), unless quiet. */
void msg_more(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
