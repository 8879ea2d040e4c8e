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

/* Does the locale write UTF-8 ($LC_ALL, else $LC_CTYPE, else $LANG)? */
int term_utf8(void);

/* The alternate screen, for a full-screen view: entered with the cursor
 * hidden; left with the cursor back and the terminal's own screen as it
 * was. Leaving is also done at exit(), once entered, so an error path
 * cannot leave the terminal in it. */
void term_screen_enter(int fd);
void term_screen_leave(void);

/* Write all of buf to fd (a frame); returns 0 or -1. */
int term_write(int fd, const char *buf, size_t len);

/*
 * Wrap text to width columns at word boundaries, line by line: a line that
 * fits stays as it is; a longer one continues on lines indented two more
 * than its own first indent. A word longer than the width is cut. Columns
 * count UTF-8 characters, not bytes. Returns the length needed (like
 * snprintf); out is always NUL-terminated when len > 0. Pure.
 */
size_t term_wrap(const char *text, int width, char *out, size_t len);

#endif
