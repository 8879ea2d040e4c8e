/* term.c - fit what leaklab prints to the terminal it prints on */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "args.h"
#include "term.h"
#include "textbuf.h"

int term_size(int fd, int *cols, int *rows)
{
	struct winsize ws;
	long v;

	*cols = 80;
	*rows = 24;
	if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
		return 1;
	}
	if (args_long(getenv("COLUMNS"), 1, 10000, &v) == 0)
		*cols = (int)v;
	if (args_long(getenv("LINES"), 1, 10000, &v) == 0)
		*rows = (int)v;
	return isatty(fd);
}

int term_color(int fd)
{
	const char *term = getenv("TERM"), *no = getenv("NO_COLOR");

	return isatty(fd) && term && *term && strcmp(term, "dumb") != 0 && !(no && *no);
}

int term_utf8(void)
{
	const char *v = getenv("LC_ALL");

	if (!v || !*v)
		v = getenv("LC_CTYPE");
	if (!v || !*v)
		v = getenv("LANG");
	return v && (strstr(v, "UTF-8") || strstr(v, "utf-8") || strstr(v, "UTF8") || strstr(v, "utf8"));
}

int term_write(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int screen_fd = -1;

void term_screen_leave(void)
{
	static const char leave[] = "\033[0m\033[?25h\033[?1049l";

	if (screen_fd < 0)
		return;
	term_write(screen_fd, leave, sizeof(leave) - 1);
	screen_fd = -1;
}

void term_screen_enter(int fd)
{
	static const char enter[] = "\033[?1049h\033[?25l\033[H\033[2J";
	static int registered;

	if (!registered && atexit(term_screen_leave) == 0)
		registered = 1;
	screen_fd = fd;
	term_write(fd, enter, sizeof(enter) - 1);
}

/* Columns a UTF-8 string takes (continuation bytes take none). */
static int width_of(const char *s, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

/* The byte length of the first k columns of s (at most n bytes). */
static size_t bytes_of(const char *s, size_t n, int k)
{
	size_t i = 0;

	for (int c = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && c++ == k)
			break;
	}
	return i;
}

static void wrap_line(struct textbuf *o, const char *s, size_t n, int width)
{
	size_t indent = 0, at;
	int col, first = 1;

	if (width_of(s, n) <= width) {
		textbuf_printf(o, "%.*s\n", (int)n, s);
		return;
	}
	while (indent < n && s[indent] == ' ')
		indent++;
	/* Continuations sit two further in; under a "name    value" line's
	 * value when it has one near the start; never so far there is no room. */
	for (size_t i = indent; i + 2 < n && i < 20; i++)
		if (s[i] != ' ' && s[i + 1] == ' ' && s[i + 2] == ' ') {
			size_t v = i + 1;

			while (v < n && s[v] == ' ')
				v++;
			if (v < 20)
				indent = v - 2;
			break;
		}
	if ((int)indent + 2 > width / 2)
		indent = 0;
	at = 0;
	while (at < n) {
		size_t lead = first ? 0 : indent + 2, end = at, last_space = 0;
		int room = width - (int)lead;

		/* Skip the blank the break fell on. */
		while (!first && at < n && s[at] == ' ')
			at++;
		if (at >= n)
			break;
		col = 0;
		for (end = at; end < n && col < room; end++) {
			if (((unsigned char)s[end] & 0xc0) != 0x80)
				col++;
			if (s[end] == ' ' && end > at)
				last_space = end;
		}
		/* The last character whole: its continuation bytes too. */
		while (end < n && ((unsigned char)s[end] & 0xc0) == 0x80)
			end++;
		if (end < n && s[end] != ' ' && last_space > at)
			end = last_space;      /* break at the last blank that fits */
		else if (end < n && col >= room)
			end = at + bytes_of(s + at, n - at, room);
		textbuf_printf(o, "%*s%.*s\n", (int)lead, "", (int)(end - at), s + at);
		at = end;
		first = 0;
	}
}

size_t term_wrap(const char *text, int width, char *out, size_t len)
{
	struct textbuf o;
	const char *p = text;

	textbuf_init(&o, out, len);
	if (width < 8)
		width = 8;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		wrap_line(&o, p, n, width);
		p += n + (nl != NULL);
	}
	return o.used;
}
