/* utf8.h - UTF-8 as leaklab meets it in names and titles: whether bytes
 * are a valid sequence, and how many columns a string takes (pure) */
#ifndef LEAKLAB_UTF8_H
#define LEAKLAB_UTF8_H

#include <stddef.h>

/* The length (1..4) of the valid UTF-8 sequence at s, within avail bytes,
 * or 0 when the bytes there are not one (overlong forms, surrogates and
 * code points past U+10FFFF included). A NUL ends a sequence, so a
 * NUL-ended string may pass avail 4. */
size_t utf8_seq(const unsigned char *s, size_t avail);

/* The columns of s on a terminal: one per character (leaklab's words and
 * names are not wide); bytes that are not UTF-8 count one each. */
size_t utf8_cols(const char *s);

/* Cut s in place to at most cols columns, at a character's edge. */
void utf8_cut(char *s, size_t cols);

#endif
