/* textbuf.c - append formatted text to a bounded buffer */
#include <stdarg.h>
#include <stdio.h>

#include "textbuf.h"

void textbuf_init(struct textbuf *t, char *buf, size_t len)
{
	t->buf = buf;
	t->len = len;
	t->used = 0;
	if (len)
		buf[0] = '\0';
}

void textbuf_vprintf(struct textbuf *t, const char *fmt, va_list ap)
{
	int n = vsnprintf(t->used < t->len ? t->buf + t->used : NULL,
			  t->used < t->len ? t->len - t->used : 0, fmt, ap);

	if (n > 0)
		t->used += (size_t)n;
}

void textbuf_printf(struct textbuf *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	textbuf_vprintf(t, fmt, ap);
	va_end(ap);
}
