/* meta.c - the one module that knows meta.txt's layout */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "i18n.h"
#include "meta.h"
#include "signals.h"
#include "textbuf.h"
#include "version.h"

#define LAB_MARK "--- lab as run ---"

void meta_init(struct meta *m)
{
	memset(m, 0, sizeof(*m));
	snprintf(m->version, sizeof(m->version), "%s", LEAKLAB_VERSION);
	snprintf(m->state, sizeof(m->state), "running");
	snprintf(m->go_version, sizeof(m->go_version), "-");
	snprintf(m->ended, sizeof(m->ended), "-");
	m->gomaxprocs = m->cpus = m->pid = -1;
	m->end_ms = m->stacks_t_ms = m->schedule_start_ms = m->final_t_ms = -1;
	m->cpu_leaklab_ms = m->cpu_program_ms = -1;
	m->pprof_lost_ms = -1;
	m->trace_runtimes = 1;
}

/* One line per value: a value cannot hold a newline. */
static const char *one_line(const char *s, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%s", s);
	for (i = 0; buf[i]; i++)
		if (buf[i] == '\n' || buf[i] == '\r')
			buf[i] = ' ';
	return buf;
}

int meta_write(const char *dir, const struct meta *m)
{
	struct textbuf o;
	char *text, a[1100], tmp[64];
	size_t n;
	int rc;

	textbuf_init(&o, NULL, 0);
	for (int pass = 0; pass < 2; pass++) {
		textbuf_printf(&o, "leaklab_version: %s\n", m->version);
		textbuf_printf(&o, "state: %s\n", m->state);
		textbuf_printf(&o, "go_version: %s\n", one_line(m->go_version, a, sizeof(a)));
		textbuf_printf(&o, "gomaxprocs: %ld\n", m->gomaxprocs);
		textbuf_printf(&o, "cpus: %ld\n", m->cpus);
		textbuf_printf(&o, "os: %s\n", one_line(m->os, a, sizeof(a)));
		textbuf_printf(&o, "start_time: %s\n", m->start_time);
		textbuf_printf(&o, "program: %s\n", one_line(m->program, a, sizeof(a)));
		textbuf_printf(&o, "program_pid: %ld\n", m->pid);
		textbuf_printf(&o, "url: %s\n", one_line(m->url, a, sizeof(a)));
		textbuf_printf(&o, "ended: %s\n", one_line(m->ended, a, sizeof(a)));
		textbuf_printf(&o, "partial: %s\n", m->partial ? "true" : "false");
		textbuf_printf(&o, "samples: %llu\n", (unsigned long long)m->samples);
		textbuf_printf(&o, "detail_samples: %llu\n", (unsigned long long)m->detail_samples);
		textbuf_printf(&o, "malformed_lines: %llu\n", (unsigned long long)m->malformed);
		textbuf_printf(&o, "other_lines: %llu\n", (unsigned long long)m->other_lines);
		textbuf_printf(&o, "orphan_lines: %llu\n", (unsigned long long)m->orphan_lines);
		textbuf_printf(&o, "stderr_bytes: %llu\n", (unsigned long long)m->stderr_bytes);
		textbuf_printf(&o, "requests_scheduled: %llu\n", (unsigned long long)m->requests_scheduled);
		textbuf_printf(&o, "schedule_ms: %.0f\n", m->schedule_ms);
		textbuf_printf(&o, "schedule_start_ms: %.3f\n", m->schedule_start_ms);
		textbuf_printf(&o, "end_ms: %.0f\n", m->end_ms);
		textbuf_printf(&o, "stacks_t_ms: %.0f\n", m->stacks_t_ms);
		textbuf_printf(&o, "final_t_ms: %.3f\n", m->final_t_ms);
		textbuf_printf(&o, "cpu_leaklab_ms: %.0f\n", m->cpu_leaklab_ms);
		textbuf_printf(&o, "cpu_program_ms: %.0f\n", m->cpu_program_ms);
		textbuf_printf(&o, "student: %s\n", one_line(m->student, a, sizeof(a)));
		textbuf_printf(&o, "host: %s\n", one_line(m->host, a, sizeof(a)));
		textbuf_printf(&o, "attached: %s\n", m->attached ? "true" : "false");
		textbuf_printf(&o, "pprof_url: %s\n", one_line(m->pprof_url, a, sizeof(a)));
		textbuf_printf(&o, "pprof_lost_ms: %.0f\n", m->pprof_lost_ms);
		textbuf_printf(&o, "profile_final: %s\n", one_line(m->profile_final, a, sizeof(a)));
		textbuf_printf(&o, "profile_full: %s\n", one_line(m->profile_full, a, sizeof(a)));
		textbuf_printf(&o, "profile_leak: %s\n", one_line(m->profile_leak, a, sizeof(a)));
		textbuf_printf(&o, "trace_runtimes: %d\n", m->trace_runtimes);
		textbuf_printf(&o, "trace_dropped: %llu\n", (unsigned long long)m->trace_dropped);
		textbuf_printf(&o, "%s\n%s", LAB_MARK, m->lab_text);
		if (pass == 0) {
			n = o.used + 1;
			if (!(text = malloc(n)))
				return -1;
			textbuf_init(&o, text, n);
		}
	}
	/* Whole or not at all: write aside, then rename over. */
	snprintf(tmp, sizeof(tmp), "meta.txt.%ld", (long)getpid());
	if (files_write(dir, tmp, text, o.used) < 0) {
		free(text);
		return -1;
	}
	free(text);
	{
		char from[4200], to[4200];

		snprintf(from, sizeof(from), "%s/%s", dir, tmp);
		snprintf(to, sizeof(to), "%s/meta.txt", dir);
		rc = rename(from, to);
		if (rc < 0) {
			int e = errno;

			unlink(from);
			errno = e;
		}
	}
	return rc;
}

/* The value of "key: value" in the header part of text, into out. */
static int value(const char *text, const char *key, char *out, size_t outlen)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, LAB_MARK, strlen(LAB_MARK)) == 0)
			break;
		if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
			const char *v = p + klen + 1, *e;

			while (*v == ' ')
				v++;
			e = strchr(v, '\n');
			snprintf(out, outlen, "%.*s", (int)(e ? e - v : (long)strlen(v)), v);
			return 1;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

/* A count: whole digits up to UINT64_MAX, else dflt. */
static uint64_t count(const char *text, const char *key, uint64_t dflt)
{
	char v[64] = "", *end;
	unsigned long long u;

	if (!value(text, key, v, sizeof(v)) || v[0] < '0' || v[0] > '9')
		return dflt;
	errno = 0;
	u = strtoull(v, &end, 10);
	return errno || *end ? dflt : (uint64_t)u;
}

/* A whole number in [-1, LONG_MAX] (pids, CPUs, GOMAXPROCS), else dflt. */
static long whole(const char *text, const char *key, long dflt)
{
	char v[64] = "", *end;
	long l;

	if (!value(text, key, v, sizeof(v)) || !v[0])
		return dflt;
	errno = 0;
	l = strtol(v, &end, 10);
	return errno || *end || l < -1 ? dflt : l;
}

static double num(const char *text, const char *key, double dflt)
{
	char v[64] = "", *end;
	double d;

	if (!value(text, key, v, sizeof(v)))
		return dflt;
	d = strtod(v, &end);
	return v[0] && !*end && isfinite(d) ? d : dflt;
}

int meta_read(const char *dir, struct meta *m, char *err, size_t errlen)
{
	char path[4200], b[16];
	const char *lab;
	size_t len;
	char *text;

	meta_init(m);
	m->version[0] = '\0';
	snprintf(path, sizeof(path), "%s/meta.txt", dir);
	if (!(text = files_read(path, 1024 * 1024, &len))) {
		snprintf(err, errlen, _("cannot read '%s': %s (is '%s' a run directory?)"), path,
			 errno == EFBIG ? _("larger than 1 MiB") : strerror(errno), dir);
		return -1;
	}
	if (strncmp(text, "leaklab_version:", 16) != 0) {
		snprintf(err, errlen, _("'%s' is not leaklab's meta.txt (is '%s' a run directory?)"), path, dir);
		free(text);
		return -1;
	}
	value(text, "leaklab_version", m->version, sizeof(m->version));
	/* Before meta.txt was written at the start, every one was an end. */
	if (!value(text, "state", m->state, sizeof(m->state)))
		snprintf(m->state, sizeof(m->state), "ended");
	value(text, "go_version", m->go_version, sizeof(m->go_version));
	value(text, "os", m->os, sizeof(m->os));
	value(text, "start_time", m->start_time, sizeof(m->start_time));
	if (!value(text, "program", m->program, sizeof(m->program)))
		value(text, "server", m->program, sizeof(m->program));
	value(text, "url", m->url, sizeof(m->url));
	value(text, "ended", m->ended, sizeof(m->ended));
	m->partial = value(text, "partial", b, sizeof(b)) && strcmp(b, "true") == 0;
	m->gomaxprocs = whole(text, "gomaxprocs", -1);
	m->cpus = whole(text, "cpus", -1);
	m->pid = whole(text, "program_pid", whole(text, "server_pid", -1));
	m->samples = count(text, "samples", 0);
	m->detail_samples = count(text, "detail_samples", 0);
	m->malformed = count(text, "malformed_lines", 0);
	m->other_lines = count(text, "other_lines", 0);
	m->orphan_lines = count(text, "orphan_lines", 0);
	m->stderr_bytes = count(text, "stderr_bytes", 0);
	m->requests_scheduled = count(text, "requests_scheduled", 0);
	m->schedule_ms = num(text, "schedule_ms", 0);
	m->schedule_start_ms = num(text, "schedule_start_ms", -1);
	m->end_ms = num(text, "end_ms", -1);
	m->stacks_t_ms = num(text, "stacks_t_ms", -1);
	m->final_t_ms = num(text, "final_t_ms", -1);
	m->cpu_leaklab_ms = num(text, "cpu_leaklab_ms", -1);
	m->cpu_program_ms = num(text, "cpu_program_ms", -1);
	value(text, "student", m->student, sizeof(m->student));
	value(text, "host", m->host, sizeof(m->host));
	m->attached = value(text, "attached", b, sizeof(b)) && strcmp(b, "true") == 0;
	value(text, "pprof_url", m->pprof_url, sizeof(m->pprof_url));
	m->pprof_lost_ms = num(text, "pprof_lost_ms", -1);
	value(text, "profile_final", m->profile_final, sizeof(m->profile_final));
	value(text, "profile_full", m->profile_full, sizeof(m->profile_full));
	value(text, "profile_leak", m->profile_leak, sizeof(m->profile_leak));
	m->trace_runtimes = (int)whole(text, "trace_runtimes", 1);
	m->trace_dropped = count(text, "trace_dropped", 0);
	if ((lab = strstr(text, LAB_MARK "\n")))
		snprintf(m->lab_text, sizeof(m->lab_text), "%s", lab + strlen(LAB_MARK) + 1);
	free(text);
	return 0;
}

int meta_lab(const struct meta *m, const char *dir, struct lab *lab, struct lab_error *err)
{
	char where[4200];

	lab_defaults(lab, dir);
	snprintf(where, sizeof(where), _("%s/meta.txt (the lab as run)"), dir);
	return lab_parse(lab, m->lab_text, strlen(m->lab_text), where, err);
}

int meta_is_run(const char *dir)
{
	char path[4200], head[17] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/meta.txt", dir);
	if (!(f = fopen(path, "r")))
		return 0;
	if (fread(head, 1, 16, f) != 16)
		head[0] = '\0';
	fclose(f);
	return strcmp(head, "leaklab_version:") == 0;
}

/* ------------------------------------------------------------ its words */

/* Each phrase and its words for a reader: every value it holds is a %s
 * there, in the same order, as the English wrote it (numbers keep the
 * point). The first that matches is taken: the narrower of two first. */
static const struct {
	const char *english, *words;
} phrases[] = {
	/* TRANSLATORS: how a run ended, or why a profile did not come; each
	 * %s is a value as it was written (a number keeps its point). */
	{ META_COMPLETE, N_("complete") },
	{ META_INTERRUPTED, N_("interrupted by %s at %s s") },
	{ META_PROGRAM_ENDED, N_("the program %s at %s s, before the run's end") },
	{ META_WRITE_FAILED_AT, N_("writing %s failed at %s s") },
	{ META_WRITE_FAILED, N_("writing %s failed") },
	{ META_CAPPED, N_("the duration cap (%s s) came after %s of %s requests") },
	{ META_DRIVER_FAILED, N_("the load driver failed at %s s: %s") },
	{ META_NOT_STARTED_WHY, N_("the program did not start: %s") },
	{ META_NOT_STARTED, N_("the program did not start") },
	{ META_NOTHING_LISTENED, N_("nothing listened at %s") },
	{ META_KILLED_RUNNING, N_("killed before it ended (meta.txt still says running)") },
	{ META_EXEC_FAILED, N_("could not be started: %s") },
	{ META_STILL_RUNNING, N_("is still running") },
	{ META_EXITED, N_("exited with code %s") },
	{ META_SIGNALED, N_("was killed by signal %s (%s)") },
	{ META_ENDED, N_("ended") },
	{ META_TIMED_OUT, N_("timed out after %s s") },
	{ META_HTTP, N_("HTTP %s") },
	{ META_NOT_SERVED, N_("not served") },
	{ META_NO_LEAK_PROFILE, N_("not served (Go < 1.26, or built without it)") },
	{ META_WINDOW_SPENT, N_("not asked: the final window (%s s%s) was spent waiting for the goroutineleak profile") },
	{ META_NOT_ASKED, N_("not asked: %s") },
	{ META_RUN_STOPPED, N_("the run was stopped") },
	{ META_CAP_CAME, N_("the duration cap came") },
	{ META_NOT_AS_PLANNED, N_("the run did not end as planned") },
	{ META_NOT_AWAITED, N_("not awaited: the run ended first") },
	{ META_WINDOW_CAP, N_(", the lab's duration") },
};

#define MAX_VALUES 4

struct values {
	const char *at[MAX_VALUES];
	size_t len[MAX_VALUES];
	int n;
};

/* The length of the printf conversion at f ("%.1f", "%.*s", "%llu"), or 0. */
static size_t conversion(const char *f)
{
	size_t i = 1;

	if (f[0] != '%' || f[1] == '%')
		return 0;
	while (f[i] && strchr("-+ #0123456789.*hlLjzt", f[i]))
		i++;
	return f[i] ? i + 1 : 0;
}

/* Does s read as format f filled in? Each value the shortest that lets
 * the rest match. */
static int match(const char *f, const char *s, struct values *v)
{
	for (;;) {
		size_t c = conversion(f);

		if (c) {
			int k = v->n;

			if (k == MAX_VALUES)
				return 0;
			v->n++;
			for (const char *e = s;; e++) {
				v->at[k] = s;
				v->len[k] = (size_t)(e - s);
				if (match(f + c, e, v))
					return 1;
				if (!*e)
					break;
			}
			v->n = k;
			return 0;
		}
		if (*f == '%' && f[1] == '%')
			f++;
		if (!*f)
			return !*s;
		if (*f++ != *s++)
			return 0;
	}
}

static const char *words_of(const char *s, char *buf, size_t len, int depth)
{
	struct values v;
	char each[MAX_VALUES][256], text[MAX_VALUES][256];
	const char *arg[MAX_VALUES] = { "", "", "", "" };

	snprintf(buf, len, "%s", s);
	if (depth > 3 || !*s)
		return buf;
	for (int sig = 1; sig < 65; sig++)
		if (strcmp(signals_english(sig), s) == 0 && strncmp(s, "signal ", 7) != 0) {
			snprintf(buf, len, "%s", _(signals_english(sig)));
			return buf;
		}
	for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++) {
		memset(&v, 0, sizeof(v));
		if (!match(phrases[i].english, s, &v))
			continue;
		/* Each value may be a phrase too: the program's end, a signal. */
		for (int k = 0; k < v.n; k++) {
			snprintf(each[k], sizeof(each[k]), "%.*s", (int)v.len[k], v.at[k]);
			arg[k] = words_of(each[k], text[k], sizeof(text[k]), depth + 1);
		}
		snprintf(buf, len, _(phrases[i].words), arg[0], arg[1], arg[2], arg[3]);
		return buf;
	}
	return buf;
}

const char *meta_words(const char *english, char *buf, size_t len)
{
	if (!len)
		return buf;
	if (strcmp(i18n_lang(), "en") == 0) {
		snprintf(buf, len, "%s", english);
		return buf;
	}
	return words_of(english, buf, len, 0);
}
