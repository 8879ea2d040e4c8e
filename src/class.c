/* class.c - the class view's pure part: grouping, the latest run, the
 * class's numbers and who stands out */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "class.h"
#include "i18n.h"
#include "meta.h"
#include "textbuf.h"
#include "utf8.h"

const struct class_col_def class_cols[CLASS_NCOLS] = {
	[CLASS_PER_REQUEST] = { "leaks_per_request", "leaks per request", "%.2f" },
	[CLASS_SLOPE]       = { "slope_per_s",       "slope /s",          "%.2f" },
	[CLASS_R2]          = { "r2",                "R\xc2\xb2",         "%.2f" },
	[CLASS_TIME_SLICE]  = { "time_slice_ms",     "time slice ms",     "%.1f" },
	[CLASS_PROBE_P99]   = { "probe_p99_ms",      "probe p99 ms",      "%.1f" },
	[CLASS_SAMPLES]     = { "samples",           "samples",           "%.0f" },
};

const char *const class_hunt_fields[CLASS_HUNT_FIELDS] = { "kind", "endpoint", "function", "condition" };

/* The median curve's points over the chart's time axis. */
#define MEDIAN_POINTS 200

/* ------------------------------------------------------------ the list */

struct class *class_new(void)
{
	return calloc(1, sizeof(struct class));
}

static void curve_free(struct class_curve *c)
{
	free(c->t);
	free(c->v);
	c->t = c->v = NULL;
	c->n = 0;
}

void class_free(struct class *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nruns; i++) {
		free(c->runs[i].dir);
		curve_free(&c->runs[i].queued);
		curve_free(&c->runs[i].goroutines);
	}
	for (size_t i = 0; i < c->nlabs; i++) {
		free(c->labs[i].runs);
		curve_free(&c->labs[i].median);
	}
	free(c->labs);
	free(c->runs);
	free(c->ex);
	free(c);
}

/* Room for one more of n items of size in *a: its capacity doubled from
 * first when full. Returns 0, or -1 with *a as it was. */
static int grow(void **a, size_t *cap, size_t n, size_t size, size_t first)
{
	size_t ncap;
	void *na;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : first;
	if (!(na = realloc(*a, ncap * size)))
		return -1;
	*a = na;
	*cap = ncap;
	return 0;
}

struct class_run *class_add_run(struct class *c, const char *dir)
{
	struct class_run *r;

	if (grow((void **)&c->runs, &c->cap, c->nruns, sizeof(*c->runs), 64) < 0)
		return NULL;
	r = &c->runs[c->nruns];
	memset(r, 0, sizeof(*r));
	if (!(r->dir = strdup(dir)))
		return NULL;
	c->nruns++;
	r->expected_met = -1;
	r->gomaxprocs = -1;
	r->when = NAN;
	r->queued_per_leak = r->queued_slope = r->queued_r2 = NAN;
	r->goroutines_start = r->goroutines_end = r->goroutines_slope = r->goroutines_r2 = NAN;
	r->requests_sent = r->time_slice_ms = r->probe_p99_ms = r->samples = NAN;
	for (int i = 0; i < CLASS_NCOLS; i++)
		r->v[i] = NAN;
	return r;
}

struct class_exercises *class_add_exercises(struct class *c)
{
	if (grow((void **)&c->ex, &c->excap, c->nex, sizeof(*c->ex), 16) < 0)
		return NULL;
	memset(&c->ex[c->nex], 0, sizeof(c->ex[0]));
	return &c->ex[c->nex++];
}

/* ------------------------------------------------------------ small pure helpers */

void class_clean_text(const char *str, char *out, size_t len)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t o = 0;

	if (!len)
		return;
	while (*s) {
		size_t n = utf8_seq(s, 4);
		const char *put = (const char *)s;
		size_t m = n;

		if (n == 0) {
			put = "\xef\xbf\xbd";
			m = 3;
			n = 1;
		} else if (*s < 0x20 || *s == 0x7f) {
			put = " ";
		}
		/* A character whole or not at all. */
		if (o + m >= len)
			break;
		memcpy(out + o, put, m);
		o += m;
		s += n;
	}
	out[o] = '\0';
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void class_stats_of(const double *v, size_t n, struct class_stats *out)
{
	double *s = n ? malloc(n * sizeof(*s)) : NULL;
	size_t k = 0;

	out->min = out->median = out->max = NAN;
	out->n = 0;
	if (!s)
		return;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			s[k++] = v[i];
	if (k) {
		qsort(s, k, sizeof(*s), cmp_double);
		out->min = s[0];
		out->max = s[k - 1];
		out->median = k % 2 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
		out->n = k;
	}
	free(s);
}

int class_thin(const double *t, const double *v, size_t n, size_t max, struct class_curve *out)
{
	size_t step, k = 0;

	out->t = out->v = NULL;
	out->n = 0;
	if (!n)
		return 0;
	if (max < 2)
		max = 2;
	step = (n + max - 2) / (max - 1);
	if (step < 1)
		step = 1;
	if (!(out->t = malloc(max * sizeof(double))) || !(out->v = malloc(max * sizeof(double)))) {
		curve_free(out);
		return -1;
	}
	for (size_t i = 0; i < n && k < max; i += step) {
		out->t[k] = t[i];
		out->v[k++] = v[i];
	}
	/* The last sample always: where the curve ends is the lesson. */
	if (out->t[k - 1] != t[n - 1]) {
		if (k == max)
			k--;
		out->t[k] = t[n - 1];
		out->v[k++] = v[n - 1];
	}
	out->n = k;
	return 0;
}

double class_curve_at(const struct class_curve *c, double t)
{
	size_t lo = 0, hi;

	if (!c->n || t < c->t[0] || t > c->t[c->n - 1])
		return NAN;
	hi = c->n;
	/* The last i with c->t[i] <= t. */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (c->t[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return c->v[lo];
}

const char *class_lab_title(const struct class_lab *l)
{
	return i18n_pt() && l->title_pt[0] ? l->title_pt : l->title[0] ? l->title : l->name;
}

const char *class_met_word(int met)
{
	return met == 1 ? "met" : met == 0 ? "not met" : "";
}

/* ------------------------------------------------------------ grouping */

static const struct class *sorting;

int class_name_cmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	while (*x && *y) {
		if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
			const unsigned char *ex, *ey;
			size_t nx, ny;

			while (*x == '0' && x[1] >= '0' && x[1] <= '9')
				x++;
			while (*y == '0' && y[1] >= '0' && y[1] <= '9')
				y++;
			for (ex = x; *ex >= '0' && *ex <= '9'; ex++)
				;
			for (ey = y; *ey >= '0' && *ey <= '9'; ey++)
				;
			nx = (size_t)(ex - x);
			ny = (size_t)(ey - y);
			if (nx != ny)
				return nx < ny ? -1 : 1;
			for (; x < ex; x++, y++)
				if (*x != *y)
					return *x < *y ? -1 : 1;
			continue;
		}
		{
			int cx = *x >= 'A' && *x <= 'Z' ? *x + 32 : *x, cy = *y >= 'A' && *y <= 'Z' ? *y + 32 : *y;

			if (cx != cy)
				return cx < cy ? -1 : 1;
		}
		x++;
		y++;
	}
	if (*x || *y)
		return *x ? 1 : -1;
	return strcmp(a, b);
}

static int cmp_exercises(const void *a, const void *b)
{
	return class_name_cmp(((const struct class_exercises *)a)->who, ((const struct class_exercises *)b)->who);
}

/* By lab, then student, then newest first, then path. */
static int cmp_run(const void *a, const void *b)
{
	const struct class_run *x = &sorting->runs[*(const size_t *)a], *y = &sorting->runs[*(const size_t *)b];
	int d;

	if ((d = strcmp(x->lab, y->lab)))
		return d;
	if ((d = class_name_cmp(x->who, y->who)))
		return d;
	if (!isnan(x->when) || !isnan(y->when)) {
		if (isnan(x->when))
			return 1;
		if (isnan(y->when))
			return -1;
		if (x->when != y->when)
			return x->when > y->when ? -1 : 1;
	}
	return strcmp(y->dir, x->dir);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The most common of n strings ("" ones skipped) into out; "" when none. */
static void most_common(const char **s, size_t n, char *out, size_t len)
{
	const char **v = n ? malloc(n * sizeof(*v)) : NULL;
	size_t k = 0, best = 0;

	out[0] = '\0';
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		if (s[i][0])
			v[k++] = s[i];
	qsort(v, k, sizeof(*v), cmp_str);
	for (size_t i = 0, run; i < k; i += run) {
		for (run = 1; i + run < k && strcmp(v[i], v[i + run]) == 0; run++)
			;
		if (run > best) {
			best = run;
			snprintf(out, len, "%s", v[i]);
		}
	}
	free(v);
}

static const struct class_curve *signal_curve(const struct class_run *r, enum class_signal s)
{
	return s == CLASS_QUEUED ? &r->queued : &r->goroutines;
}

static void fill_values(struct class_run *r, enum class_signal s)
{
	if (s == CLASS_QUEUED) {
		r->v[CLASS_PER_REQUEST] = r->queued_per_leak;
		r->v[CLASS_SLOPE] = r->queued_slope;
		r->v[CLASS_R2] = r->queued_r2;
	} else {
		r->v[CLASS_PER_REQUEST] = r->requests_sent > 0 && !isnan(r->goroutines_end) && !isnan(r->goroutines_start)
			? (r->goroutines_end - r->goroutines_start) / r->requests_sent : NAN;
		r->v[CLASS_SLOPE] = r->goroutines_slope;
		r->v[CLASS_R2] = r->goroutines_r2;
	}
	r->v[CLASS_TIME_SLICE] = r->time_slice_ms;
	r->v[CLASS_PROBE_P99] = r->probe_p99_ms;
	r->v[CLASS_SAMPLES] = r->samples;
}

static int is_leak(const char *verdict)
{
	return strcmp(verdict, "runnable leak") == 0 || strcmp(verdict, "blocked leak") == 0;
}

/* The chart's axes and the class's median curve, over the latest runs. */
static int lab_curves(struct class *c, struct class_lab *l)
{
	double *ends = calloc(l->nruns + 1, sizeof(double)), *tops = calloc(l->nruns + 1, sizeof(double));
	double *at = calloc(l->nruns + 1, sizeof(double)), t[MEDIAN_POINTS], m[MEDIAN_POINTS];
	struct class_stats se, st;
	size_t k = 0, np = 0;
	int rc = -1;

	if (!ends || !tops || !at)
		goto out;
	for (size_t i = 0; i < l->nruns; i++) {
		const struct class_run *r = &c->runs[l->runs[i]];
		const struct class_curve *cv = signal_curve(r, l->signal);
		double top = 0;

		if (!r->latest || !cv->n)
			continue;
		for (size_t j = 0; j < cv->n; j++)
			if (cv->v[j] > top)
				top = cv->v[j];
		ends[k] = cv->t[cv->n - 1];
		tops[k++] = top;
	}
	class_stats_of(ends, k, &se);
	class_stats_of(tops, k, &st);
	/* One long run (or one huge count) must not squash everyone else's. */
	l->xmax = k ? fmin(se.max, 2 * se.median) : 1;
	l->ymax = k ? fmin(st.max, 2 * st.median) : 1;
	if (!(l->xmax >= 1))
		l->xmax = 1;
	if (!(l->ymax >= 1))
		l->ymax = 1;
	l->ymax *= 1.05;
	for (size_t p = 0; p < MEDIAN_POINTS && k; p++) {
		double when = l->xmax * (double)p / (MEDIAN_POINTS - 1);
		size_t n = 0;
		struct class_stats s;

		for (size_t i = 0; i < l->nruns; i++) {
			const struct class_run *r = &c->runs[l->runs[i]];

			if (r->latest)
				at[n++] = class_curve_at(signal_curve(r, l->signal), when);
		}
		class_stats_of(at, n, &s);
		/* Half the class at least, or the median is one student's. */
		if (s.n * 2 >= k && s.n) {
			t[np] = when;
			m[np++] = s.median;
		}
	}
	rc = class_thin(t, m, np, MEDIAN_POINTS, &l->median);
out:
	free(ends);
	free(tops);
	free(at);
	return rc;
}

/* Why a latest run stands out from its lab's class, as flags: the words
 * come from class_reasons(), in English for class.tsv, translated for
 * the page. */
static void lab_outliers(struct class *c, struct class_lab *l)
{
	for (size_t i = 0; i < l->nruns; i++) {
		struct class_run *r = &c->runs[l->runs[i]];
		double med, v;

		r->why = 0;
		if (r->unreadable[0]) {
			r->why |= CLASS_WHY_UNREADABLE;
			l->outliers++;
			continue;
		}
		if (!r->latest)
			continue;
		if (r->partial)
			r->why |= CLASS_WHY_PARTIAL;
		if (r->missing_keys)
			r->why |= CLASS_WHY_OLDER;
		else if (l->version[0] && r->version[0] && strcmp(r->version, l->version) != 0)
			r->why |= CLASS_WHY_VERSION;
		if (l->gomaxprocs > 0 && r->gomaxprocs > 0 && r->gomaxprocs != l->gomaxprocs)
			r->why |= CLASS_WHY_GOMAXPROCS;
		med = l->stats[CLASS_SAMPLES].median;
		if (!isnan(r->samples) && (r->samples < 5 || (!isnan(med) && r->samples < med / 2)))
			r->why |= CLASS_WHY_FEW_SAMPLES;
		if (!l->hunt && l->expected[0] && r->verdict[0] && strcmp(r->verdict, l->expected) != 0)
			r->why |= is_leak(l->expected) && !is_leak(r->verdict) ? CLASS_WHY_NO_LEAK : CLASS_WHY_VERDICT;
		med = l->stats[CLASS_PER_REQUEST].median;
		v = r->v[CLASS_PER_REQUEST];
		if (!l->hunt && is_leak(l->expected) && !isnan(v) && !isnan(med) && l->students >= 3 &&
		    fabs(v - med) > fmax(0.5 * fabs(med), 0.3))
			r->why |= CLASS_WHY_FAR;
		if (!signal_curve(r, l->signal)->n)
			r->why |= CLASS_WHY_NO_CURVE;
		if (r->why)
			l->outliers++;
	}
}

/* A sentence in English or in the reader's language. */
static const char *tr(int english, const char *s)
{
	return english ? s : _(s);
}

size_t class_reasons(const struct class_run *r, const struct class_lab *l, int english, char *out, size_t len)
{
	const char *sep = tr(english, N_("; "));
	struct textbuf o;
	char words[256];
	int n = 0;

	textbuf_init(&o, out, len);
	/* Each reason a whole sentence for the translator; the separator
	 * between them apart. */
#define SEP() textbuf_printf(&o, "%s", n++ ? sep : "")
	if (r->why & CLASS_WHY_UNREADABLE) {
		SEP();
		textbuf_printf(&o, "%s", english || !r->unreadable_shown[0] ? r->unreadable : r->unreadable_shown);
	}
	if (r->why & CLASS_WHY_PARTIAL) {
		SEP();
		if (r->ended[0] && strcmp(r->ended, META_COMPLETE) != 0)
			textbuf_printf(&o, tr(english, N_("a partial run (%s)")),
				       english ? r->ended : meta_words(r->ended, words, sizeof(words)));
		else
			textbuf_printf(&o, "%s", tr(english, N_("a partial run")));
	}
	if (r->why & CLASS_WHY_OLDER) {
		SEP();
		textbuf_printf(&o, tr(english, N_("an older leaklab (%s): summary.json lacks %d of today's keys, '%s' first")),
			       r->version[0] ? r->version : "?", r->missing_keys, r->missing_first);
	}
	if (r->why & CLASS_WHY_VERSION) {
		SEP();
		textbuf_printf(&o, tr(english, N_("another leaklab version (%s; most had %s)")), r->version, l->version);
	}
	if (r->why & CLASS_WHY_GOMAXPROCS) {
		SEP();
		textbuf_printf(&o, tr(english, N_("another GOMAXPROCS than most (%ld; most had %ld)")), r->gomaxprocs,
			       l->gomaxprocs);
	}
	if (r->why & CLASS_WHY_FEW_SAMPLES) {
		SEP();
		textbuf_printf(&o, tr(english, N_("few samples (%.0f; the class's median %.0f)")), r->samples,
			       l->stats[CLASS_SAMPLES].median);
	}
	if (r->why & CLASS_WHY_NO_LEAK) {
		SEP();
		textbuf_printf(&o, tr(english, N_("no leak where one was expected (verdict '%s', the lab expects '%s')")),
			       r->verdict, l->expected);
	}
	if (r->why & CLASS_WHY_VERDICT) {
		SEP();
		textbuf_printf(&o, tr(english, N_("verdict '%s', the lab expects '%s'")), r->verdict, l->expected);
	}
	if (r->why & CLASS_WHY_FAR) {
		SEP();
		textbuf_printf(&o, tr(english, N_("%.2f leaks per request, far from the class's median %.2f")),
			       r->v[CLASS_PER_REQUEST], l->stats[CLASS_PER_REQUEST].median);
	}
	if (r->why & CLASS_WHY_NO_CURVE) {
		SEP();
		textbuf_printf(&o, "%s", l->signal == CLASS_QUEUED ? tr(english, N_("no trace.tsv to draw (a partial copy?)"))
			       : tr(english, N_("no goroutine count to draw (no goroutines.tsv: a partial copy?)")));
	}
#undef SEP
	return o.used;
}

/* One lab from the sorted runs [from, to). */
static int build_lab(struct class *c, struct class_lab *l, const size_t *order, size_t from, size_t to)
{
	const char **ex = malloc((to - from + 1) * sizeof(*ex)), **vs = malloc((to - from + 1) * sizeof(*vs)),
		   **ver = malloc((to - from + 1) * sizeof(*ver));
	char gmp[32][32];
	double *vals = malloc((to - from + 1) * sizeof(double));
	const char *gs[32], *cur = NULL;
	size_t ne = 0, ngs = 0;
	int rc = -1, have = 0;

	memset(l, 0, sizeof(*l));
	l->gomaxprocs = -1;
	if (!ex || !vs || !ver || !vals || !(l->runs = malloc((to - from) * sizeof(size_t))))
		goto out;
	snprintf(l->name, sizeof(l->name), "%s", c->runs[order[from]].lab);
	for (size_t i = from; i < to; i++) {
		struct class_run *r = &c->runs[order[i]];

		l->runs[l->nruns++] = order[i];
		/* Newest first: a student's first readable run is the latest. */
		if (!cur || strcmp(cur, r->who) != 0) {
			cur = r->who;
			have = 0;
		}
		if (!r->unreadable[0] && !have) {
			r->latest = 1;
			have = 1;
			l->students++;
		}
		if (!l->title[0] && r->title[0])
			snprintf(l->title, sizeof(l->title), "%s", r->title);
		if (!l->title_pt[0] && r->title_pt[0])
			snprintf(l->title_pt, sizeof(l->title_pt), "%s", r->title_pt);
		if (strcmp(r->verdict, "hidden") == 0 || strstr(r->lab, "hunt"))
			l->hunt = 1;
	}
	for (size_t i = 0; i < l->nruns; i++) {
		const struct class_run *r = &c->runs[l->runs[i]];

		if (!r->latest)
			continue;
		ex[ne] = r->expected;
		vs[ne] = r->verdict;
		ver[ne] = r->version;
		if (r->gomaxprocs > 0 && ngs < 32) {
			snprintf(gmp[ngs], sizeof(gmp[ngs]), "%020ld", r->gomaxprocs);
			gs[ngs] = gmp[ngs];
			ngs++;
		}
		ne++;
	}
	most_common(ex, ne, l->expected, sizeof(l->expected));
	if (l->hunt)
		l->expected[0] = '\0';
	most_common(ver, ne, l->version, sizeof(l->version));
	{
		char g[32];

		most_common(gs, ngs, g, sizeof(g));
		if (g[0])
			l->gomaxprocs = strtol(g, NULL, 10);
	}
	if (strcmp(l->expected, "runnable leak") == 0)
		l->signal = CLASS_QUEUED;
	else if (!l->expected[0] && !l->hunt) {
		char v[32];

		most_common(vs, ne, v, sizeof(v));
		l->signal = strcmp(v, "runnable leak") == 0 ? CLASS_QUEUED : CLASS_GOROUTINES;
	} else
		l->signal = CLASS_GOROUTINES;
	for (size_t i = 0; i < l->nruns; i++) {
		struct class_run *r = &c->runs[l->runs[i]];

		fill_values(r, l->signal);
		if (r->expected_met < 0 && l->expected[0] && r->verdict[0] && !r->unreadable[0])
			r->expected_met = strcmp(r->verdict, l->expected) == 0;
		if (r->latest && r->expected_met == 1)
			l->met++;
	}
	for (int col = 0; col < CLASS_NCOLS; col++) {
		size_t n = 0;

		for (size_t i = 0; i < l->nruns; i++)
			if (c->runs[l->runs[i]].latest)
				vals[n++] = c->runs[l->runs[i]].v[col];
		class_stats_of(vals, n, &l->stats[col]);
	}
	if (lab_curves(c, l) < 0)
		goto out;
	lab_outliers(c, l);
	rc = 0;
out:
	free(ex);
	free(vs);
	free(ver);
	free(vals);
	return rc;
}

int class_build(struct class *c)
{
	size_t *order = malloc((c->nruns + 1) * sizeof(*order)), nlabs = 0;
	const char **who = malloc((c->nruns + c->nex + 1) * sizeof(*who));
	int rc = -1;

	if (!order || !who)
		goto out;
	c->unreadable = 0;
	for (size_t i = 0; i < c->nruns; i++) {
		struct class_run *r = &c->runs[i];

		r->named = r->student[0] != '\0';
		snprintf(r->who, sizeof(r->who), "%s", r->named ? r->student : r->folder[0] ? r->folder : ".");
		if (!r->lab[0])
			snprintf(r->lab, sizeof(r->lab), "unknown");
		r->latest = 0;
		r->why = 0;
		if (r->unreadable[0])
			c->unreadable++;
		order[i] = i;
	}
	sorting = c;
	qsort(order, c->nruns, sizeof(*order), cmp_run);
	for (size_t i = 0; i < c->nruns; i++)
		if (i == 0 || strcmp(c->runs[order[i]].lab, c->runs[order[i - 1]].lab) != 0)
			nlabs++;
	if (nlabs && !(c->labs = calloc(nlabs, sizeof(*c->labs))))
		goto out;
	for (size_t i = 0, from = 0; i < c->nruns; i++)
		if (i + 1 == c->nruns || strcmp(c->runs[order[i]].lab, c->runs[order[i + 1]].lab) != 0) {
			if (build_lab(c, &c->labs[c->nlabs++], order, from, i + 1) < 0)
				goto out;
			from = i + 1;
		}
	/* Whose exercises: the name in the file, else the student whose runs
	 * were in the same folder, else the folder. */
	for (size_t e = 0; e < c->nex; e++) {
		struct class_exercises *x = &c->ex[e];

		snprintf(x->who, sizeof(x->who), "%s", x->student[0] ? x->student : x->folder);
		if (x->student[0])
			continue;
		for (size_t i = 0; i < c->nruns; i++) {
			const struct class_run *r = &c->runs[i];
			size_t n = strlen(x->folder);

			if (strncmp(r->dir, x->folder, n) == 0 && r->dir[n] == '/' && !strchr(r->dir + n + 1, '/')) {
				snprintf(x->who, sizeof(x->who), "%s", r->who);
				break;
			}
		}
	}
	qsort(c->ex, c->nex, sizeof(*c->ex), cmp_exercises);
	/* Distinct students over every run and exercises record. */
	{
		size_t n = 0, k = 0;

		for (size_t i = 0; i < c->nruns; i++)
			who[n++] = c->runs[i].who;
		for (size_t e = 0; e < c->nex; e++)
			who[n++] = c->ex[e].who;
		qsort(who, n, sizeof(*who), cmp_str);
		for (size_t i = 0; i < n; i++)
			if (i == 0 || strcmp(who[i], who[i - 1]) != 0)
				k++;
		c->students = k;
	}
	rc = 0;
out:
	free(order);
	free(who);
	return rc;
}
