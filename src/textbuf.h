/* textbuf.h - build text into a caller's buffer, snprintf-style, in pieces */
#ifndef LEAKLAB_TEXTBUF_H
#define LEAKLAB_TEXTBUF_H

#include <stdarg.h>
#include <stddef.h>

/* Text goes to buf while it fits (always NUL-terminated when len > 0);
 * used counts every byte asked for, so a first pass with len 0 measures. */
struct textbuf {
	char *buf;
	size_t len;
	size_t used;
};

/* Start writing into buf (may be NULL when len is 0). */
void textbuf_init(struct textbuf *t, char *buf, size_t len);

/* Append formatted text. */
void textbuf_printf(struct textbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void textbuf_vprintf(struct textbuf *t, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
