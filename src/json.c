/* json.c - a small, strict RFC 8259 reader into a tree */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "json.h"
#include "utf8.h"

/* A number longer than this is refused: no double needs it. */
#define NUMBER_MAX 512

struct parser {
	const unsigned char *s, *end, *start;
	int depth, max_depth;
	struct json_error *err;
	int failed;
};

/* ------------------------------------------------------------ errors */

static void where(const unsigned char *start, const unsigned char *at, struct json_error *e)
{
	const unsigned char *p;

	e->offset = (size_t)(at - start);
	e->line = 1;
	e->column = 1;
	for (p = start; p < at; p++) {
		if (*p == '\n') {
			e->line++;
			e->column = 1;
		} else {
			e->column++;
		}
	}
}

static void fail_at(struct parser *p, const unsigned char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail_at(struct parser *p, const unsigned char *at, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	if (!p->err)
		return;
	where(p->start, at, p->err);
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
}

/* What is at p, for a message: "'x'", "byte 0x01", "the end". */
static const char *seen(const struct parser *p, char *buf, size_t len)
{
	if (p->s >= p->end)
		snprintf(buf, len, "the end of the text");
	else if (*p->s >= 0x21 && *p->s < 0x7f)
		snprintf(buf, len, "'%c'", *p->s);
	else
		snprintf(buf, len, "byte 0x%02x", *p->s);
	return buf;
}

/* ------------------------------------------------------------ the tree */

void json_free(struct json *v)
{
	while (v) {
		struct json *next = v->next;

		json_free(v->kids);
		free(v->str);
		free(v->key);
		free(v);
		v = next;
	}
}

static struct json *node(struct parser *p, enum json_type t)
{
	struct json *v = calloc(1, sizeof(*v));

	if (!v)
		fail_at(p, p->s, "out of memory");
	else
		v->type = t;
	return v;
}

/* ------------------------------------------------------------ lexing */

static void skip_ws(struct parser *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static size_t put_utf8(unsigned char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Four hex digits at s (before end) into *v; -1 when they are not. */
static int hex4(const unsigned char *s, const unsigned char *end, unsigned long *v)
{
	*v = 0;
	if (end - s < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		unsigned c = s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

/* A string at p->s (its opening quote) into a new buffer and its length.
 * The decoded text is never longer than the quoted one. */
static char *string(struct parser *p, size_t *lenp)
{
	const unsigned char *open = p->s, *s = p->s + 1, *q;
	unsigned char *out, *o;

	/* Find the end first: the buffer is then sized once. */
	for (q = s; q < p->end && *q != '"'; q++)
		if (*q == '\\' && q + 1 < p->end)
			q++;
	if (!(out = malloc((size_t)(q - s) + 1))) {
		fail_at(p, open, "out of memory");
		return NULL;
	}
	o = out;
	for (;;) {
		size_t n;

		if (s >= p->end) {
			fail_at(p, open, "unterminated string (no closing '\"')");
			goto bad;
		}
		if (*s == '"')
			break;
		if (*s < 0x20) {
			fail_at(p, s, "control character 0x%02x in a string (write it as \\u%04x)", *s, *s);
			goto bad;
		}
		if (*s != '\\') {
			if (!(n = utf8_seq(s, (size_t)(p->end - s)))) {
				fail_at(p, s, "invalid UTF-8 (byte 0x%02x) in a string", *s);
				goto bad;
			}
			memcpy(o, s, n);
			o += n;
			s += n;
			continue;
		}
		if (s + 1 >= p->end) {
			fail_at(p, open, "unterminated string (no closing '\"')");
			goto bad;
		}
		switch (s[1]) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			unsigned long cp, lo;

			if (hex4(s + 2, p->end, &cp) < 0) {
				fail_at(p, s, "\\u needs four hex digits");
				goto bad;
			}
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				fail_at(p, s, "a low surrogate \\u%04lx without a high one before it", cp);
				goto bad;
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (p->end - s < 12 || s[6] != '\\' || s[7] != 'u' || hex4(s + 8, p->end, &lo) < 0 ||
				    lo < 0xdc00 || lo > 0xdfff) {
					fail_at(p, s, "a high surrogate \\u%04lx without a low one after it", cp);
					goto bad;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				s += 6;
			}
			/* Six bytes of escape make at most four of UTF-8. */
			o += put_utf8(o, cp);
			s += 6;
			continue;
		}
		default:
			fail_at(p, s, "unknown escape '\\%c' in a string", s[1] >= 0x21 && s[1] < 0x7f ? s[1] : '?');
			goto bad;
		}
		s += 2;
	}
	*o = '\0';
	*lenp = (size_t)(o - out);
	p->s = s + 1;
	return (char *)out;
bad:
	free(out);
	return NULL;
}

/* One or more digits from 'from': *s past them, or -1 with missing said. */
static int digits(struct parser *p, const unsigned char **s, const unsigned char *from, const char *missing)
{
	if (from >= p->end || *from < '0' || *from > '9') {
		fail_at(p, from, "%s", missing);
		return -1;
	}
	while (from < p->end && *from >= '0' && *from <= '9')
		from++;
	*s = from;
	return 0;
}

/* A number at p->s, RFC 8259's grammar:
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int number(struct parser *p, double *v)
{
	const unsigned char *s = p->s, *b = s;
	char buf[NUMBER_MAX + 1], *endp;

	if (s < p->end && *s == '-')
		s++;
	if (s >= p->end || *s < '0' || *s > '9') {
		fail_at(p, s, "a number needs a digit here");
		return -1;
	}
	if (*s == '0') {
		s++;
		if (s < p->end && *s >= '0' && *s <= '9') {
			fail_at(p, s, "a number cannot have a leading zero");
			return -1;
		}
	} else {
		while (s < p->end && *s >= '0' && *s <= '9')
			s++;
	}
	if (s < p->end && *s == '.' && digits(p, &s, s + 1, "a digit must follow the decimal point") < 0)
		return -1;
	if (s < p->end && (*s == 'e' || *s == 'E')) {
		s++;
		if (digits(p, &s, s < p->end && (*s == '+' || *s == '-') ? s + 1 : s, "an exponent needs a digit") < 0)
			return -1;
	}
	if (s - b > NUMBER_MAX) {
		fail_at(p, b, "a number longer than %d characters", NUMBER_MAX);
		return -1;
	}
	/* strtod reads the point: leaklab keeps LC_NUMERIC "C" (i18n.h). */
	memcpy(buf, b, (size_t)(s - b));
	buf[s - b] = '\0';
	/* Too small rounds to 0 (or a subnormal); too large is an error. */
	*v = strtod(buf, &endp);
	if (isinf(*v) || endp != buf + (s - b)) {
		fail_at(p, b, "the number %.40s is out of range", buf);
		return -1;
	}
	p->s = s;
	return 0;
}

/* ------------------------------------------------------------ the grammar */

static struct json *value(struct parser *p);

static int word(struct parser *p, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(p->end - p->s) >= n && memcmp(p->s, w, n) == 0) {
		p->s += n;
		return 1;
	}
	return 0;
}

/* An array or an object at p->s, after its opening bracket's check. */
static struct json *container(struct parser *p, int is_object)
{
	const unsigned char *open = p->s;
	struct json *v, **tail;
	char b[32];

	if (++p->depth > p->max_depth) {
		fail_at(p, open, "nested deeper than %d arrays and objects", p->max_depth);
		return NULL;
	}
	if (!(v = node(p, is_object ? JSON_OBJECT : JSON_ARRAY)))
		return NULL;
	tail = &v->kids;
	p->s++;
	skip_ws(p);
	if (p->s < p->end && *p->s == (is_object ? '}' : ']')) {
		p->s++;
		p->depth--;
		return v;
	}
	for (;;) {
		char *key = NULL;
		size_t keylen = 0;
		struct json *kid;

		if (is_object) {
			if (p->s >= p->end || *p->s != '"') {
				fail_at(p, p->s, "expected a key in double quotes, found %s", seen(p, b, sizeof(b)));
				goto bad;
			}
			if (!(key = string(p, &keylen)))
				goto bad;
			skip_ws(p);
			if (p->s >= p->end || *p->s != ':') {
				fail_at(p, p->s, "expected ':' after the key, found %s", seen(p, b, sizeof(b)));
				free(key);
				goto bad;
			}
			p->s++;
		}
		if (!(kid = value(p))) {
			free(key);
			goto bad;
		}
		kid->key = key;
		kid->keylen = keylen;
		*tail = kid;
		tail = &kid->next;
		v->n++;
		skip_ws(p);
		if (p->s < p->end && *p->s == ',') {
			p->s++;
			skip_ws(p);
			if (p->s < p->end && *p->s == (is_object ? '}' : ']')) {
				fail_at(p, p->s, "a trailing comma before '%c'", *p->s);
				goto bad;
			}
			continue;
		}
		if (p->s < p->end && *p->s == (is_object ? '}' : ']')) {
			p->s++;
			break;
		}
		if (p->s >= p->end)
			fail_at(p, open, "this %s is never closed", is_object ? "object" : "array");
		else
			fail_at(p, p->s, "expected ',' or '%c', found %s", is_object ? '}' : ']', seen(p, b, sizeof(b)));
		goto bad;
	}
	p->depth--;
	return v;
bad:
	json_free(v);
	return NULL;
}

static struct json *value(struct parser *p)
{
	struct json *v;
	char b[32];

	skip_ws(p);
	if (p->s >= p->end) {
		fail_at(p, p->s, "expected a value, found the end of the text");
		return NULL;
	}
	switch (*p->s) {
	case '{':
		return container(p, 1);
	case '[':
		return container(p, 0);
	case '"': {
		size_t len;
		char *s = string(p, &len);

		if (!s)
			return NULL;
		if (!(v = node(p, JSON_STRING))) {
			free(s);
			return NULL;
		}
		v->str = s;
		v->len = len;
		return v;
	}
	case 't':
	case 'f':
	case 'n': {
		const unsigned char *at = p->s;

		if (word(p, "true"))
			return node(p, JSON_TRUE);
		if (word(p, "false"))
			return node(p, JSON_FALSE);
		if (word(p, "null"))
			return node(p, JSON_NULL);
		fail_at(p, at, "expected a value (true, false, null?), found %s", seen(p, b, sizeof(b)));
		return NULL;
	}
	default:
		if (*p->s == '-' || (*p->s >= '0' && *p->s <= '9')) {
			double d;

			if (number(p, &d) < 0 || !(v = node(p, JSON_NUMBER)))
				return NULL;
			v->num = d;
			return v;
		}
		fail_at(p, p->s, "expected a value, found %s", seen(p, b, sizeof(b)));
		return NULL;
	}
}

struct json *json_parse_bounded(const char *text, size_t len, int max_depth, size_t max_bytes,
				struct json_error *err)
{
	struct parser p;
	struct json *v;
	char b[32];

	memset(&p, 0, sizeof(p));
	p.start = p.s = (const unsigned char *)(text ? text : "");
	p.end = p.s + (text ? len : 0);
	p.max_depth = max_depth > 0 ? max_depth : JSON_MAX_DEPTH;
	p.err = err;
	if (err)
		memset(err, 0, sizeof(*err));
	if (len > (max_bytes ? max_bytes : JSON_MAX_BYTES)) {
		fail_at(&p, p.s, "the text is %zu bytes, more than the %zu this reader takes", len,
			max_bytes ? max_bytes : (size_t)JSON_MAX_BYTES);
		return NULL;
	}
	if (p.end - p.s >= 3 && memcmp(p.s, "\xef\xbb\xbf", 3) == 0)
		p.s += 3;
	if (!(v = value(&p)))
		return NULL;
	skip_ws(&p);
	if (p.s < p.end) {
		fail_at(&p, p.s, "text after the value: %s", seen(&p, b, sizeof(b)));
		json_free(v);
		return NULL;
	}
	return v;
}

struct json *json_parse(const char *text, size_t len, struct json_error *err)
{
	return json_parse_bounded(text, len, 0, 0, err);
}

/* ------------------------------------------------------------ lookups */

const struct json *json_get(const struct json *obj, const char *key)
{
	const struct json *found = NULL;
	size_t n;

	if (!obj || obj->type != JSON_OBJECT || !key)
		return NULL;
	n = strlen(key);
	for (const struct json *k = obj->kids; k; k = k->next)
		if (k->keylen == n && memcmp(k->key, key, n) == 0)
			found = k;
	return found;
}

const struct json *json_at(const struct json *arr, size_t i)
{
	const struct json *k;

	if (!arr || (arr->type != JSON_ARRAY && arr->type != JSON_OBJECT) || i >= arr->n)
		return NULL;
	for (k = arr->kids; k && i; k = k->next)
		i--;
	return k;
}

const char *json_str(const struct json *v, const char *fallback)
{
	return v && v->type == JSON_STRING ? v->str : fallback;
}

double json_num(const struct json *v, int *ok)
{
	int is = v && v->type == JSON_NUMBER;

	if (ok)
		*ok = is;
	return is ? v->num : 0.0;
}

int json_bool(const struct json *v, int fallback)
{
	if (v && v->type == JSON_TRUE)
		return 1;
	if (v && v->type == JSON_FALSE)
		return 0;
	return fallback;
}

const char *json_type_name(enum json_type t)
{
	static const char *const names[] = { "null", "false", "true", "number", "string", "array", "object" };

	return (unsigned)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

/* ------------------------------------------------------------ files */

struct json *json_load(const char *path, size_t max_bytes, struct json_error *err)
{
	size_t len, max = max_bytes ? max_bytes : JSON_MAX_BYTES;
	char *text = files_read(path, max, &len);
	struct json *v;

	if (!text) {
		if (err) {
			memset(err, 0, sizeof(*err));
			if (errno == EFBIG)
				snprintf(err->msg, sizeof(err->msg), "longer than %zu bytes", max);
			else
				snprintf(err->msg, sizeof(err->msg), "%s", strerror(errno));
		}
		return NULL;
	}
	v = json_parse_bounded(text, len, 0, max, err);
	free(text);
	return v;
}
