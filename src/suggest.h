/* suggest.h - "did you mean ...?": the closest of a list of words (pure) */
#ifndef LEAKLAB_SUGGEST_H
#define LEAKLAB_SUGGEST_H

#include <stddef.h>

/* The edit distance (insertions, deletions, substitutions and swaps of
 * two neighbours, each 1) between a and b, case-insensitive, for words up
 * to 63 bytes; longer ones count as far. */
int suggest_distance(const char *a, const char *b);

/* The word of words[0..n) closest to word, when it is close enough to be
 * a slip (distance at most 1 for short words, 2 from 5 letters, 3 from 9,
 * and less than the word's length); NULL when none is. The first of equals
 * wins. */
const char *suggest_closest(const char *word, const char *const *words, size_t n);

#endif
