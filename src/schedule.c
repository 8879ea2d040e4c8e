/* schedule.c - parse rate schedules and compute send times without drift */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "schedule.h"

/* ---------------------------------------------------------------- parse */

struct lexer {
	const char *seg;      /* the segment being parsed, for messages */
	size_t seglen;
	const char *p, *end;
	struct schedule_error *err;
};

static int fail(struct lexer *lx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct lexer *lx, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), _(fmt), ap);
	va_end(ap);
	snprintf(lx->err->msg, sizeof(lx->err->msg), "'%.*s': %s",
		 (int)(lx->seglen > 80 ? 80 : lx->seglen), lx->seg, what);
	return -1;
}

static void skip_ws(struct lexer *lx)
{
	while (lx->p < lx->end && isspace((unsigned char)*lx->p))
		lx->p++;
}

static int at_end(struct lexer *lx)
{
	skip_ws(lx);
	return lx->p >= lx->end;
}

/* Match a word followed by a space or the end. */
static int word(struct lexer *lx, const char *w)
{
	size_t n = strlen(w);

	skip_ws(lx);
	if ((size_t)(lx->end - lx->p) < n || strncmp(lx->p, w, n) != 0)
		return 0;
	if (lx->p + n < lx->end && !isspace((unsigned char)lx->p[n]))
		return 0;
	lx->p += n;
	return 1;
}

/* A plain decimal: digits, at most one '.', no sign, no exponent. */
static int number(struct lexer *lx, double *out)
{
	char buf[32];
	size_t n = 0;
	int dots = 0, digits = 0;
	char *end;

	skip_ws(lx);
	while (lx->p + n < lx->end && (isdigit((unsigned char)lx->p[n]) || lx->p[n] == '.')) {
		if (lx->p[n] == '.')
			dots++;
		else
			digits++;
		n++;
	}
	if (!digits || dots > 1 || n >= sizeof(buf))
		return 0;
	memcpy(buf, lx->p, n);
	buf[n] = '\0';
	errno = 0;
	*out = strtod(buf, &end);
	if (errno || *end)
		return 0;
	lx->p += n;
	return 1;
}

struct unit {
	const char *name;
	double factor;
};

/* Units, longest first so "/min" wins over "/m" and "ms" over "m". */
static const struct unit rate_units[] = {
	{ "/min", 1.0 / 60 }, { "/s", 1.0 }, { "/m", 1.0 / 60 }, { NULL, 0 }
};
static const struct unit duration_units[] = {
	{ "ms", 1.0 }, { "min", 60000.0 }, { "s", 1000.0 }, { "m", 60000.0 }, { NULL, 0 }
};

/* Read a number and one of units right after it: 0 with *out scaled, or -1
 * saying what was expected (what, where) or that the noun lacks a unit. */
static int quantity(struct lexer *lx, const struct unit *units, double *out, const char *noun,
		    const char *what, const char *where, const char *unit_hint)
{
	const char *start;
	double v;

	skip_ws(lx);
	start = lx->p;
	if (!number(lx, &v))
		return fail(lx, N_("expected %s%s"), _(what), _(where));
	/* "1e9/s": plain decimals only; say so rather than "'1' needs a unit". */
	if (lx->p < lx->end && (*lx->p == 'e' || *lx->p == 'E') && lx->p + 1 < lx->end &&
	    (isdigit((unsigned char)lx->p[1]) || lx->p[1] == '+' || lx->p[1] == '-')) {
		const char *e = lx->p;

		while (e < lx->end && !isspace((unsigned char)*e) && *e != '/')
			e++;
		return fail(lx, N_("'%.*s': write the number out in plain decimal, without an exponent"),
			    (int)(e - start), start);
	}
	{
		/* The unit is the word right after the number: letters and '/'
		 * ("/s", "ms"), matched whole, so "10/segundo" is no "/s". */
		const char *u = lx->p;
		size_t n;

		while (u < lx->end && (isalpha((unsigned char)*u) || *u == '/'))
			u++;
		n = (size_t)(u - lx->p);
		for (; n && units->name; units++)
			if (strlen(units->name) == n && strncmp(lx->p, units->name, n) == 0) {
				lx->p += n;
				*out = v * units->factor;
				return 0;
			}
		if (n) {
			const char *num_end = lx->p;

			lx->p = u;
			return fail(lx, N_("unknown unit '%.*s' in '%.*s': use %s"), (int)(u - num_end - (*num_end == '/')),
				    num_end + (*num_end == '/'), (int)(u - start), start, _(unit_hint));
		}
	}
	return fail(lx, N_("%s '%.*s' needs a unit: %s"), _(noun), (int)(lx->p - start), start, _(unit_hint));
}

static int rate(struct lexer *lx, double *per_ms, const char *where)
{
	double v;

	if (quantity(lx, rate_units, &v, N_("rate"), N_("a rate like '20/s'"), where, N_("/s or /min")) < 0)
		return -1;
	if (v > SCHEDULE_MAX_RATE)
		return fail(lx, N_("rate above %.0f/s"), SCHEDULE_MAX_RATE);
	*per_ms = v / 1000.0;
	return 0;
}

static int duration(struct lexer *lx, double *ms, const char *where)
{
	if (quantity(lx, duration_units, ms, N_("duration"), N_("a duration like '10s'"), where,
		     N_("ms, s or min")) < 0)
		return -1;
	if (*ms > SCHEDULE_MAX_MS)
		return fail(lx, N_("duration longer than a day"));
	return 0;
}


static int parse_segment(struct lexer *lx, struct schedule *s, struct schedule_seg *g,
			 double default_ms, int *is_option, int only_segment)
{
	double n;

	*is_option = 0;
	memset(g, 0, sizeof(*g));
	if (at_end(lx))
		return fail(lx, N_("empty segment"));

	if (word(lx, "poisson")) {
		*is_option = 1;
		if (s->poisson)
			return fail(lx, N_("'poisson' given twice"));
		s->poisson = 1;
		s->seed = 1;
		if (at_end(lx))
			return 0;
		skip_ws(lx);
		if (lx->end - lx->p < 5 || strncmp(lx->p, "seed=", 5) != 0)
			return fail(lx, N_("expected 'seed=N' after 'poisson'"));
		lx->p += 5;
		if (!number(lx, &n) || n != floor(n) || n > 1e18)
			return fail(lx, N_("the seed must be a whole number"));
		s->seed = (uint64_t)n;
	} else if (word(lx, "pause")) {
		g->kind = SCHEDULE_PAUSE;
		if (duration(lx, &g->dur_ms, N_(" after 'pause'")) < 0)
			return -1;
	} else if (word(lx, "burst")) {
		g->kind = SCHEDULE_BURST;
		if (!number(lx, &n) || n != floor(n) || n < 1 || n > 1e6)
			return fail(lx, N_("expected a request count from 1 to 1000000 after 'burst'"));
		g->expected = n;
	} else if (word(lx, "ramp")) {
		g->kind = SCHEDULE_RAMP;
		if (rate(lx, &g->r0, N_(" after 'ramp'")) < 0)
			return -1;
		skip_ws(lx);
		if (lx->end - lx->p < 2 || strncmp(lx->p, "..", 2) != 0)
			return fail(lx, N_("expected '..' between the two rates of a ramp"));
		lx->p += 2;
		if (rate(lx, &g->r1, N_(" after '..'")) < 0)
			return -1;
		if (!word(lx, "for"))
			return fail(lx, N_("expected 'for <duration>' after the ramp's rates"));
		if (duration(lx, &g->dur_ms, N_(" after 'for'")) < 0)
			return -1;
		g->expected = (g->r0 + g->r1) / 2 * g->dur_ms;
	} else {
		skip_ws(lx);
		if (lx->p < lx->end && !isdigit((unsigned char)*lx->p)) {
			const char *w = lx->p;

			while (lx->p < lx->end && !isspace((unsigned char)*lx->p))
				lx->p++;
			return fail(lx, N_("unknown word '%.*s'; a segment is 'R/s for D', 'ramp R/s..R/s for D', "
				    "'pause D' or 'burst N'"), (int)(lx->p - w), w);
		}
		g->kind = SCHEDULE_RATE;
		if (rate(lx, &g->r0, "") < 0)
			return -1;
		if (g->r0 <= 0)
			return fail(lx, N_("a rate of 0 sends nothing: write 'pause <duration>' for a quiet spell"));
		g->r1 = g->r0;
		if (word(lx, "for")) {
			if (duration(lx, &g->dur_ms, N_(" after 'for'")) < 0)
				return -1;
		} else if (at_end(lx) && default_ms > 0 && only_segment) {
			g->dur_ms = default_ms;
		} else if (at_end(lx)) {
			return fail(lx, N_("a rate needs a duration: add 'for 10s' (or --duration)"));
		} else {
			return fail(lx, N_("expected 'for <duration>' after the rate"));
		}
		g->expected = g->r0 * g->dur_ms;
	}
	if (!at_end(lx))
		return fail(lx, N_("unexpected '%.*s' at the end"), (int)(lx->end - lx->p), lx->p);
	return 0;
}

int schedule_parse_duration(const char *text, double *ms, struct schedule_error *err)
{
	struct lexer lx;

	lx.seg = text;
	lx.seglen = strlen(text);
	lx.p = text;
	lx.end = text + lx.seglen;
	lx.err = err;
	if (duration(&lx, ms, "") < 0)
		return -1;
	if (!at_end(&lx))
		return fail(&lx, N_("unexpected '%.*s' after the duration"), (int)(lx.end - lx.p), lx.p);
	return 0;
}

static uint64_t even_count(double expected)
{
	/* Requests at expected-count 0, 1, 2, ... while below the integral;
	 * the tolerance absorbs decimal rates such as 0.1/s for 30s. */
	double c = ceil(expected - 1e-9);

	return c > 0 ? (uint64_t)c : 0;
}

struct schedule *schedule_parse(const char *text, double default_ms, struct schedule_error *err)
{
	struct schedule *s = calloc(1, sizeof(*s));
	const char *p = text, *comma;
	size_t cap = 0, nparts = 1;
	double t = 0;
	uint64_t total = 0;

	err->msg[0] = '\0';
	if (!s)
		goto oom;
	for (const char *q = text; *q; q++)
		nparts += *q == ',';
	cap = nparts;
	if (!(s->segs = calloc(cap, sizeof(*s->segs))))
		goto oom;

	do {
		struct lexer lx;
		struct schedule_seg g;
		int is_option;

		comma = strchr(p, ',');
		lx.seg = p;
		lx.end = comma ? comma : p + strlen(p);
		lx.p = p;
		lx.err = err;
		while (lx.seg < lx.end && isspace((unsigned char)*lx.seg))
			lx.seg++;
		lx.seglen = (size_t)(lx.end - lx.seg);
		while (lx.seglen && isspace((unsigned char)lx.seg[lx.seglen - 1]))
			lx.seglen--;
		if (parse_segment(&lx, s, &g, default_ms, &is_option, nparts == 1) < 0)
			goto fail;
		if (!is_option) {
			g.start_ms = t;
			g.first = total;
			g.count = g.kind == SCHEDULE_BURST ? (uint64_t)g.expected : even_count(g.expected);
			t += g.dur_ms;
			total += g.count;
			s->segs[s->nsegs++] = g;
			if (t > SCHEDULE_MAX_MS) {
				snprintf(err->msg, sizeof(err->msg), _("the schedule is longer than a day"));
				goto fail;
			}
			if (total > SCHEDULE_MAX_TOTAL) {
				snprintf(err->msg, sizeof(err->msg), _("the schedule sends more than %llu requests"),
					 (unsigned long long)SCHEDULE_MAX_TOTAL);
				goto fail;
			}
		}
		p = comma ? comma + 1 : NULL;
	} while (p);

	if (s->nsegs == 0) {
		snprintf(err->msg, sizeof(err->msg), _("'%s': no segment that sends or pauses"), text);
		goto fail;
	}
	s->total = total;
	s->duration_ms = t;
	return s;
oom:
	snprintf(err->msg, sizeof(err->msg), _("out of memory"));
fail:
	schedule_free(s);
	return NULL;
}

void schedule_free(struct schedule *s)
{
	if (!s)
		return;
	free(s->segs);
	free(s);
}

/* ----------------------------------------------------------------- times */

/* The time within segment g at which the integral of its rate reaches c. */
static double seg_time(const struct schedule_seg *g, double c)
{
	double a, b, disc;

	switch (g->kind) {
	case SCHEDULE_BURST:
	case SCHEDULE_PAUSE:
		return 0;
	case SCHEDULE_RATE:
		return g->r0 > 0 ? c / g->r0 : 0;
	case SCHEDULE_RAMP:
		/* rate(t) = r0 + (r1 - r0) t / D, so the integral is a t^2 + b t. */
		a = (g->r1 - g->r0) / (2 * g->dur_ms);
		b = g->r0;
		disc = b * b + 4 * a * c;
		if (disc < 0)
			disc = 0;
		/* The stable root: no cancellation when a is tiny. */
		if (b + sqrt(disc) <= 0)
			return 0;
		return 2 * c / (b + sqrt(disc));
	}
	return 0;
}

double schedule_time_ms(const struct schedule *s, uint64_t k)
{
	size_t lo = 0, hi = s->nsegs;

	/* The last segment whose first request is <= k and that sends. */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (s->segs[mid].first <= k)
			lo = mid;
		else
			hi = mid;
	}
	while (lo < s->nsegs && (s->segs[lo].count == 0 || k >= s->segs[lo].first + s->segs[lo].count))
		lo++;
	if (lo >= s->nsegs)
		return s->duration_ms;
	return s->segs[lo].start_ms + seg_time(&s->segs[lo], (double)(k - s->segs[lo].first));
}

/* splitmix64: small, seedable, good enough for arrival times. */
static uint64_t next_rand(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double exp1(uint64_t *x)
{
	/* 53 random bits in (0, 1]. */
	double u = ((double)(next_rand(x) >> 11) + 1.0) / 9007199254740992.0;

	return -log(u);
}

void schedule_iter_init(struct schedule_iter *it, const struct schedule *s)
{
	memset(it, 0, sizeof(*it));
	it->s = s;
	it->rng = s->seed;
	if (s->poisson)
		it->u = exp1(&it->rng);
}

int schedule_next(struct schedule_iter *it, double *t_ms)
{
	const struct schedule *s = it->s;

	while (it->seg < s->nsegs) {
		const struct schedule_seg *g = &s->segs[it->seg];

		if (g->kind == SCHEDULE_BURST || !s->poisson) {
			if (it->in_seg < g->count) {
				*t_ms = g->start_ms + seg_time(g, (double)it->in_seg);
				it->in_seg++;
				it->k++;
				return 1;
			}
		} else if (g->kind != SCHEDULE_PAUSE && it->u < g->expected) {
			*t_ms = g->start_ms + seg_time(g, it->u);
			it->u += exp1(&it->rng);
			it->in_seg++;
			it->k++;
			return 1;
		}
		/* Next segment; a Poisson process carries its leftover over. */
		if (s->poisson && g->kind != SCHEDULE_BURST && g->kind != SCHEDULE_PAUSE)
			it->u -= g->expected;
		it->seg++;
		it->in_seg = 0;
	}
	return 0;
}

size_t schedule_pauses(const struct schedule *s, double (*out)[2], size_t max)
{
	size_t n = 0;
	int loaded = 0;

	for (size_t i = 0; i < s->nsegs; i++) {
		const struct schedule_seg *g = &s->segs[i];

		if (g->kind != SCHEDULE_PAUSE) {
			loaded |= g->expected > 0;
			continue;
		}
		if (!loaded || g->dur_ms <= 0)
			continue;
		if (n > 0 && out[n - 1][1] == g->start_ms)
			out[n - 1][1] = g->start_ms + g->dur_ms;
		else if (n < max) {
			out[n][0] = g->start_ms;
			out[n][1] = g->start_ms + g->dur_ms;
			n++;
		}
	}
	return n;
}
