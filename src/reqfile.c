/* reqfile.c - the one module that knows requests.tsv's columns */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reqfile.h"
#include "tsv.h"

static const char *const outcome_names[REQ_NOUTCOMES] = {
	"ok", "http", "timeout", "error", "dropped", "aborted"
};

const char *reqfile_outcome_name(enum reqfile_outcome o)
{
	return (unsigned)o < REQ_NOUTCOMES ? outcome_names[o] : "error";
}

/* Append s as one cell: tabs and newlines would break the table. */
static size_t put_cell(char *buf, size_t at, size_t len, const char *s)
{
	if (!s || !*s)
		s = "-";
	for (; *s && at + 2 < len; s++)
		buf[at++] = (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s;
	return at;
}

size_t reqfile_format(const struct reqfile_row *r, char *buf, size_t len)
{
	int n;
	size_t at;

	if (len < REQFILE_ROW_MIN) {
		if (len)
			buf[0] = '\0';
		return 0;
	}
	if (isnan(r->t_start_ms))
		n = snprintf(buf, len, "%llu\t%.3f\t-\t-\t-\t-\t-\t%s\t", (unsigned long long)r->seq,
			     r->t_sched_ms, reqfile_outcome_name(r->outcome));
	else
		n = snprintf(buf, len, "%llu\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%ld\t%s\t",
			     (unsigned long long)r->seq, r->t_sched_ms, r->t_start_ms, r->t_end_ms,
			     r->t_end_ms - r->t_sched_ms, r->t_end_ms - r->t_start_ms, r->status,
			     reqfile_outcome_name(r->outcome));
	/* The numbers whole, and room for "-\t-\n" after them, or no row. */
	if (n < 0 || (size_t)n + 5 > len - 8) {
		buf[0] = '\0';
		return 0;
	}
	at = put_cell(buf, (size_t)n, len - 4, r->target);
	buf[at++] = '\t';
	at = put_cell(buf, at, len, r->error);
	buf[at++] = '\n';
	buf[at] = '\0';
	return at;
}

struct reqfile_reader {
	struct tsv *t;
	int seq, ts, t0, t1, st, oc, tg, er;
};

struct reqfile_reader *reqfile_open(const char *path)
{
	struct reqfile_reader *rd = calloc(1, sizeof(*rd));

	if (!rd)
		return NULL;
	if (!(rd->t = tsv_open(path))) {
		free(rd);
		return NULL;
	}
	rd->seq = tsv_col(rd->t, "seq");
	rd->ts = tsv_col(rd->t, "t_sched_ms");
	rd->t0 = tsv_col(rd->t, "t_start_ms");
	rd->t1 = tsv_col(rd->t, "t_end_ms");
	rd->st = tsv_col(rd->t, "status");
	rd->oc = tsv_col(rd->t, "outcome");
	rd->tg = tsv_col(rd->t, "target");
	rd->er = tsv_col(rd->t, "error");
	return rd;
}

int reqfile_next(struct reqfile_reader *rd, struct reqfile_row *r)
{
	const char *oc, *er;
	double st, seq;
	int i;

	if (!tsv_next(rd->t))
		return 0;
	memset(r, 0, sizeof(*r));
	seq = tsv_num(rd->t, rd->seq);
	/* A damaged row's seq is no number: 0, not a NaN cast (undefined). */
	r->seq = seq >= 0 && seq < 1.8e19 ? (uint64_t)seq : 0;
	r->t_sched_ms = tsv_num(rd->t, rd->ts);
	r->t_start_ms = tsv_num(rd->t, rd->t0);
	r->t_end_ms = tsv_num(rd->t, rd->t1);
	st = tsv_num(rd->t, rd->st);
	r->status = isnan(st) ? 0 : (long)st;
	er = tsv_str(rd->t, rd->er);
	r->error = strcmp(er, "-") == 0 ? NULL : er;
	r->target = rd->tg >= 0 ? tsv_str(rd->t, rd->tg) : NULL;
	oc = tsv_str(rd->t, rd->oc);
	for (i = 0; i < REQ_NOUTCOMES; i++)
		if (strcmp(oc, outcome_names[i]) == 0) {
			r->outcome = (enum reqfile_outcome)i;
			return 1;
		}
	/* Before the outcome column: from the error text and status. */
	if (r->error && strncmp(r->error, "dropped", 7) == 0)
		r->outcome = REQ_DROPPED;
	else if (r->error && strncmp(r->error, "aborted", 7) == 0)
		r->outcome = REQ_ABORTED;
	else if (r->error && strstr(r->error, "imed out"))
		r->outcome = REQ_TIMEOUT;
	else if (r->error)
		r->outcome = REQ_ERROR;
	else
		r->outcome = r->status >= 200 && r->status < 300 ? REQ_OK : REQ_HTTP;
	return 1;
}

void reqfile_close(struct reqfile_reader *rd)
{
	if (!rd)
		return;
	tsv_close(rd->t);
	free(rd);
}
