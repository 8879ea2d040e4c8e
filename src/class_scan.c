/* class_scan.c - find the class's run directories and read each one */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "class.h"
#include "class_scan.h"
#include "i18n.h"
#include "json.h"
#include "meta.h"
#include "tsv.h"

#define SUMMARY_MAX (4u * 1024 * 1024)
#define DEPTH_MAX 40
#define PROGRESS_EVERY 200

/* The keys today's summary.json has that the class view reads: one
 * missing says the run is of an older leaklab. */
static const char *const summary_keys[] = {
	"lab", "verdict", "expected", "partial", "ended", "student", "go_version", "gomaxprocs",
	"requests_sent", "queued_per_leak", "queued_slope_per_s", "queued_r2", "goroutines_start",
	"goroutines_end", "goroutines_slope_per_s", "goroutines_r2", "probe_p99_ms", "samples",
};

/* ------------------------------------------------------------ one run */

static void text_of(const struct json *v, char *out, size_t len)
{
	class_clean_text(json_str(v, ""), out, len);
}

static double num_of(const struct json *obj, const char *key)
{
	int ok;
	double v = json_num(json_get(obj, key), &ok);

	return ok ? v : NAN;
}

/* "2026-12-03T20:56:03+0000" (or "+00:00", or none: UTC) as seconds since
 * the epoch; NAN when it is no such time. */
static double parse_time(const char *s)
{
	struct tm tm;
	const char *p;
	long off = 0;

	memset(&tm, 0, sizeof(tm));
	if (!(p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)))
		return NAN;
	if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;
		const char *d = p + 1;
		int h, m;

		if (!isdigit((unsigned char)d[0]) || !isdigit((unsigned char)d[1]))
			return NAN;
		h = (d[0] - '0') * 10 + (d[1] - '0');
		d += 2;
		if (*d == ':')
			d++;
		if (!isdigit((unsigned char)d[0]) || !isdigit((unsigned char)d[1]))
			return NAN;
		m = (d[0] - '0') * 10 + (d[1] - '0');
		off = sign * (h * 60L + m) * 60;
	}
	return (double)timegm(&tm) - (double)off;
}

/* Why r cannot be read: in English (class.tsv) and in the reader's
 * language (the page), from one English format. */
static void unreadable(struct class_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void unreadable(struct class_run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->unreadable, sizeof(r->unreadable), fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	vsnprintf(r->unreadable_shown, sizeof(r->unreadable_shown), _(fmt), ap);
	va_end(ap);
}

/* A curve from a table's columns tcol and vcol (or, for vcol NULL, the
 * sum of trace.tsv's G-state columns); nothing when the table or the
 * columns are not there. */
static int read_curve(const char *dir, const char *file, const char *tcol, const char *vcol, struct class_curve *out)
{
	static const char *const gcols[] = { "g_runnable", "g_running", "g_syscall", "g_waiting" };
	char path[PATH_MAX + 64];
	struct tsv *t;
	double *ts = NULL, *vs = NULL;
	size_t n = 0, cap = 0;
	int ti, vi = -1, gi[4], rc = 0;

	memset(out, 0, sizeof(*out));
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (!(t = tsv_open(path)))
		return 0;
	ti = tsv_col(t, tcol);
	if (vcol)
		vi = tsv_col(t, vcol);
	else
		for (int i = 0; i < 4; i++)
			if ((gi[i] = tsv_col(t, gcols[i])) >= 0)
				vi = 0;
	if (ti < 0 || vi < 0) {
		tsv_close(t);
		return 0;
	}
	while (tsv_next(t)) {
		double tm = tsv_num(t, ti), v = 0;

		if (vcol) {
			v = tsv_num(t, vi);
		} else {
			for (int i = 0; i < 4; i++)
				if (gi[i] >= 0)
					v += isnan(tsv_num(t, gi[i])) ? 0 : tsv_num(t, gi[i]);
		}
		if (isnan(tm) || isnan(v))
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			double *nt = realloc(ts, nc * sizeof(double)), *nv;

			if (!nt) {
				rc = -1;
				break;
			}
			ts = nt;
			if (!(nv = realloc(vs, nc * sizeof(double)))) {
				rc = -1;
				break;
			}
			vs = nv;
			cap = nc;
		}
		ts[n] = tm / 1000;
		vs[n++] = v;
	}
	tsv_close(t);
	if (rc == 0)
		rc = class_thin(ts, vs, n, CLASS_CURVE_POINTS, out);
	free(ts);
	free(vs);
	return rc;
}

/* hunt-check.tsv: the variant of its last check, that variant's tries,
 * the last one's fields and the first try with all four right. */
static void read_hunt(const char *path, struct class_hunt *h)
{
	struct tsv *t = tsv_open(path);
	int cv, ct, ca, cf[CLASS_HUNT_FIELDS];

	if (!t)
		return;
	cv = tsv_col(t, "variant");
	ct = tsv_col(t, "try");
	ca = tsv_col(t, "all");
	for (int i = 0; i < CLASS_HUNT_FIELDS; i++)
		cf[i] = tsv_col(t, class_hunt_fields[i]);
	if (cv < 0) {
		tsv_close(t);
		return;
	}
	while (tsv_next(t)) {
		char variant[32];

		class_clean_text(tsv_str(t, cv), variant, sizeof(variant));
		if (!h->present || strcmp(variant, h->variant) != 0) {
			memset(h, 0, sizeof(*h));
			h->present = 1;
			snprintf(h->variant, sizeof(h->variant), "%s", variant);
		}
		h->tries = ct >= 0 && !isnan(tsv_num(t, ct)) ? (int)tsv_num(t, ct) : h->tries + 1;
		for (int i = 0; i < CLASS_HUNT_FIELDS; i++) {
			const char *v = cf[i] >= 0 ? tsv_str(t, cf[i]) : "";

			snprintf(h->field[i], sizeof(h->field[i]), "%s",
				 strcmp(v, "right") == 0 || strcmp(v, "wrong") == 0 || strcmp(v, "missing") == 0 ? v : "");
		}
		if (ca >= 0 && strcmp(tsv_str(t, ca), "yes") == 0 && !h->all_at)
			h->all_at = h->tries;
	}
	tsv_close(t);
}

/* The folder a run came from: its parent, relative to root. */
static void folder_of(const char *dir, const char *root, char *out, size_t len)
{
	char parent[PATH_MAX];
	const char *slash, *p;
	size_t rl = strlen(root);

	snprintf(parent, sizeof(parent), "%s", dir);
	while (strlen(parent) > 1 && parent[strlen(parent) - 1] == '/')
		parent[strlen(parent) - 1] = '\0';
	if ((slash = strrchr(parent, '/')))
		parent[slash == parent ? 1 : slash - parent] = '\0';
	else
		snprintf(parent, sizeof(parent), ".");
	p = parent;
	if (rl && strncmp(parent, root, rl) == 0 && parent[rl] == '/')
		p = parent + rl + 1;
	else if (strcmp(parent, root) == 0 || strcmp(parent, ".") == 0) {
		/* Right in the path given: the path's own name. */
		char abs[PATH_MAX];

		if (realpath(parent, abs) && strrchr(abs, '/') && strrchr(abs, '/')[1])
			p = strrchr(abs, '/') + 1;
		class_clean_text(p, out, len);
		return;
	}
	class_clean_text(p, out, len);
}

/* The lab's name from the directory's: "01-cpu-leak-20261203-205226". */
static void lab_of_dir(const char *dir, char *out, size_t len)
{
	const char *b = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	size_t n = strlen(b);

	if (n > 16 && b[n - 16] == '-' && b[n - 7] == '-')
		n -= 16;
	else if (n > 7 && strcmp(b + n - 7, "-latest") == 0)
		n -= 7;
	snprintf(out, len, "%.*s", (int)n, b);
}

/* A key's value in the lab as run (meta.txt's "key = value" lines) into
 * out, cleaned; out is left as it is when the key is not there. */
static void lab_key(const char *text, const char *key, char *out, size_t len)
{
	size_t k = strlen(key);

	for (const char *p = text; (p = strstr(p, key)); p++)
		if ((p == text || p[-1] == '\n') && strncmp(p + k, " = ", 3) == 0) {
			char v[256];

			snprintf(v, sizeof(v), "%.*s", (int)strcspn(p + k + 3, "\n"), p + k + 3);
			class_clean_text(v, out, len);
			return;
		}
}

int class_scan_run(struct class *c, const char *dir, const char *root)
{
	static struct meta m;
	struct class_run *r = class_add_run(c, dir);
	char path[PATH_MAX + 64], err[512];
	struct json_error je;
	struct json *s = NULL;
	struct stat st;
	int have_meta;

	if (!r)
		return -1;
	folder_of(dir, root, r->folder, sizeof(r->folder));
	lab_of_dir(dir, r->lab, sizeof(r->lab));
	have_meta = meta_read(dir, &m, err, sizeof(err)) == 0;
	if (have_meta) {
		class_clean_text(m.version, r->version, sizeof(r->version));
		class_clean_text(m.start_time, r->start_time, sizeof(r->start_time));
		class_clean_text(m.student, r->student, sizeof(r->student));
		class_clean_text(m.go_version, r->go_version, sizeof(r->go_version));
		class_clean_text(m.ended, r->ended, sizeof(r->ended));
		r->gomaxprocs = m.gomaxprocs;
		r->partial = m.partial;
		r->when = parse_time(m.start_time);
		if (m.samples)
			r->samples = (double)m.samples;
		/* The lab as run names it, and its title in Portuguese. */
		lab_key(m.lab_text, "name", r->lab, sizeof(r->lab));
		lab_key(m.lab_text, "title.pt_BR", r->title_pt, sizeof(r->title_pt));
	}
	snprintf(path, sizeof(path), "%s/summary.json", dir);
	if (isnan(r->when) && stat(path, &st) == 0)
		r->when = (double)st.st_mtime;
	if (isnan(r->when) && stat(dir, &st) == 0)
		r->when = (double)st.st_mtime;
	if (!(s = json_load(path, SUMMARY_MAX, &je))) {
		if (access(path, F_OK) != 0)
			unreadable(r, N_("no summary.json (a run that never ended, or a partial copy)"));
		else if (je.line)
			unreadable(r, N_("summary.json is damaged: line %d, column %d: %s"), je.line, je.column, je.msg);
		else
			unreadable(r, N_("summary.json cannot be read: %s"), je.msg);
		return 0;
	}
	if (s->type != JSON_OBJECT) {
		unreadable(r, N_("summary.json is not an object but %s"), json_type_name(s->type));
		json_free(s);
		return 0;
	}
	if (!have_meta)
		unreadable(r, N_("no meta.txt of leaklab's (a partial copy?)"));
	for (size_t i = 0; i < sizeof(summary_keys) / sizeof(summary_keys[0]); i++)
		if (!json_get(s, summary_keys[i]) && !r->missing_keys++)
			snprintf(r->missing_first, sizeof(r->missing_first), "%s", summary_keys[i]);
	if (json_str(json_get(s, "lab"), NULL))
		text_of(json_get(s, "lab"), r->lab, sizeof(r->lab));
	text_of(json_get(s, "title"), r->title, sizeof(r->title));
	text_of(json_get(s, "verdict"), r->verdict, sizeof(r->verdict));
	text_of(json_get(s, "expected"), r->expected, sizeof(r->expected));
	r->expected_met = json_bool(json_get(s, "expected_met"), -1);
	if (json_str(json_get(s, "student"), NULL))
		text_of(json_get(s, "student"), r->student, sizeof(r->student));
	if (json_str(json_get(s, "go_version"), NULL))
		text_of(json_get(s, "go_version"), r->go_version, sizeof(r->go_version));
	if (json_str(json_get(s, "ended"), NULL))
		text_of(json_get(s, "ended"), r->ended, sizeof(r->ended));
	if (!isnan(num_of(s, "gomaxprocs")))
		r->gomaxprocs = (long)num_of(s, "gomaxprocs");
	r->partial = json_bool(json_get(s, "partial"), r->partial);
	r->queued_per_leak = num_of(s, "queued_per_leak");
	r->queued_slope = num_of(s, "queued_slope_per_s");
	r->queued_r2 = num_of(s, "queued_r2");
	r->goroutines_start = num_of(s, "goroutines_start");
	r->goroutines_end = num_of(s, "goroutines_end");
	r->goroutines_slope = num_of(s, "goroutines_slope_per_s");
	r->goroutines_r2 = num_of(s, "goroutines_r2");
	r->requests_sent = num_of(s, "requests_sent");
	r->time_slice_ms = num_of(s, "time_slice_ms");
	r->probe_p99_ms = num_of(s, "probe_p99_ms");
	if (!isnan(num_of(s, "samples")))
		r->samples = num_of(s, "samples");
	json_free(s);
	if (read_curve(dir, "trace.tsv", "t_ms", "queued", &r->queued) < 0 ||
	    read_curve(dir, "goroutines.tsv", "t_ms", "total", &r->goroutines) < 0 ||
	    (!r->goroutines.n && read_curve(dir, "trace.tsv", "t_ms", NULL, &r->goroutines) < 0))
		return -1;
	snprintf(path, sizeof(path), "%s/trace.tsv", dir);
	r->no_trace = access(path, R_OK) != 0;
	snprintf(path, sizeof(path), "%s/hunt-check.tsv", dir);
	read_hunt(path, &r->hunt);
	return 0;
}

/* ------------------------------------------------------------ exercises.tsv */

static int read_exercises(struct class *c, const char *dir)
{
	char path[PATH_MAX + 64];
	struct tsv *t;
	struct class_exercises *x;
	int cs, ct, cst;
	size_t nb = 0;

	snprintf(path, sizeof(path), "%s/exercises.tsv", dir);
	if (!(t = tsv_open(path)))
		return 0;
	if ((cst = tsv_col(t, "state")) < 0 || !(x = class_add_exercises(c))) {
		int bad = cst >= 0;

		tsv_close(t);
		return bad ? -1 : 0;
	}
	cs = tsv_col(t, "student");
	ct = tsv_col(t, "time");
	class_clean_text(dir, x->folder, sizeof(x->folder));
	while (tsv_next(t)) {
		int fixed = strcmp(tsv_str(t, cst), "fixed") == 0;

		if (cs >= 0 && !x->student[0])
			class_clean_text(tsv_str(t, cs), x->student, sizeof(x->student));
		if (ct >= 0 && strcmp(tsv_str(t, ct), x->time) > 0)
			class_clean_text(tsv_str(t, ct), x->time, sizeof(x->time));
		x->total++;
		x->fixed += fixed;
		if (nb + 1 < sizeof(x->bar))
			x->bar[nb++] = fixed ? '#' : '.';
	}
	x->bar[nb] = '\0';
	tsv_close(t);
	return 0;
}

/* ------------------------------------------------------------ the walk */

struct seen {
	dev_t dev;
	ino_t ino;
};

struct scan {
	struct class *c;
	const char *root;
	struct seen *seen;
	size_t nseen, capseen;
	char **later;          /* symbolic links to directories, for after */
	size_t nlater, caplater;
	dev_t skip_dev;
	ino_t skip_ino;
	int have_skip;
	class_scan_progress *progress;
	void *arg;
	size_t reported;
	char *err;
	size_t errlen;
};

/* Has this directory been visited? Marks it when not. -1 without memory. */
static int visited(struct scan *s, const struct stat *st)
{
	for (size_t i = 0; i < s->nseen; i++)
		if (s->seen[i].dev == st->st_dev && s->seen[i].ino == st->st_ino)
			return 1;
	if (s->nseen == s->capseen) {
		size_t cap = s->capseen ? s->capseen * 2 : 256;
		struct seen *ns = realloc(s->seen, cap * sizeof(*ns));

		if (!ns)
			return -1;
		s->seen = ns;
		s->capseen = cap;
	}
	s->seen[s->nseen].dev = st->st_dev;
	s->seen[s->nseen++].ino = st->st_ino;
	return 0;
}

static int is_run_dir(const char *dir)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/summary.json", dir);
	return access(path, F_OK) == 0 || meta_is_run(dir);
}

static int defer(struct scan *s, const char *path)
{
	if (s->nlater == s->caplater) {
		size_t cap = s->caplater ? s->caplater * 2 : 32;
		char **nl = realloc(s->later, cap * sizeof(*nl));

		if (!nl)
			return -1;
		s->later = nl;
		s->caplater = cap;
	}
	if (!(s->later[s->nlater] = strdup(path)))
		return -1;
	s->nlater++;
	return 0;
}

static int walk(struct scan *s, const char *dir, int depth)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int v, rc = 0;

	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;
	if (s->have_skip && st.st_dev == s->skip_dev && st.st_ino == s->skip_ino)
		return 0;
	if ((v = visited(s, &st)) != 0)
		return v < 0 ? -1 : 0;
	if (is_run_dir(dir)) {
		if (class_scan_run(s->c, dir, s->root) < 0)
			return -1;
		if (s->progress && s->c->nruns >= s->reported + PROGRESS_EVERY) {
			s->reported = s->c->nruns;
			s->progress(s->c->nruns, s->arg);
		}
		return 0;
	}
	if (depth >= DEPTH_MAX || !(d = opendir(dir)))
		return 0;
	while (rc == 0 && (e = readdir(d))) {
		char path[PATH_MAX];
		struct stat ls;

		if (e->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name) >=
		    sizeof(path))
			continue;
		if (strcmp(e->d_name, "exercises.tsv") == 0) {
			rc = read_exercises(s->c, dir);
			continue;
		}
		if (e->d_type != DT_DIR && e->d_type != DT_LNK && e->d_type != DT_UNKNOWN)
			continue;
		if (lstat(path, &ls) < 0)
			continue;
		if (S_ISLNK(ls.st_mode)) {
			if (stat(path, &ls) == 0 && S_ISDIR(ls.st_mode))
				rc = defer(s, path);
		} else if (S_ISDIR(ls.st_mode)) {
			rc = walk(s, path, depth + 1);
		}
	}
	closedir(d);
	return rc;
}

int class_scan(struct class *c, const char *const *paths, size_t n, const char *skip,
	       class_scan_progress *progress, void *arg, char *err, size_t errlen)
{
	struct scan s;
	struct stat st;
	int rc = 0;

	memset(&s, 0, sizeof(s));
	s.c = c;
	s.progress = progress;
	s.arg = arg;
	s.err = err;
	s.errlen = errlen;
	if (skip && stat(skip, &st) == 0) {
		s.have_skip = 1;
		s.skip_dev = st.st_dev;
		s.skip_ino = st.st_ino;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (stat(paths[i], &st) < 0) {
			snprintf(err, errlen, _("cannot read '%s': %s"), paths[i], strerror(errno));
			rc = -1;
			break;
		}
		s.root = paths[i];
		rc = walk(&s, paths[i], 0);
		/* Then the links found below this path, and theirs. */
		for (size_t k = 0; k < s.nlater && rc == 0; k++)
			rc = walk(&s, s.later[k], 1);
		for (size_t k = 0; k < s.nlater; k++)
			free(s.later[k]);
		s.nlater = 0;
		if (rc < 0 && !err[0])
			snprintf(err, errlen, "%s", strerror(ENOMEM));
	}
	free(s.seen);
	free(s.later);
	return rc;
}
