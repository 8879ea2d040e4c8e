/* utf8.c - valid UTF-8 sequences and columns (pure) */
#include "utf8.h"

size_t utf8_seq(const unsigned char *s, size_t avail)
{
	unsigned c, cp;
	size_t n, i;

	if (avail == 0)
		return 0;
	c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (n > avail)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

size_t utf8_cols(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t cols = 0, n;

	while (*s) {
		n = utf8_seq(s, 4);
		s += n ? n : 1;
		cols++;
	}
	return cols;
}

void utf8_cut(char *str, size_t cols)
{
	unsigned char *s = (unsigned char *)str;
	size_t n;

	while (*s && cols > 0) {
		n = utf8_seq(s, 4);
		s += n ? n : 1;
		cols--;
	}
	*s = '\0';
}
