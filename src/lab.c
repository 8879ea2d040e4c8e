/* lab.c - parse and check lab files */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "lab.h"
#include "schedule.h"

void lab_defaults(struct lab *lab, const char *path)
{
	const char *base = path ? strrchr(path, '/') : NULL;
	size_t n;

	memset(lab, 0, sizeof(*lab));
	base = base ? base + 1 : (path ? path : "lab");
	n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".lab") == 0)
		n -= 4;
	if (n >= sizeof(lab->name))
		n = sizeof(lab->name) - 1;
	memcpy(lab->name, base, n);
	snprintf(lab->title, sizeof(lab->title), "%s", lab->name);
	snprintf(lab->endpoint, sizeof(lab->endpoint), "/leak");
	snprintf(lab->rate, sizeof(lab->rate), "5/s for 10s");
	lab->gomaxprocs = 1;
	lab->schedtrace_ms = 1000;
	snprintf(lab->probe, sizeof(lab->probe), "/healthz");
	lab->probe_every_ms = 500;
	lab->sample_every_ms = 1000;
	lab->timeout_ms = 5000;
}

static int set_error(struct lab_error *err, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int set_error(struct lab_error *err, const char *where, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(err->msg, sizeof(err->msg), "%s: %s", where, what);
	return -1;
}

static int copy_value(char *dst, size_t cap, const char *v, const char *key,
		      struct lab_error *err, const char *where)
{
	if (strlen(v) >= cap)
		return set_error(err, where, "%s: value longer than %zu characters", key, cap - 1);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int duration_value(const char *v, double *ms, double min_ms, const char *key,
			  struct lab_error *err, const char *where)
{
	struct schedule_error se;

	if (schedule_parse_duration(v, ms, &se) < 0)
		return set_error(err, where, "%s: %s", key, se.msg);
	if (*ms < min_ms)
		return set_error(err, where, "%s: '%s' is shorter than %.0f ms", key, v, min_ms);
	return 0;
}

static int path_value(char *dst, size_t cap, const char *v, const char *key,
		      struct lab_error *err, const char *where, int may_be_empty)
{
	const char *p;

	if (!*v && may_be_empty) {
		dst[0] = '\0';
		return 0;
	}
	if (v[0] != '/')
		return set_error(err, where, "%s: '%s' must be a path on the server, starting with '/'", key, v);
	for (p = v; *p; p++)
		if (isspace((unsigned char)*p) || !isprint((unsigned char)*p))
			return set_error(err, where, "%s: '%s' has a space or a control character", key, v);
	return copy_value(dst, cap, v, key, err, where);
}

/* Set key to value, checking it; where is "file:line" for messages. */
static int set_key(struct lab *lab, const char *key, const char *v, struct lab_error *err, const char *where)
{
	struct schedule_error se;
	struct schedule *s;

	if (strcmp(key, "name") == 0) {
		for (const char *p = v; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
				return set_error(err, where, "name: '%s' may hold only letters, digits, '-', '_' and '.'", v);
		if (!*v)
			return set_error(err, where, "name: empty");
		return copy_value(lab->name, sizeof(lab->name), v, key, err, where);
	}
	if (strcmp(key, "title") == 0)
		return copy_value(lab->title, sizeof(lab->title), v, key, err, where);
	if (strcmp(key, "endpoint") == 0)
		return path_value(lab->endpoint, sizeof(lab->endpoint), v, key, err, where, 0);
	if (strcmp(key, "probe") == 0)
		return path_value(lab->probe, sizeof(lab->probe), v, key, err, where, 1);
	if (strcmp(key, "rate") == 0) {
		if (!(s = schedule_parse(v, 0, &se)))
			return set_error(err, where, "rate: %s", se.msg);
		schedule_free(s);
		return copy_value(lab->rate, sizeof(lab->rate), v, key, err, where);
	}
	if (strcmp(key, "gomaxprocs") == 0) {
		if (args_long(v, 1, 1024, &lab->gomaxprocs) < 0)
			return set_error(err, where, "gomaxprocs: '%s': expected a whole number from 1 to 1024", v);
		return 0;
	}
	if (strcmp(key, "schedtrace") == 0) {
		if (args_long(v, 10, 60000, &lab->schedtrace_ms) < 0)
			return set_error(err, where, "schedtrace: '%s': expected milliseconds from 10 to 60000", v);
		return 0;
	}
	if (strcmp(key, "timeout") == 0) {
		if (args_long(v, 1, 600000, &lab->timeout_ms) < 0)
			return set_error(err, where, "timeout: '%s': expected milliseconds from 1 to 600000", v);
		return 0;
	}
	if (strcmp(key, "scheddetail") == 0) {
		if (strcmp(v, "on") == 0 || strcmp(v, "1") == 0)
			lab->scheddetail = 1;
		else if (strcmp(v, "off") == 0 || strcmp(v, "0") == 0)
			lab->scheddetail = 0;
		else
			return set_error(err, where, "scheddetail: '%s': expected on or off", v);
		return 0;
	}
	if (strcmp(key, "probe_every") == 0)
		return duration_value(v, &lab->probe_every_ms, 10, key, err, where);
	if (strcmp(key, "sample_every") == 0)
		return duration_value(v, &lab->sample_every_ms, 50, key, err, where);
	if (strcmp(key, "duration") == 0)
		return duration_value(v, &lab->duration_ms, 100, key, err, where);
	if (strcmp(key, "server_flags") == 0) {
		char storage[sizeof(lab->server_flags)], *argv[LAB_MAX_SERVER_ARGS];
		struct lab tmp = *lab;

		if (copy_value(tmp.server_flags, sizeof(tmp.server_flags), v, key, err, where) < 0)
			return -1;
		if (lab_server_args(&tmp, storage, sizeof(storage), argv, LAB_MAX_SERVER_ARGS, err) < 0) {
			char inner[sizeof(err->msg)];

			snprintf(inner, sizeof(inner), "%s", err->msg);
			return set_error(err, where, "%s", inner);
		}
		return copy_value(lab->server_flags, sizeof(lab->server_flags), v, key, err, where);
	}
	return set_error(err, where, "unknown key '%s' (keys: name, title, endpoint, rate, gomaxprocs, "
			 "schedtrace, scheddetail, probe, probe_every, sample_every, duration, timeout, "
			 "server_flags)", key);
}

static void trim(char **s, char **e)
{
	while (*s < *e && isspace((unsigned char)**s))
		(*s)++;
	while (*e > *s && isspace((unsigned char)(*e)[-1]))
		(*e)--;
}

int lab_parse(struct lab *lab, const char *text, size_t len, const char *path, struct lab_error *err)
{
	const char *p = text, *end = text + len;
	char seen[16][16];
	int seen_line[16], nseen = 0, lineno = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		char line[1024], where[300], *s, *e, *eq, *ks, *ke, *vs, *ve;
		size_t n = (size_t)(le - p);

		lineno++;
		snprintf(where, sizeof(where), "%s:%d", path, lineno);
		if (n >= sizeof(line))
			return set_error(err, where, "line longer than %zu characters", sizeof(line) - 1);
		if (memchr(p, '\0', n))
			return set_error(err, where, "a NUL byte: is this a text file?");
		memcpy(line, p, n);
		line[n] = '\0';
		p = nl ? nl + 1 : end;

		s = line;
		e = line + n;
		trim(&s, &e);
		if (s == e || *s == '#')
			continue;
		*e = '\0';
		if (!(eq = strchr(s, '=')))
			return set_error(err, where, "expected 'key = value', got '%s'", s);
		ks = s;
		ke = eq;
		vs = eq + 1;
		ve = e;
		trim(&ks, &ke);
		trim(&vs, &ve);
		*ke = '\0';
		*ve = '\0';
		/* A '#' after the value starts a comment only when a space precedes it. */
		for (char *c = vs; *c; c++)
			if (*c == '#' && c > vs && isspace((unsigned char)c[-1])) {
				char *cut = c;

				while (cut > vs && isspace((unsigned char)cut[-1]))
					cut--;
				*cut = '\0';
				break;
			}
		if (!*ks)
			return set_error(err, where, "a value with no key: '%s'", s);
		for (int i = 0; i < nseen; i++)
			if (strcmp(seen[i], ks) == 0)
				return set_error(err, where, "'%s' is set twice (first on line %d)", ks, seen_line[i]);
		if (set_key(lab, ks, vs, err, where) < 0)
			return -1;
		if (nseen < 16 && strlen(ks) < sizeof(seen[0])) {
			memcpy(seen[nseen], ks, strlen(ks) + 1);
			seen_line[nseen++] = lineno;
		}
	}
	return 0;
}

int lab_set(struct lab *lab, const char *assignment, struct lab_error *err)
{
	char buf[1024], *eq, *ks, *ke, *vs, *ve, where[1100];

	snprintf(where, sizeof(where), "--set '%s'", assignment);
	if (strlen(assignment) >= sizeof(buf))
		return set_error(err, where, "too long");
	snprintf(buf, sizeof(buf), "%s", assignment);
	if (!(eq = strchr(buf, '=')))
		return set_error(err, where, "expected KEY=VALUE");
	ks = buf;
	ke = eq;
	vs = eq + 1;
	ve = buf + strlen(buf);
	trim(&ks, &ke);
	trim(&vs, &ve);
	*ke = '\0';
	*ve = '\0';
	return set_key(lab, ks, vs, err, where);
}

static const char *duration_text(double ms, char *buf, size_t len)
{
	if (ms >= 1000 && ms == (double)(long)(ms / 1000) * 1000)
		snprintf(buf, len, "%lds", (long)(ms / 1000));
	else
		snprintf(buf, len, "%gms", ms);
	return buf;
}

size_t lab_format(const struct lab *lab, char *buf, size_t len)
{
	char a[32], b[32], c[32];
	int n;

	n = snprintf(buf, len,
		     "name = %s\ntitle = %s\nendpoint = %s\nrate = %s\ngomaxprocs = %ld\n"
		     "schedtrace = %ld\nscheddetail = %s\nprobe = %s\nprobe_every = %s\n"
		     "sample_every = %s\n%s%s%stimeout = %ld\nserver_flags = %s\n",
		     lab->name, lab->title, lab->endpoint, lab->rate, lab->gomaxprocs,
		     lab->schedtrace_ms, lab->scheddetail ? "on" : "off", lab->probe,
		     duration_text(lab->probe_every_ms, a, sizeof(a)),
		     duration_text(lab->sample_every_ms, b, sizeof(b)),
		     lab->duration_ms > 0 ? "duration = " : "",
		     lab->duration_ms > 0 ? duration_text(lab->duration_ms, c, sizeof(c)) : "",
		     lab->duration_ms > 0 ? "\n" : "",
		     lab->timeout_ms, lab->server_flags);
	return n < 0 ? 0 : (size_t)n;
}

int lab_server_args(const struct lab *lab, char *storage, size_t storage_len,
		    char **argv, int max, struct lab_error *err)
{
	static const char *const managed[] = { "addr", "allow-remote", "exit-on-eof" };
	char *p;
	int argc = 0;

	snprintf(storage, storage_len, "%s", lab->server_flags);
	for (p = storage; *p;) {
		char *w;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
		if (argc == max)
			return set_error(err, "server_flags", "more than %d words", max);
		if (w[0] == '-') {
			const char *name = w + (w[1] == '-' ? 2 : 1);
			size_t k, nlen = strcspn(name, "=");

			for (k = 0; k < sizeof(managed) / sizeof(managed[0]); k++)
				if (strlen(managed[k]) == nlen && strncmp(name, managed[k], nlen) == 0)
					return set_error(err, "server_flags", "'%s' is set by leaklab itself "
							 "(the server stays on loopback and dies with leaklab)", w);
		}
		argv[argc++] = w;
	}
	return argc;
}
