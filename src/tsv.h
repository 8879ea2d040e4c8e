/* tsv.h - read leaklab's tab-separated tables by column name */
#ifndef LEAKLAB_TSV_H
#define LEAKLAB_TSV_H

#include <stddef.h>
#include <stdio.h>

#define TSV_MAX_COLS 2200

struct tsv {
	FILE *f;
	char *line;
	size_t cap;
	int ncols;                  /* in the header */
	char *header[TSV_MAX_COLS];
	char *headbuf;
	int nfields;                /* in the current row */
	char *field[TSV_MAX_COLS];
	long rowno;                 /* 1 = header */
};

/* Open a table and read its header. Returns NULL (errno set) when the file
 * cannot be read; an empty file gives a table with no columns. */
struct tsv *tsv_open(const char *path);

/* Close; NULL is a no-op. */
void tsv_close(struct tsv *t);

/* The index of a column by name, or -1. */
int tsv_col(const struct tsv *t, const char *name);

/* Read the next row into t->field. Returns 1, or 0 at the end. */
int tsv_next(struct tsv *t);

/* Field i of the current row as a number; NAN when absent, '-' or not a number. */
double tsv_num(const struct tsv *t, int i);

/* Field i of the current row as text; "" when absent. */
const char *tsv_str(const struct tsv *t, int i);

#endif
