/* args.h - strict number parsing for flags and lab values */
#ifndef LEAKLAB_ARGS_H
#define LEAKLAB_ARGS_H

/* Parse a whole decimal number in [min, max]: no sign tricks, no trailing
 * text, no overflow. Returns 0, or -1 leaving *out untouched. */
int args_long(const char *s, long min, long max, long *out);

/* Parse a plain decimal (digits and one '.') in [min, max]. 0 or -1. */
int args_double(const char *s, double min, double max, double *out);

#endif
