/* report_files.c - read a run directory into a report_input; write summaries */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "lab.h"
#include "report.h"
#include "tsv.h"

#define META_LAB_MARK "--- lab as run ---"

static void path_in(char *out, size_t len, const char *dir, const char *file)
{
	snprintf(out, len, "%s/%s", dir, file);
}

static void meta_value(const char *meta, const char *key, char *out, size_t outlen)
{
	size_t klen = strlen(key);
	const char *p = meta;

	while (p && *p) {
		if (strncmp(p, META_LAB_MARK, strlen(META_LAB_MARK)) == 0)
			return;
		if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
			const char *v = p + klen + 1, *e;

			while (*v == ' ')
				v++;
			e = strchr(v, '\n');
			snprintf(out, outlen, "%.*s", (int)(e ? e - v : (long)strlen(v)), v);
			return;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
}

static double meta_num(const char *meta, const char *key)
{
	char v[64] = "";
	char *end;
	double d;

	meta_value(meta, key, v, sizeof(v));
	d = strtod(v, &end);
	return v[0] && !*end ? d : NAN;
}

int report_load(const char *dir, struct report_input *in, char *err, size_t errlen)
{
	char path[4096], *meta, *text;
	size_t len;
	struct tsv *t;
	double v;

	report_input_init(in);

	/* meta.txt: how the run went, and the lab as it ran. */
	path_in(path, sizeof(path), dir, "meta.txt");
	if (!(meta = files_read(path, 16 * 1024 * 1024, &len))) {
		snprintf(err, errlen, "cannot read '%s': %s (is '%s' a run directory?)", path, strerror(errno), dir);
		return -1;
	}
	{
		const char *mark = strstr(meta, META_LAB_MARK);
		struct lab lab;
		struct lab_error le;

		lab_defaults(&lab, dir);
		if (mark) {
			mark += strlen(META_LAB_MARK);
			if (*mark == '\n')
				mark++;
			if (lab_parse(&lab, mark, strlen(mark), path, &le) < 0) {
				snprintf(err, errlen, "%s", le.msg);
				free(meta);
				return -1;
			}
		}
		snprintf(in->lab_name, sizeof(in->lab_name), "%s", lab.name);
		snprintf(in->title, sizeof(in->title), "%s", lab.title);
		snprintf(in->endpoint, sizeof(in->endpoint), "%s", lab.endpoint);
		snprintf(in->probe, sizeof(in->probe), "%s", lab.probe);
		in->gomaxprocs = lab.gomaxprocs;
	}
	meta_value(meta, "go_version", in->go_version, sizeof(in->go_version));
	meta_value(meta, "ended", in->ended, sizeof(in->ended));
	{
		char partial[16] = "";

		meta_value(meta, "partial", partial, sizeof(partial));
		in->partial = strcmp(partial, "true") == 0;
	}
	if (!isnan(v = meta_num(meta, "gomaxprocs")))
		in->gomaxprocs = (long)v;
	if (!isnan(v = meta_num(meta, "requests_scheduled")))
		in->scheduled = (uint64_t)v;
	if (!isnan(v = meta_num(meta, "schedule_ms")))
		in->sched_duration_ms = v;
	if (!isnan(v = meta_num(meta, "malformed_lines")))
		in->malformed = (uint64_t)v;
	free(meta);

	/* trace.tsv: the queued column over time. */
	path_in(path, sizeof(path), dir, "trace.tsv");
	if ((t = tsv_open(path))) {
		int ct = tsv_col(t, "t_ms"), cq = tsv_col(t, "queued");

		while (tsv_next(t)) {
			double tm = tsv_num(t, ct), q = tsv_num(t, cq);

			in->samples++;
			if (!isnan(tm) && !isnan(q) && report_add_queued(in, tm, q) < 0)
				goto oom;
		}
		tsv_close(t);
	} else {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}

	/* requests.tsv: what was sent, and how it went. */
	path_in(path, sizeof(path), dir, "requests.tsv");
	if ((t = tsv_open(path))) {
		int cs = tsv_col(t, "t_start_ms"), cst = tsv_col(t, "status"), ce = tsv_col(t, "error");

		while (tsv_next(t)) {
			double ts = tsv_num(t, cs), st = tsv_num(t, cst);
			const char *e = tsv_str(t, ce);

			if (strncmp(e, "dropped", 7) == 0) {
				in->dropped++;
				continue;
			}
			in->sent++;
			if (!isnan(ts)) {
				if (isnan(in->first_start_ms) || ts < in->first_start_ms)
					in->first_start_ms = ts;
				if (isnan(in->last_start_ms) || ts > in->last_start_ms)
					in->last_start_ms = ts;
			}
			if (st >= 200 && st < 300 && strcmp(e, "-") == 0)
				in->ok++;
			else
				in->failed++;
		}
		tsv_close(t);
	}

	/* goroutines.tsv: pprof totals. */
	path_in(path, sizeof(path), dir, "goroutines.tsv");
	if ((t = tsv_open(path))) {
		int ct = tsv_col(t, "t_ms"), cg = tsv_col(t, "total");

		while (tsv_next(t)) {
			double tm = tsv_num(t, ct), g = tsv_num(t, cg);

			if (!isnan(tm) && !isnan(g) && report_add_goroutines(in, tm, g) < 0)
				goto oom;
		}
		tsv_close(t);
	}

	/* probe.tsv: latency of the probes that answered. */
	path_in(path, sizeof(path), dir, "probe.tsv");
	if ((t = tsv_open(path))) {
		int cl = tsv_col(t, "latency_ms"), cst = tsv_col(t, "status");

		while (tsv_next(t)) {
			double l = tsv_num(t, cl), st = tsv_num(t, cst);

			in->probes++;
			if (st >= 200 && st < 300 && !isnan(l))
				stats_hist_add(&in->probe_hist, l * 1000);
			else
				in->probes_failed++;
		}
		tsv_close(t);
	}

	/* stacks.txt: the final goroutine profile. */
	path_in(path, sizeof(path), dir, "stacks.txt");
	if ((text = files_read(path, 256 * 1024 * 1024, &len))) {
		report_top_stack(text, len, in->top_stack, sizeof(in->top_stack), &in->top_stack_count);
		free(text);
	}
	return 0;
oom:
	snprintf(err, errlen, "out of memory reading '%s'", path);
	return -1;
}

static int write_file(const char *dir, const char *name, const char *text, size_t len,
		      char *err, size_t errlen)
{
	if (files_write(dir, name, text, len) < 0) {
		snprintf(err, errlen, "cannot write '%s/%s': %s", dir, name, strerror(errno));
		return -1;
	}
	return 0;
}

int report_write(const char *dir, const struct report_input *in, const struct report *r,
		 char *err, size_t errlen)
{
	size_t n = report_text(in, r, NULL, 0) + 1, m = report_json(in, r, NULL, 0) + 1;
	char *buf = malloc(n > m ? n : m);
	int rc = -1;

	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	report_text(in, r, buf, n);
	if (write_file(dir, "summary.txt", buf, n - 1, err, errlen) < 0)
		goto out;
	report_json(in, r, buf, m);
	if (write_file(dir, "summary.json", buf, m - 1, err, errlen) < 0)
		goto out;
	rc = 0;
out:
	free(buf);
	return rc;
}
