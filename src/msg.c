/* msg.c - one place for what leaklab says to the user */
#include <stdio.h>
#include <unistd.h>

#include "msg.h"
#include "term.h"

static const char *command;
static int quiet;

void msg_command(const char *name)
{
	command = name;
}

void msg_set_quiet(int q)
{
	quiet = q;
}

/* On a terminal, a long message wraps at word boundaries to its width. */
static void say_lines(const char *text)
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

static void vsay(const char *prefix, const char *fmt, va_list ap)
{
	/* One write: a message never interleaves with the program's output
	 * passed through (collect --tee) or the live status line. */
	char buf[8192];
	int n;

	n = snprintf(buf, sizeof(buf), "leaklab: %s%s%s", command ? command : "", command ? ": " : "", prefix);
	if (n < 0 || (size_t)n >= sizeof(buf))
		n = 0;
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
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
	vsay("warning: ", fmt, ap);
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
	vsnprintf(buf + 2, sizeof(buf) - 2, fmt, ap);
	va_end(ap);
	say_lines(buf);
}
