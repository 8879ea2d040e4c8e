/* msg.c - one place for what leaklab says to the user */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "msg.h"
#include "term.h"

static const char *command;
static int quiet;
/* Held messages, NUL-separated; what does not fit is counted. */
static int holding;
static char held[32768], last[512];
static size_t held_len;
static unsigned long held_lost;

void msg_command(const char *name)
{
	command = name;
}

const char *msg_command_name(void)
{
	return command ? command : "";
}

void msg_set_quiet(int q)
{
	quiet = q;
}

/* On a terminal, a long message wraps at word boundaries to its width. */
static void say_now(const char *text)
{
	char wrapped[12288];
	int cols, rows;

	if (term_size(STDERR_FILENO, &cols, &rows) &&
	    term_wrap(text, cols - 1, wrapped, sizeof(wrapped)) < sizeof(wrapped)) {
		fputs(wrapped, stderr);
		return;
	}
	fprintf(stderr, "%s\n", text);
}

/* Now, or held while a full-screen view owns the terminal. */
static void say_lines(const char *text)
{
	if (holding) {
		size_t n = strlen(text) + 1;

		snprintf(last, sizeof(last), "%s", text);
		if (held_len + n <= sizeof(held)) {
			memcpy(held + held_len, text, n);
			held_len += n;
		} else {
			held_lost++;
		}
		return;
	}
	say_now(text);
}

void msg_hold(int hold)
{
	holding = hold;
	if (hold)
		return;
	for (size_t at = 0; at < held_len; at += strlen(held + at) + 1)
		say_now(held + at);
	if (held_lost)
		fprintf(stderr, "leaklab: (%lu more messages did not fit in the buffer)\n", held_lost);
	held_len = 0;
	held_lost = 0;
	last[0] = '\0';
}

const char *msg_last(void)
{
	return last;
}

static void vsay(const char *prefix, const char *fmt, va_list ap)
{
	/* One write: a message never interleaves with the program's output
	 * passed through (collect --tee) or the live status line. */
	char buf[8192];
	int n;

	n = snprintf(buf, sizeof(buf), "leaklab: %s%s%s", command ? command : "", command ? ": " : "", prefix);
	if (n < 0 || (size_t)n >= sizeof(buf))
		n = 0;
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, _(fmt), ap);
	say_lines(buf);
}

void errorf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
}

void warnf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(_("warning: "), fmt, ap);
	va_end(ap);
}

void notef(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
}

void msg_more(const char *fmt, ...)
{
	char buf[8192];
	va_list ap;

	if (quiet)
		return;
	buf[0] = buf[1] = ' ';
	va_start(ap, fmt);
	vsnprintf(buf + 2, sizeof(buf) - 2, _(fmt), ap);
	va_end(ap);
	say_lines(buf);
}

/* text on stdout, wrapped to cols - 1 columns. */
static void print_wrapped(const char *text, int cols)
{
	size_t n;
	char *out;

	n = term_wrap(text, cols - 1, NULL, 0) + 1;
	if (!(out = malloc(n))) {
		fputs(text, stdout);
		return;
	}
	term_wrap(text, cols - 1, out, n);
	fputs(out, stdout);
	free(out);
}

void msg_help(const char *text)
{
	int cols = 80, rows;

	term_size(STDOUT_FILENO, &cols, &rows);
	print_wrapped(_(text), cols > 80 ? 80 : cols);
}

void msg_print(const char *fmt, ...)
{
	char buf[8192];
	int cols, rows;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), _(fmt), ap);
	va_end(ap);
	if (term_size(STDOUT_FILENO, &cols, &rows))
		print_wrapped(buf, cols);
	else
		fputs(buf, stdout);
}
