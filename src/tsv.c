/* tsv.c - a small reader for the run directory's tables */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsv.h"

static int split(char *line, char **out, int max)
{
	int n = 0;
	char *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	for (;;) {
		char *tab = strchr(p, '\t');

		if (n < max)
			out[n++] = p;
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return n;
}

struct tsv *tsv_open(const char *path)
{
	struct tsv *t = calloc(1, sizeof(*t));
	ssize_t n;

	if (!t)
		return NULL;
	if (!(t->f = fopen(path, "r"))) {
		free(t);
		return NULL;
	}
	errno = 0;
	n = getline(&t->line, &t->cap, t->f);
	if (n < 0 && ferror(t->f)) {
		/* Not an empty file: a directory (EISDIR), a read error. */
		int e = errno ? errno : EIO;

		tsv_close(t);
		errno = e;
		return NULL;
	}
	if (n > 0) {
		if (!(t->headbuf = strdup(t->line))) {
			tsv_close(t);
			return NULL;
		}
		t->ncols = split(t->headbuf, t->header, TSV_MAX_COLS);
		t->rowno = 1;
	}
	return t;
}

void tsv_close(struct tsv *t)
{
	if (!t)
		return;
	if (t->f)
		fclose(t->f);
	free(t->line);
	free(t->headbuf);
	free(t);
}

int tsv_col(const struct tsv *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (strcmp(t->header[i], name) == 0)
			return i;
	return -1;
}

int tsv_next(struct tsv *t)
{
	ssize_t n;

	if (!t->ncols)
		return 0;
	while ((n = getline(&t->line, &t->cap, t->f)) > 0) {
		if (t->line[0] == '\n' || (t->line[0] == '\r' && t->line[1] == '\n'))
			continue;   /* a blank line, LF or CRLF */
		t->rowno++;
		t->nfields = split(t->line, t->field, TSV_MAX_COLS);
		return 1;
	}
	return 0;
}

double tsv_num(const struct tsv *t, int i)
{
	char *end;
	double v;

	if (i < 0 || i >= t->nfields || !t->field[i][0] || strcmp(t->field[i], "-") == 0)
		return NAN;
	v = strtod(t->field[i], &end);
	return *end ? NAN : v;
}

const char *tsv_str(const struct tsv *t, int i)
{
	return i < 0 || i >= t->nfields ? "" : t->field[i];
}
