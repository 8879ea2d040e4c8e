/* suggest.c - "did you mean ...?" by edit distance */
#include <ctype.h>
#include <string.h>

#include "suggest.h"

#define MAXW 64

int suggest_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), i, j;
	int d[MAXW + 1][MAXW + 1];

	if (n > MAXW || m > MAXW)
		return 1000;
	for (i = 0; i <= n; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= m; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++) {
			int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			int v = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			/* two letters swapped: "gomaxporcs" */
			if (i > 1 && j > 1 && tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[n][m];
}

const char *suggest_closest(const char *word, const char *const *words, size_t n)
{
	size_t len = strlen(word);
	int limit = len >= 9 ? 3 : len >= 5 ? 2 : 1, best = 1000;
	const char *pick = NULL;

	if ((size_t)limit >= len)
		limit = len > 1 ? (int)len - 1 : 0;
	for (size_t i = 0; i < n; i++) {
		int d = suggest_distance(word, words[i]);

		if (d < best) {
			best = d;
			pick = words[i];
		}
	}
	return best <= limit && best > 0 ? pick : best == 0 ? pick : NULL;
}
