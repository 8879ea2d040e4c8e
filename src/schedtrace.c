/* schedtrace.c - parse GODEBUG=schedtrace lines, by key, for every Go from 1.19
 *
 * The shape of each line is that of schedtrace() in the runtime's proc.go
 * (and the panic path in panic.go, which prints one detailed block). Two
 * facts of that source decide most of what follows:
 *
 *   - every argument of print() is its own write(2), so the program's own
 *     output can land between any two of them: before a line (a fragment
 *     without newline, "fragSCHED 5ms: ..."), inside it (a damaged line) or
 *     splitting it in two (a cut line and its tail);
 *   - the fields of each kind of line are the same from Go 1.19 to 1.27,
 *     give or take needspinning (1.21) and schedticks (1.25), so a line
 *     that lacks one of them was cut.
 */
#include <stddef.h>
#include <string.h>

#include "i18n.h"
#include "schedtrace.h"

struct cursor {
	const char *p;
	const char *end;
};

/* Keys are [a-z0-9_]+: a table, since every byte of every key asks. */
static const unsigned char key_chars[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, ['_'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
	['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

static int is_key_char(char c)
{
	return key_chars[(unsigned char)c];
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

/* An unsigned decimal number up to INT64_MAX. Up to 18 digits cannot
 * overflow, so only longer numbers pay for the check. */
static enum schedtrace_err read_unsigned(struct cursor *c, int64_t *out)
{
	const char *p = c->p, *start = p;
	const char *lim = c->end - p > 18 ? p + 18 : c->end;
	uint64_t v = 0;
	unsigned d;

	while (p < lim && (d = (unsigned)(unsigned char)*p - '0') < 10) {
		v = v * 10 + d;
		p++;
	}
	while (p < c->end && is_digit(*p)) {
		unsigned d = (unsigned)(*p - '0');

		if (v > ((uint64_t)INT64_MAX - d) / 10)
			return SCHEDTRACE_ERANGE;
		v = v * 10 + d;
		p++;
	}
	if (p == start)
		return SCHEDTRACE_ENUMBER;
	c->p = p;
	*out = (int64_t)v;
	return SCHEDTRACE_OK;
}

/* A signed decimal number: the runtime prints int32 counters, and some go
 * below zero (nmidlelocked=-1 on early lines). */
static enum schedtrace_err read_signed(struct cursor *c, int64_t *out)
{
	enum schedtrace_err err;
	int neg = c->p < c->end && *c->p == '-';

	c->p += neg;
	if ((err = read_unsigned(c, out)))
		return err;
	if (neg)
		*out = -*out;
	return SCHEDTRACE_OK;
}

/* The value must end here: a space or the end of the line. */
static enum schedtrace_err value_end(const struct cursor *c)
{
	return c->p < c->end && *c->p != ' ' ? SCHEDTRACE_ENUMBER : SCHEDTRACE_OK;
}

static enum schedtrace_err read_value_number(struct cursor *c, int64_t *out)
{
	enum schedtrace_err err = read_signed(c, out);

	return err ? err : value_end(c);
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

/* A link to another P, M or G: "nil" (Go >= 1.21) or a number (-1 before). */
static enum schedtrace_err read_link(struct cursor *c)
{
	int64_t ignored;

	if (c->end - c->p >= 3 && memcmp(c->p, "nil", 3) == 0) {
		c->p += 3;
		return value_end(c);
	}
	return read_value_number(c, &ignored);
}

/* Skip the value of a field we do not know: a [ ... ] list or one token. */
static enum schedtrace_err skip_value(struct cursor *c)
{
	if (c->p < c->end && *c->p == '[') {
		const char *close = memchr(c->p, ']', (size_t)(c->end - c->p));

		if (!close)
			return SCHEDTRACE_EBRACKET;
		c->p = close + 1;
		return value_end(c) ? SCHEDTRACE_EFIELD : SCHEDTRACE_OK;
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
	if (c->p >= c->end)
		return SCHEDTRACE_EMISSING; /* cut inside a key */
	if (c->p == start || *c->p != '=')
		return SCHEDTRACE_EFIELD;
	*key = start;
	*klen = (size_t)(c->p - start);
	c->p++;
	return SCHEDTRACE_OK;
}

/* "[0 0 1]" (Go < 1.25) or "[ 0 0 1 ]" (Go >= 1.25): run queue lengths
 * (uint32 in the runtime) or schedticks. */
static enum schedtrace_err read_list(struct cursor *c, int64_t *out, int *n)
{
	enum schedtrace_err err;

	*n = 0;
	c->p++; /* '[' */
	for (;;) {
		skip_spaces(c);
		if (c->p >= c->end)
			return SCHEDTRACE_EBRACKET;
		if (*c->p == ']') {
			c->p++;
			break;
		}
		if (*n >= SCHEDTRACE_MAX_P)
			return SCHEDTRACE_ETOOMANYP;
		if ((err = read_unsigned(c, &out[*n])))
			return err == SCHEDTRACE_ENUMBER ? SCHEDTRACE_EBRACKET : err;
		if (c->p < c->end && *c->p != ' ' && *c->p != ']')
			return SCHEDTRACE_EBRACKET;
		(*n)++;
	}
	return value_end(c) ? SCHEDTRACE_EFIELD : SCHEDTRACE_OK;
}

/* ------------------------------------------------------------- summary */

/* What to do with the value of a summary field. */
enum vkind { V_NUM, V_SKIPNUM, V_BOOL, V_TICKS };

/* Every key of a summary line: the numbers (schedtrace.h's list), the
 * four only the scheddetail form prints, and Go 1.25's schedticks. A bit
 * per row records it was seen; the bit after the last is the [ ... ]
 * list of local queues. */
enum {
#define INDEX_(key, since) SK_##key,
	SCHEDTRACE_SUMMARY_NUMBERS(INDEX_)
#undef INDEX_
	SK_GCWAITING, SK_NMIDLELOCKED, SK_STOPWAIT, SK_SYSMONWAIT, SK_TICKS, SK_NKEYS
};

static const struct summary_key {
	const char *name;
	size_t len;
	enum vkind kind;
	size_t off;             /* of a V_NUM in struct schedtrace_summary */
} summary_keys[SK_NKEYS] = {
#define ROW_(key, since) [SK_##key] = { #key, sizeof(#key) - 1, V_NUM, offsetof(struct schedtrace_summary, key) },
	SCHEDTRACE_SUMMARY_NUMBERS(ROW_)
#undef ROW_
	[SK_GCWAITING] = { "gcwaiting", 9, V_BOOL, 0 },
	[SK_NMIDLELOCKED] = { "nmidlelocked", 12, V_SKIPNUM, 0 },
	[SK_STOPWAIT] = { "stopwait", 8, V_SKIPNUM, 0 },
	[SK_SYSMONWAIT] = { "sysmonwait", 10, V_BOOL, 0 },
	[SK_TICKS] = { "schedticks", 10, V_TICKS, 0 },
};

_Static_assert(SK_NKEYS < 32, "a bit per summary key, and one for the local queues");

/* Seen-bits: the numbers every Go prints, the detail form's four, the
 * ticks, and the [ ... ] list of local queues. */
enum {
#define REQUIRED_(key, since) | ((since) ? 0u : 1u << SK_##key)
	F_REQUIRED = 0u SCHEDTRACE_SUMMARY_NUMBERS(REQUIRED_),
#undef REQUIRED_
	F_DETAIL = 1u << SK_GCWAITING | 1u << SK_NMIDLELOCKED | 1u << SK_STOPWAIT | 1u << SK_SYSMONWAIT,
	F_TICKS = 1u << SK_TICKS,
	F_LOCAL = 1u << SK_NKEYS
};

static const struct summary_key *summary_key(const char *k, size_t n, unsigned *flag)
{
	for (int i = 0; i < SK_NKEYS; i++)
		if (summary_keys[i].len == n && memcmp(summary_keys[i].name, k, n) == 0) {
			*flag = 1u << i;
			return &summary_keys[i];
		}
	return NULL;
}

/* The fields after "SCHED <n>ms:". */
static enum schedtrace_err parse_summary(struct cursor *c, struct schedtrace_summary *s)
{
	enum schedtrace_err err;
	unsigned seen = 0;

#define ABSENT_(key, since) s->key = SCHEDTRACE_NONE;
	SCHEDTRACE_SUMMARY_NUMBERS(ABSENT_)
#undef ABSENT_
	s->nlocal = 0;
	s->nticks = 0;
	s->detail = 0;

	for (;;) {
		const struct summary_key *k;
		const char *key;
		size_t klen;
		int64_t ignored;
		unsigned flag = 0;

		skip_spaces(c);
		if (c->p >= c->end)
			break;
		if (*c->p == '[') {
			if (seen & F_LOCAL)
				return SCHEDTRACE_EDUP;
			if ((err = read_list(c, s->local, &s->nlocal)))
				return err;
			seen |= F_LOCAL;
			continue;
		}
		if ((err = read_key(c, &key, &klen)))
			return err;
		if (!(k = summary_key(key, klen, &flag))) {
			if ((err = skip_value(c)))
				return err;
			continue;
		}
		if (seen & flag)
			return SCHEDTRACE_EDUP;
		seen |= flag;
		switch (k->kind) {
		case V_NUM: err = read_value_number(c, (int64_t *)((char *)s + k->off)); break;
		case V_SKIPNUM: err = read_value_number(c, &ignored); break;
		case V_BOOL: err = read_bool(c); break;
		default:
			err = c->p < c->end && *c->p == '[' ? read_list(c, s->ticks, &s->nticks)
							    : SCHEDTRACE_EBRACKET;
			break;
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
		if (seen & (F_LOCAL | F_TICKS))
			return SCHEDTRACE_EFIELD;
		s->detail = 1;
	} else if (!(seen & F_LOCAL)) {
		return SCHEDTRACE_EMISSING;
	}
	/* One tick per P, as the runtime loops over allp for both lists. */
	if ((seen & F_TICKS) && s->nticks != s->nlocal)
		return SCHEDTRACE_EBRACKET;
	return SCHEDTRACE_OK;
}

/* --------------------------------------------------------- P, M, G lines */

/* The fields of a P, M or G line: each must be there once. */
enum fkind {
	FK_NUM,       /* a number, kept at off */
	FK_SKIPNUM,   /* a number */
	FK_LINK,      /* nil or a number (-1 before Go 1.21) */
	FK_BOOL,      /* 0/1 or false/true */
	FK_TO_LOCKS   /* free text up to the last " locks=" (an M's preemptoff) */
};

struct field {
	const char *name;
	enum fkind kind;
	size_t off;
};

/* Read key=value fields to the end of the line into out; every one of
 * fields[0..n) must come once. Unknown keys are skipped. */
static enum schedtrace_err read_fields(struct cursor *c, const struct field *fields, unsigned n, void *out)
{
	enum schedtrace_err err = SCHEDTRACE_OK;
	unsigned seen = 0, i;
	int64_t ignored;

	for (;;) {
		const char *key, *locks = NULL;
		size_t klen;

		skip_spaces(c);
		if (c->p >= c->end)
			break;
		if ((err = read_key(c, &key, &klen)))
			return err;
		for (i = 0; i < n && !(strlen(fields[i].name) == klen && memcmp(fields[i].name, key, klen) == 0); i++)
			;
		if (i == n) {
			if ((err = skip_value(c)))
				return err;
			continue;
		}
		switch (fields[i].kind) {
		case FK_NUM: err = read_value_number(c, (int64_t *)((char *)out + fields[i].off)); break;
		case FK_SKIPNUM: err = read_value_number(c, &ignored); break;
		case FK_LINK: err = read_link(c); break;
		case FK_BOOL: err = read_bool(c); break;
		case FK_TO_LOCKS:
			for (const char *q = c->p; q + 7 <= c->end; q++)
				if (memcmp(q, " locks=", 7) == 0)
					locks = q;
			if (!locks)
				return SCHEDTRACE_EMISSING;
			c->p = locks;
			break;
		}
		if (err)
			return err;
		if (seen & (1u << i))
			return SCHEDTRACE_EDUP;
		seen |= 1u << i;
	}
	return seen == (1u << n) - 1 ? SCHEDTRACE_OK : SCHEDTRACE_EMISSING;
}

#define NFIELDS(f) ((unsigned)(sizeof(f) / sizeof(f[0])))

/* "  P0: status=1 schedtick=5 syscalltick=0 m=nil runqsize=3 gfreecnt=0 timerslen=0" */
static enum schedtrace_err parse_p(struct cursor *c, struct schedtrace_p *p)
{
	static const struct field fields[] = {
		{ "runqsize", FK_NUM, offsetof(struct schedtrace_p, runqsize) },
		{ "status", FK_NUM, offsetof(struct schedtrace_p, status) },
		{ "schedtick", FK_NUM, offsetof(struct schedtrace_p, schedtick) },
		{ "syscalltick", FK_SKIPNUM, 0 },
		{ "m", FK_LINK, 0 },
		{ "gfreecnt", FK_SKIPNUM, 0 },
		{ "timerslen", FK_SKIPNUM, 0 },
	};

	return read_fields(c, fields, NFIELDS(fields), p);
}

/* "  M0: p=0 curg=1 mallocing=0 throwing=0 preemptoff=read mem stats locks=1
 * dying=0 spinning=false blocked=false lockedg=nil": preemptoff is free
 * text (a reason with spaces, or empty), so it runs to the last " locks=". */
static enum schedtrace_err parse_m(struct cursor *c)
{
	static const struct field fields[] = {
		{ "p", FK_LINK, 0 }, { "curg", FK_LINK, 0 }, { "mallocing", FK_SKIPNUM, 0 },
		{ "throwing", FK_SKIPNUM, 0 }, { "preemptoff", FK_TO_LOCKS, 0 }, { "locks", FK_SKIPNUM, 0 },
		{ "dying", FK_SKIPNUM, 0 }, { "spinning", FK_BOOL, 0 }, { "blocked", FK_BOOL, 0 },
		{ "lockedg", FK_LINK, 0 },
	};

	return read_fields(c, fields, NFIELDS(fields), NULL);
}

/* "  G1: status=4(chan receive) m=nil lockedm=nil"; the reason may hold
 * parentheses of its own ("force gc (idle)") and is empty for none. */
static enum schedtrace_err parse_g(struct cursor *c, struct schedtrace_g *g)
{
	enum schedtrace_err err;
	const char *close = NULL, *q;

	/* The head matched "status=" already. */
	if ((err = read_unsigned(c, &g->status)))
		return err == SCHEDTRACE_ENUMBER ? SCHEDTRACE_EMISSING : err;
	g->status &= ~(int64_t)0x1000; /* _Gscan */
	if (c->p >= c->end)
		return SCHEDTRACE_EMISSING;
	if (*c->p != '(')
		return SCHEDTRACE_EFIELD;
	/* The reason ends at the last ") m=" (the next field is m). */
	for (q = c->p + 1; q + 4 <= c->end; q++)
		if (q[0] == ')' && q[1] == ' ' && q[2] == 'm' && q[3] == '=')
			close = q;
	if (!close)
		return c->end[-1] == ')' ? SCHEDTRACE_EMISSING : SCHEDTRACE_EBRACKET;
	g->reason = c->p + 1;
	g->reason_len = (size_t)(close - c->p - 1);
	c->p = close + 1;

	{
		static const struct field fields[] = { { "m", FK_LINK, 0 }, { "lockedm", FK_LINK, 0 } };

		return read_fields(c, fields, NFIELDS(fields), NULL);
	}
}

/* ------------------------------------------------------------- heads */

/* HEAD_BAD: "SCHED " then something else: the runtime's head with other
 * output inside it, when it starts the line. */
enum head { HEAD_NO, HEAD_CUT, HEAD_BAD, HEAD_YES };

/* Does text at p match lit, as far as the line goes? */
static enum head match_lit(const char **p, const char *end, const char *lit, size_t n)
{
	size_t have = (size_t)(end - *p) < n ? (size_t)(end - *p) : n;

	if (memcmp(*p, lit, have) != 0)
		return HEAD_NO;
	*p += have;
	return have < n ? HEAD_CUT : HEAD_YES;
}

static enum head match_digits(const char **p, const char *end)
{
	const char *s = *p;

	while (*p < end && is_digit(**p))
		(*p)++;
	if (*p == end)
		return HEAD_CUT;
	return *p > s ? HEAD_YES : HEAD_NO;
}

/*
 * Does a trace line start at line[pos]? The heads are what only the
 * runtime prints: "SCHED <n>ms:", "  P<n>: status=", "  M<n>: p=",
 * "  G<n>: status=". On HEAD_YES, *kind, *id and *body (where the fields
 * start) are set; HEAD_CUT means the line ends inside a head.
 */
static enum head match_head(const char *line, size_t len, size_t pos, enum schedtrace_kind *kind,
			    int64_t *id, const char **body)
{
	const char *p = line + pos, *end = line + len, *num;
	enum head h;
	char k;

	if (*p == 'S') {
		*kind = SCHEDTRACE_SUMMARY;
		if ((h = match_lit(&p, end, "SCHED ", 6)) != HEAD_YES)
			return h;
		num = p;
		if ((h = match_digits(&p, end)) != HEAD_YES)
			return h == HEAD_NO ? HEAD_BAD : h;
		{
			struct cursor c = { num, p };

			/* The uptime; -1 marks one too large for int64. */
			if (read_unsigned(&c, id))
				*id = -1;
		}
		if ((h = match_lit(&p, end, "ms:", 3)) != HEAD_YES)
			return h == HEAD_NO ? HEAD_BAD : h;
		*body = p;
		return HEAD_YES;
	}
	if ((h = match_lit(&p, end, "  ", 2)) != HEAD_YES)
		return h;
	k = *p++;
	*kind = k == 'P' ? SCHEDTRACE_P : k == 'M' ? SCHEDTRACE_M : k == 'G' ? SCHEDTRACE_G : SCHEDTRACE_OTHER;
	if (*kind == SCHEDTRACE_OTHER)
		return HEAD_NO;
	if (p == end)
		return HEAD_CUT;
	num = p;
	if ((h = match_digits(&p, end)) != HEAD_YES)
		return h;
	{
		struct cursor c = { num, p };

		if (read_unsigned(&c, id))
			return HEAD_NO; /* a number too long for an id */
	}
	if (*kind == SCHEDTRACE_M)
		h = match_lit(&p, end, ": p=", 4);
	else
		h = match_lit(&p, end, ": status=", 9);
	*body = p;
	return h;
}

static enum schedtrace_err parse_at(const char *body, const char *end, enum schedtrace_kind kind,
				    int64_t id, struct schedtrace_line *out)
{
	struct cursor c = { body, end };

	out->kind = kind;
	switch (kind) {
	case SCHEDTRACE_SUMMARY:
		if (id < 0)
			return SCHEDTRACE_ERANGE;
		out->u.sum.uptime_ms = id;
		return parse_summary(&c, &out->u.sum);
	case SCHEDTRACE_P:
		out->u.p.id = id;
		c.p -= sizeof("status=") - 1; /* back onto it: parse_p reads it by key */
		return parse_p(&c, &out->u.p);
	case SCHEDTRACE_M:
		out->u.m_id = id;
		c.p -= sizeof("p=") - 1;      /* likewise */
		return parse_m(&c);
	default:
		out->u.g.id = id;
		return parse_g(&c, &out->u.g);
	}
}

/* Where the next possible head is at or after pos: "SCHED " or two spaces
 * then P, M or G. Returns len when none. */
static size_t next_candidate(const char *line, size_t len, size_t pos)
{
	for (; pos + 3 <= len; pos++) {
		if (line[pos] == 'S') {
			if (pos + 6 <= len && memcmp(line + pos, "SCHED ", 6) == 0)
				return pos;
		} else if (line[pos] == ' ' && line[pos + 1] == ' ' &&
			   (line[pos + 2] == 'P' || line[pos + 2] == 'M' || line[pos + 2] == 'G')) {
			return pos;
		}
	}
	return len;
}

enum schedtrace_err schedtrace_parse_line(const char *line, size_t len,
					  struct schedtrace_line *out)
{
	enum schedtrace_err first_err = SCHEDTRACE_OK;
	enum schedtrace_kind first_kind = SCHEDTRACE_OTHER;
	size_t pos, first_at = (size_t)-1;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	out->kind = SCHEDTRACE_OTHER;
	out->start = 0;
	out->cut_at = (size_t)-1;

	/* Mostly a trace line starts the line; else look for one inside it. A
	 * whole trace line runs to the end of its line, so at most one head
	 * in a line can parse; a head before it belongs to a cut line. */
	for (pos = len && (line[0] == 'S' || line[0] == ' ') ? 0 : next_candidate(line, len, 0);
	     pos < len; pos = next_candidate(line, len, pos + 1)) {
		enum schedtrace_kind kind = SCHEDTRACE_OTHER;
		const char *body = NULL;
		enum schedtrace_err err;
		int64_t id = 0;
		enum head h = match_head(line, len, pos, &kind, &id, &body);

		if (h == HEAD_NO)
			continue;
		if (h == HEAD_BAD) {
			/* "SCHED " then other output: real captures show the
			 * runtime's summary head broken this way ("fragSCHED ment",
			 * "SCHED log line 7"); a program's own words have no space
			 * after SCHED ("SCHEDULER:"). */
			if (first_at == (size_t)-1) {
				first_at = pos;
				first_kind = kind;
				first_err = SCHEDTRACE_EPREFIX;
			}
			continue;
		}
		if (h == HEAD_CUT) {
			/* The line ends inside a head: cut. Surely the runtime's
			 * when it starts the line and holds at least "SCHED" or
			 * "  P1", or after other text once "SCHED " is whole. */
			if (first_at == (size_t)-1 &&
			    (kind == SCHEDTRACE_SUMMARY ? (pos == 0 ? len >= 5 : len - pos >= 6)
							: pos == 0 && len >= 4 && is_digit(line[3]))) {
				first_at = pos;
				first_kind = kind;
				first_err = kind == SCHEDTRACE_SUMMARY ? SCHEDTRACE_EPREFIX : SCHEDTRACE_EMISSING;
			}
			continue;
		}
		err = parse_at(body, line + len, kind, id, out);
		if (!err) {
			out->start = pos;
			out->cut_at = first_at;
			return SCHEDTRACE_OK;
		}
		if (first_at == (size_t)-1) {
			first_at = pos;
			first_kind = kind;
			first_err = err;
		}
	}
	if (first_at == (size_t)-1) {
		out->kind = SCHEDTRACE_OTHER;
		return SCHEDTRACE_OK;
	}
	out->kind = first_kind;
	out->start = first_at;
	return first_err;
}

/* ---------------------------------------------------------------- tails */

/* Field names only the runtime's trace lines carry: a line that holds one
 * but starts no trace line is the rest of one that other output cut. The
 * plain ones (threads=, status=, m=, p=) could be anybody's. */
static const struct tail_key {
	const char *name;
	int kind;                 /* the rest of a summary, or of a P, M or G line */
} tail_keys[] = {
	{ "gomaxprocs=", SCHEDTRACE_SUMMARY }, { "idleprocs=", SCHEDTRACE_SUMMARY },
	{ "spinningthreads=", SCHEDTRACE_SUMMARY }, { "needspinning=", SCHEDTRACE_SUMMARY },
	{ "idlethreads=", SCHEDTRACE_SUMMARY }, { "runqueue=", SCHEDTRACE_SUMMARY },
	{ "schedticks=", SCHEDTRACE_SUMMARY }, { "gcwaiting=", SCHEDTRACE_SUMMARY },
	{ "nmidlelocked=", SCHEDTRACE_SUMMARY }, { "stopwait=", SCHEDTRACE_SUMMARY },
	{ "sysmonwait=", SCHEDTRACE_SUMMARY },
	{ "schedtick=", SCHEDTRACE_G }, { "syscalltick=", SCHEDTRACE_G }, { "runqsize=", SCHEDTRACE_G },
	{ "gfreecnt=", SCHEDTRACE_G }, { "timerslen=", SCHEDTRACE_G }, { "mallocing=", SCHEDTRACE_G },
	{ "preemptoff=", SCHEDTRACE_G }, { "lockedg=", SCHEDTRACE_G }, { "lockedm=", SCHEDTRACE_G },
};

int schedtrace_is_tail(const char *line, size_t len)
{
	const char *p = line, *end = line + len;
	int kind = 0;

	/* Look at each '=': is the word before it one of those names? */
	while ((p = memchr(p, '=', (size_t)(end - p)))) {
		const char *w = p;

		while (w > line && is_key_char(w[-1]))
			w--;
		if (w == line || w[-1] == ' ') {
			for (size_t i = 0; i < sizeof(tail_keys) / sizeof(tail_keys[0]); i++) {
				size_t k = strlen(tail_keys[i].name);

				if ((size_t)(p + 1 - w) == k && memcmp(w, tail_keys[i].name, k) == 0) {
					/* The rest of a summary: a new one began. */
					if (tail_keys[i].kind == SCHEDTRACE_SUMMARY)
						return SCHEDTRACE_SUMMARY;
					kind = SCHEDTRACE_G;
				}
			}
		}
		p++;
	}
	return kind;
}

const char *schedtrace_strerror(enum schedtrace_err err)
{
	static const char *const msg[SCHEDTRACE_NERR] = {
		[SCHEDTRACE_OK] = N_("no error"),
		[SCHEDTRACE_EPREFIX] = N_("a cut 'SCHED <n>ms:' head"),
		[SCHEDTRACE_EFIELD] = N_("text that is not key=value"),
		[SCHEDTRACE_ENUMBER] = N_("a value that is not a number"),
		[SCHEDTRACE_ERANGE] = N_("a number too large"),
		[SCHEDTRACE_EDUP] = N_("a field given twice"),
		[SCHEDTRACE_EMISSING] = N_("a field the runtime always prints is missing"),
		[SCHEDTRACE_EBRACKET] = N_("an unclosed or bad [ ... ] list or (reason)"),
		[SCHEDTRACE_ETOOMANYP] = N_("more than 1024 run queues"),
	};

	if ((unsigned)err >= SCHEDTRACE_NERR)
		return _("unknown error");
	return _(msg[err]);
}
