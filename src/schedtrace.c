/* schedtrace.c - parse GODEBUG=schedtrace lines, by key, for every Go from 1.19 */
#include <string.h>

#include "schedtrace.h"

struct cursor {
	const char *p;
	const char *end;
};

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void skip_spaces(struct cursor *c)
{
	while (c->p < c->end && *c->p == ' ')
		c->p++;
}

/* Read an unsigned decimal number; INT64_MAX is the ceiling. */
static enum schedtrace_err read_number(struct cursor *c, int64_t *out)
{
	uint64_t v = 0;
	const char *start = c->p;

	while (c->p < c->end && is_digit(*c->p)) {
		unsigned d = (unsigned)(*c->p - '0');

		if (v > ((uint64_t)INT64_MAX - d) / 10)
			return SCHEDTRACE_ERANGE;
		v = v * 10 + d;
		c->p++;
	}
	if (c->p == start)
		return SCHEDTRACE_ENUMBER;
	*out = (int64_t)v;
	return SCHEDTRACE_OK;
}

/* A number that must end the value: followed by a space or the line's end. */
static enum schedtrace_err read_value_number(struct cursor *c, int64_t *out)
{
	enum schedtrace_err err = read_number(c, out);

	if (err)
		return err;
	if (c->p < c->end && *c->p != ' ')
		return SCHEDTRACE_ENUMBER;
	return SCHEDTRACE_OK;
}

/* 0/1 before Go 1.21, false/true after. */
static enum schedtrace_err read_bool(struct cursor *c)
{
	size_t n = 0;

	while (c->p + n < c->end && c->p[n] != ' ')
		n++;
	if ((n == 1 && (c->p[0] == '0' || c->p[0] == '1')) ||
	    (n == 4 && memcmp(c->p, "true", 4) == 0) ||
	    (n == 5 && memcmp(c->p, "false", 5) == 0)) {
		c->p += n;
		return SCHEDTRACE_OK;
	}
	return SCHEDTRACE_ENUMBER;
}

/* Skip a value: a [ ... ] list or one token up to the next space. */
static enum schedtrace_err skip_value(struct cursor *c)
{
	if (c->p < c->end && *c->p == '[') {
		const char *close = memchr(c->p, ']', (size_t)(c->end - c->p));

		if (!close)
			return SCHEDTRACE_EBRACKET;
		c->p = close + 1;
		return SCHEDTRACE_OK;
	}
	while (c->p < c->end && *c->p != ' ')
		c->p++;
	return SCHEDTRACE_OK;
}

/* Read "key=" and leave the cursor on the value. */
static enum schedtrace_err read_key(struct cursor *c, const char **key, size_t *klen)
{
	const char *start = c->p;

	while (c->p < c->end && is_key_char(*c->p))
		c->p++;
	if (c->p == start || c->p >= c->end || *c->p != '=')
		return SCHEDTRACE_EFIELD;
	*key = start;
	*klen = (size_t)(c->p - start);
	c->p++;
	return SCHEDTRACE_OK;
}

/* name must be a string literal. */
#define key_is(key, klen, name) \
	((klen) == sizeof(name) - 1 && memcmp((key), (name), (klen)) == 0)

/* "[0 0 1]" (Go < 1.25) or "[ 0 0 1 ]" (Go >= 1.25): the local run queues. */
static enum schedtrace_err read_local_queues(struct cursor *c, struct schedtrace_summary *s)
{
	enum schedtrace_err err;

	c->p++; /* '[' */
	for (;;) {
		skip_spaces(c);
		if (c->p >= c->end)
			return SCHEDTRACE_EBRACKET;
		if (*c->p == ']') {
			c->p++;
			break;
		}
		if (s->nlocal >= SCHEDTRACE_MAX_P)
			return SCHEDTRACE_ETOOMANYP;
		if ((err = read_number(c, &s->local[s->nlocal])))
			return err == SCHEDTRACE_ENUMBER ? SCHEDTRACE_EBRACKET : err;
		if (c->p < c->end && *c->p != ' ' && *c->p != ']')
			return SCHEDTRACE_EBRACKET;
		s->nlocal++;
	}
	if (c->p < c->end && *c->p != ' ')
		return SCHEDTRACE_EFIELD;
	return SCHEDTRACE_OK;
}

enum {
	F_GOMAXPROCS = 1 << 0, F_IDLEPROCS = 1 << 1, F_THREADS = 1 << 2,
	F_SPINNING = 1 << 3, F_NEEDSPINNING = 1 << 4, F_IDLETHREADS = 1 << 5,
	F_RUNQUEUE = 1 << 6, F_GCWAITING = 1 << 7, F_NMIDLELOCKED = 1 << 8,
	F_STOPWAIT = 1 << 9, F_SYSMONWAIT = 1 << 10, F_LOCAL = 1 << 11
};

#define F_REQUIRED (F_GOMAXPROCS | F_IDLEPROCS | F_THREADS | F_SPINNING | \
		    F_IDLETHREADS | F_RUNQUEUE)
#define F_DETAIL (F_GCWAITING | F_NMIDLELOCKED | F_STOPWAIT | F_SYSMONWAIT)

static const struct {
	const char *name;
	size_t len;
	unsigned flag;
	size_t offset; /* of the int64_t field; (size_t)-1 for booleans */
} summary_fields[] = {
	{ "gomaxprocs", 10, F_GOMAXPROCS, offsetof(struct schedtrace_summary, gomaxprocs) },
	{ "idleprocs", 9, F_IDLEPROCS, offsetof(struct schedtrace_summary, idleprocs) },
	{ "threads", 7, F_THREADS, offsetof(struct schedtrace_summary, threads) },
	{ "spinningthreads", 15, F_SPINNING, offsetof(struct schedtrace_summary, spinningthreads) },
	{ "needspinning", 12, F_NEEDSPINNING, offsetof(struct schedtrace_summary, needspinning) },
	{ "idlethreads", 11, F_IDLETHREADS, offsetof(struct schedtrace_summary, idlethreads) },
	{ "runqueue", 8, F_RUNQUEUE, offsetof(struct schedtrace_summary, runqueue) },
	{ "gcwaiting", 9, F_GCWAITING, (size_t)-1 },
	{ "nmidlelocked", 12, F_NMIDLELOCKED, (size_t)-2 },
	{ "stopwait", 8, F_STOPWAIT, (size_t)-2 },
	{ "sysmonwait", 10, F_SYSMONWAIT, (size_t)-1 },
};

#define NSUMMARY_FIELDS (sizeof(summary_fields) / sizeof(summary_fields[0]))

static enum schedtrace_err parse_summary(struct cursor *c, struct schedtrace_summary *s)
{
	enum schedtrace_err err;
	unsigned seen = 0;

	/* "SCHED " already matched; now "<uptime>ms:" */
	if ((err = read_number(c, &s->uptime_ms)))
		return err == SCHEDTRACE_ERANGE ? err : SCHEDTRACE_EPREFIX;
	if (c->end - c->p < 3 || memcmp(c->p, "ms:", 3) != 0)
		return SCHEDTRACE_EPREFIX;
	c->p += 3;
	s->needspinning = -1;
	s->nlocal = 0;
	s->detail = 0;

	for (;;) {
		const char *key;
		size_t klen, i;

		skip_spaces(c);
		if (c->p >= c->end)
			break;
		if (*c->p == '[') {
			if (seen & F_LOCAL)
				return SCHEDTRACE_EDUP;
			if ((err = read_local_queues(c, s)))
				return err;
			seen |= F_LOCAL;
			continue;
		}
		if ((err = read_key(c, &key, &klen)))
			return err;
		for (i = 0; i < NSUMMARY_FIELDS; i++)
			if (klen == summary_fields[i].len &&
			    memcmp(key, summary_fields[i].name, klen) == 0)
				break;
		if (i == NSUMMARY_FIELDS) {
			if ((err = skip_value(c)))
				return err;
			continue;
		}
		if (seen & summary_fields[i].flag)
			return SCHEDTRACE_EDUP;
		seen |= summary_fields[i].flag;
		if (summary_fields[i].offset == (size_t)-1) {
			err = read_bool(c);
		} else if (summary_fields[i].offset == (size_t)-2) {
			int64_t ignored;

			err = read_value_number(c, &ignored);
		} else {
			err = read_value_number(c, (int64_t *)((char *)s + summary_fields[i].offset));
		}
		if (err)
			return err;
	}

	if ((seen & F_REQUIRED) != F_REQUIRED)
		return SCHEDTRACE_EMISSING;
	if (seen & F_DETAIL) {
		/* All four, or the line was cut. */
		if ((seen & F_DETAIL) != F_DETAIL)
			return SCHEDTRACE_EMISSING;
		s->detail = 1;
	} else if (!(seen & F_LOCAL)) {
		return SCHEDTRACE_EMISSING;
	}
	return SCHEDTRACE_OK;
}

/* The rest of the line must be key=value fields; their values are not
 * needed. Also all an "  M3: ..." line is checked for. */
static enum schedtrace_err skip_fields(struct cursor *c)
{
	enum schedtrace_err err;

	for (;;) {
		const char *key;
		size_t klen;

		skip_spaces(c);
		if (c->p >= c->end)
			return SCHEDTRACE_OK;
		if ((err = read_key(c, &key, &klen)))
			return err;
		if ((err = skip_value(c)))
			return err;
	}
}

/* "  P0: status=1 schedtick=... runqsize=3 ..." */
static enum schedtrace_err parse_p(struct cursor *c, struct schedtrace_p *p)
{
	enum schedtrace_err err;
	int have_runq = 0, have_status = 0;

	for (;;) {
		const char *key;
		size_t klen;

		skip_spaces(c);
		if (c->p >= c->end)
			break;
		if ((err = read_key(c, &key, &klen)))
			return err;
		if (key_is(key, klen, "runqsize")) {
			if (have_runq++)
				return SCHEDTRACE_EDUP;
			err = read_value_number(c, &p->runqsize);
		} else if (key_is(key, klen, "status")) {
			if (have_status++)
				return SCHEDTRACE_EDUP;
			err = read_value_number(c, &p->status);
		} else {
			err = skip_value(c);
		}
		if (err)
			return err;
	}
	return have_runq && have_status ? SCHEDTRACE_OK : SCHEDTRACE_EMISSING;
}

/* "  G1: status=4(chan receive) m=nil lockedm=nil"; the reason may hold
 * parentheses of its own: "force gc (idle)". */
static enum schedtrace_err parse_g(struct cursor *c, struct schedtrace_g *g)
{
	enum schedtrace_err err;
	const char *close = NULL, *q;

	skip_spaces(c);
	if (c->end - c->p < 7 || memcmp(c->p, "status=", 7) != 0)
		return SCHEDTRACE_EMISSING;
	c->p += 7;
	if ((err = read_number(c, &g->status)))
		return err;
	g->status &= ~(int64_t)0x1000; /* _Gscan */
	g->reason = c->p;
	g->reason_len = 0;
	if (c->p < c->end && *c->p == '(') {
		/* The reason ends at the last ')' that ends a token. */
		for (q = c->p + 1; q < c->end; q++)
			if (*q == ')' && (q + 1 == c->end || q[1] == ' '))
				close = q;
		if (!close)
			return SCHEDTRACE_EBRACKET;
		g->reason = c->p + 1;
		g->reason_len = (size_t)(close - c->p - 1);
		c->p = close + 1;
	}
	if (c->p < c->end && *c->p != ' ')
		return SCHEDTRACE_EFIELD;
	return skip_fields(c);
}

enum schedtrace_err schedtrace_parse_line(const char *line, size_t len,
					  struct schedtrace_line *out)
{
	struct cursor c = { line, line + len };
	int64_t id;
	char kind;
	enum schedtrace_err err;

	if (len > 0 && line[len - 1] == '\r')
		c.end--;
	out->kind = SCHEDTRACE_OTHER;

	if (len >= 5 && memcmp(line, "SCHED", 5) == 0) {
		out->kind = SCHEDTRACE_SUMMARY;
		if (len < 6 || line[5] != ' ')
			return SCHEDTRACE_EPREFIX;
		c.p += 6;
		return parse_summary(&c, &out->u.sum);
	}

	/* "  P0: ", "  M12: ", "  G345: " */
	if (len < 5 || line[0] != ' ' || line[1] != ' ')
		return SCHEDTRACE_OK;
	kind = line[2];
	if ((kind != 'P' && kind != 'M' && kind != 'G') || !is_digit(line[3]))
		return SCHEDTRACE_OK;
	c.p += 3;
	if ((err = read_number(&c, &id)))
		return err;
	if (c.end - c.p < 2 || c.p[0] != ':' || c.p[1] != ' ')
		return SCHEDTRACE_OK; /* not ours after all */
	c.p += 2;
	switch (kind) {
	case 'P':
		out->kind = SCHEDTRACE_P;
		out->u.p.id = id;
		return parse_p(&c, &out->u.p);
	case 'M':
		out->kind = SCHEDTRACE_M;
		out->u.m_id = id;
		return skip_fields(&c);
	default:
		out->kind = SCHEDTRACE_G;
		out->u.g.id = id;
		return parse_g(&c, &out->u.g);
	}
}

const char *schedtrace_strerror(enum schedtrace_err err)
{
	static const char *const msg[SCHEDTRACE_NERR] = {
		[SCHEDTRACE_OK] = "no error",
		[SCHEDTRACE_EPREFIX] = "broken 'SCHED <n>ms:' head",
		[SCHEDTRACE_EFIELD] = "text that is not key=value",
		[SCHEDTRACE_ENUMBER] = "a value that is not a number",
		[SCHEDTRACE_ERANGE] = "a number too large",
		[SCHEDTRACE_EDUP] = "a field given twice",
		[SCHEDTRACE_EMISSING] = "a required field is missing",
		[SCHEDTRACE_EBRACKET] = "an unclosed or bad [ ... ] list",
		[SCHEDTRACE_ETOOMANYP] = "more than 1024 run queues",
	};

	if ((unsigned)err >= SCHEDTRACE_NERR)
		return "unknown error";
	return msg[err];
}
