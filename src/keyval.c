/* keyval.c - "key value" lines, as the bundled server's /stats writes them (pure) */
#include <stdio.h>
#include <string.h>

#include "keyval.h"

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

int keyval_get(const char *text, size_t len, const char *key, char *out, size_t outlen)
{
	const char *p = text, *end = text + len;
	size_t k = strlen(key);

	while (p < end) {
		const char *le = line_end(p, end);

		if ((size_t)(le - p) > k && memcmp(p, key, k) == 0 && p[k] == ' ') {
			snprintf(out, outlen, "%.*s", (int)(le - p - k - 1), p + k + 1);
			return 0;
		}
		p = le < end ? le + 1 : end;
	}
	return -1;
}
