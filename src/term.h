/* term.h - the terminal a student has: its size, its colours, text wrapped to it */
#ifndef LEAKLAB_TERM_H
#define LEAKLAB_TERM_H

#include <stddef.h>

/* The size of the terminal on fd: TIOCGWINSZ, then $COLUMNS and $LINES,
 * then 80x24. Returns 1 when fd is a terminal, 0 when it is not (the size
 * is then from the environment or the default). */
int term_size(int fd, int *cols, int *rows);

/* May fd show colour? A terminal, $TERM set and not "dumb", and $NO_COLOR
 * unset (https://no-color.org). */
int term_color(int fd);

/*
 * Wrap text to width columns at word boundaries, line by line: a line that
 * fits stays as it is; a longer one continues on lines indented two more
 * than its own first indent. A word longer than the width is cut. Columns
 * count UTF-8 characters, not bytes. Returns the length needed (like
 * snprintf); out is always NUL-terminated when len > 0. Pure.
 */
size_t term_wrap(const char *text, int width, char *out, size_t len);

#endif
