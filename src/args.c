/* args.c - strtol and strtod with every check */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "args.h"

int args_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int args_double(const char *s, double min, double max, double *out)
{
	const char *p;
	int dots = 0, digits = 0;
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	for (p = s; *p; p++) {
		if (*p == '.')
			dots++;
		else if (isdigit((unsigned char)*p))
			digits++;
		else
			return -1;
	}
	if (!digits || dots > 1)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}
