/* lab.c - parse and check lab files; one table of keys drives parsing,
 * formatting and the help text */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "args.h"
#include "i18n.h"
#include "lab.h"
#include "schedule.h"
#include "suggest.h"
#include "target.h"
#include "textbuf.h"

enum key_id {
	K_NAME, K_TITLE, K_TITLE_PT, K_COMMAND, K_URL, K_ENDPOINT, K_TARGET, K_HEADER, K_RATE, K_TIMEOUT,
	K_GOMAXPROCS, K_SCHEDTRACE, K_SCHEDDETAIL, K_PROBE, K_PROBE_EVERY, K_SAMPLE_EVERY,
	K_DURATION, K_READY_TIMEOUT, K_SERVER_FLAGS, K_VERDICT, K_PPROF, K_ENV, K_EXPECTED, K_STUDENT,
	K_NKEYS
};

/* A bit per key in seen_mask and set_mask (unsigned long: 32 bits at
 * least), and a line per key in seen_line. */
_Static_assert(K_NKEYS <= 32, "a bit per lab key");
_Static_assert(K_NKEYS <= sizeof(((struct lab *)0)->seen_line) / sizeof(int), "a line per lab key");

static const struct lab_key {
	const char *name;
	enum key_id id;
	int repeatable;
	const char *help;
} keys[] = {
	{ "name", K_NAME, 0, N_("the run's name: out/<name>-<time>/ (default: the file's name)") },
	{ "title", K_TITLE, 0, N_("the charts' title") },
	{ "title.pt_BR", K_TITLE_PT, 0, N_("the title in Brazilian Portuguese, shown instead when leaklab "
	  "speaks it (LANGUAGE=pt_BR)") },
	{ "command", K_COMMAND, 0, N_("your program, e.g. 'go run ./cmd/shop' (shell-like quoting, no "
	  "expansion); it gets PORT and ADDR=127.0.0.1:PORT (default: the bundled server)") },
	{ "url", K_URL, 0, N_("where a command with a fixed address listens, e.g. http://127.0.0.1:8080; "
	  "without a command, a service already running that leaklab attaches to") },
	{ "pprof", K_PPROF, 0, N_("where the program serves net/http/pprof when not on its API's address, "
	  "e.g. http://127.0.0.1:6060 (/debug/pprof/ under it)") },
	{ "env", K_ENV, 1, N_("KEY=VALUE added to the program's environment (repeatable); GODEBUG gets "
	  "schedtrace added") },
	{ "endpoint", K_ENDPOINT, 0, N_("the path to GET, e.g. /leak (one target's short form)") },
	{ "target", K_TARGET, 1, N_("a request of the mix: METHOD PATH [weight=N] [body=@FILE] (repeatable)") },
	{ "header", K_HEADER, 1, N_("a request header, e.g. 'Content-Type: application/json' (repeatable)") },
	{ "rate", K_RATE, 0, N_("the schedule, e.g. '2/s for 20s, pause 10s' (see leaklab drive --help)") },
	{ "timeout", K_TIMEOUT, 0, N_("client time-out per request in ms; the client then gives up") },
	{ "gomaxprocs", K_GOMAXPROCS, 0, N_("GOMAXPROCS of the program (1 to 1024)") },
	{ "schedtrace", K_SCHEDTRACE, 0, N_("GODEBUG=schedtrace interval in ms (10 to 60000)") },
	{ "scheddetail", K_SCHEDDETAIL, 0, N_("on: every P, M and G each interval (scheddetail=1)") },
	{ "probe", K_PROBE, 0, N_("a path whose latency is probed, e.g. /healthz (empty: none)") },
	{ "probe_every", K_PROBE_EVERY, 0, N_("how often to probe, e.g. 500ms") },
	{ "sample_every", K_SAMPLE_EVERY, 0, N_("how often to poll pprof's goroutine profile, e.g. 1s") },
	{ "duration", K_DURATION, 0, N_("a hard cap on the whole run, e.g. 40s") },
	{ "ready_timeout", K_READY_TIMEOUT, 0, N_("how long the program may take to listen (go run "
	  "compiles first), e.g. 60s") },
	{ "server_flags", K_SERVER_FLAGS, 0, N_("more flags for the bundled server, e.g. -max-leaks 500") },
	{ "verdict", K_VERDICT, 0, N_("shown, or hidden: the summary keeps the verdict and the top "
	  "stack back (leak hunts)") },
	{ "expected", K_EXPECTED, 0, N_("the verdict the lab should show: no leak, runnable leak or "
	  "blocked leak (said in the summary, for the class view)") },
	{ "student", K_STUDENT, 0, N_("who runs it, for the class view (default $LEAKLAB_STUDENT)") },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

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
	snprintf(lab->targets[0].method, sizeof(lab->targets[0].method), "GET");
	snprintf(lab->targets[0].path, sizeof(lab->targets[0].path), "/leak");
	lab->targets[0].weight = 1;
	lab->ntargets = 1;
	snprintf(lab->rate, sizeof(lab->rate), "5/s for 10s");
	lab->gomaxprocs = 1;
	lab->schedtrace_ms = 1000;
	snprintf(lab->probe, sizeof(lab->probe), "/healthz");
	lab->probe_every_ms = 500;
	lab->sample_every_ms = 1000;
	lab->ready_timeout_ms = 60000;
	lab->timeout_ms = 5000;
}

static int set_error(struct lab_error *err, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int set_error(struct lab_error *err, const char *where, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->what, sizeof(err->what), _(fmt), ap);
	va_end(ap);
	snprintf(err->where, sizeof(err->where), "%s", where);
	snprintf(err->msg, sizeof(err->msg), "%s: %s", err->where, err->what);
	return -1;
}

/* A value in a message: long ones are cut so the reason still shows. */
static const char *shown(const char *v, char *buf, size_t len)
{
	size_t n = strlen(v);

	if (n < 48 || len < 52)
		return v;
	snprintf(buf, len, "%.40s...", v);
	return buf;
}

static int copy_value(char *dst, size_t cap, const char *v, const char *key,
		      struct lab_error *err, const char *where)
{
	if (strlen(v) >= cap)
		return set_error(err, where, "%s: value longer than %zu characters", key, cap - 1);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int duration_value(const char *v, double *ms, double min_ms, double max_ms, const char *key,
			  struct lab_error *err, const char *where)
{
	struct schedule_error se;
	char b[64];

	if (schedule_parse_duration(v, ms, &se) < 0)
		return set_error(err, where, "%s: %s", key, se.msg);
	if (*ms < min_ms)
		return set_error(err, where, "%s: '%s' is shorter than %.0f ms", key, shown(v, b, sizeof(b)), min_ms);
	if (max_ms > 0 && *ms > max_ms)
		return set_error(err, where, "%s: '%s' is longer than %.0f s", key, shown(v, b, sizeof(b)),
				 max_ms / 1000);
	return 0;
}

/* A path on the program: "/x?y=1", printable, no spaces. */
static int check_path(const char *v, const char *key, struct lab_error *err, const char *where)
{
	char b[64];

	if (v[0] != '/')
		return set_error(err, where, "%s: '%s' must be a path on the server, starting with '/'",
				 key, shown(v, b, sizeof(b)));
	for (const char *p = v; *p; p++)
		if (isspace((unsigned char)*p) || !isprint((unsigned char)*p))
			return set_error(err, where, "%s: '%s' has a space or a control character",
					 key, shown(v, b, sizeof(b)));
	return 0;
}

static int path_value(char *dst, size_t cap, const char *v, const char *key,
		      struct lab_error *err, const char *where, int may_be_empty)
{
	if (!*v && may_be_empty) {
		dst[0] = '\0';
		return 0;
	}
	if (check_path(v, key, err, where) < 0)
		return -1;
	return copy_value(dst, cap, v, key, err, where);
}

/* A URL on this machine, "" for none; its path is the targets', so only
 * the base is kept. */
static int url_value(char *dst, size_t cap, const char *v, const char *key, struct lab_error *err,
		     const char *where)
{
	char b[64], why[512];

	if (!*v) {
		dst[0] = '\0';
		return 0;
	}
	if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
		return set_error(err, where, "%s: '%s': expected http://HOST:PORT, e.g. http://127.0.0.1:8080",
				 key, shown(v, b, sizeof(b)));
	for (const char *p = v; *p; p++)
		if (isspace((unsigned char)*p) || !isprint((unsigned char)*p))
			return set_error(err, where, "%s: '%s' has a space or a control character", key,
					 shown(v, b, sizeof(b)));
	if (target_check(v, 0, why, sizeof(why)) < 0)
		return set_error(err, where, "%s: '%s' is not on this machine: leaklab run sends only to "
				 "loopback (127.0.0.1, ::1, localhost)", key, shown(v, b, sizeof(b)));
	if (copy_value(dst, cap, v, key, err, where) < 0)
		return -1;
	{
		char *slash = strchr(dst + (dst[4] == 's' ? 8 : 7), '/');

		if (slash)
			*slash = '\0';
	}
	return 0;
}

/* "KEY=VALUE" for the program's environment: a name as a shell takes it,
 * and none that leaklab sets itself. */
static int env_value(char *dst, size_t cap, const char *v, struct lab_error *err, const char *where)
{
	static const char *const managed[] = { "PORT", "ADDR", "GOMAXPROCS" };
	const char *eq = strchr(v, '=');
	char b[64];

	if (!eq || eq == v)
		return set_error(err, where, "env: '%s': expected KEY=VALUE, e.g. env = APP_MODE=test",
				 shown(v, b, sizeof(b)));
	for (const char *p = v; p < eq; p++)
		if (!(isalpha((unsigned char)*p) || *p == '_' || (p > v && isdigit((unsigned char)*p))))
			return set_error(err, where, "env: '%.*s' is not a variable name (letters, digits, _)",
					 (int)(eq - v), v);
	for (size_t i = 0; i < sizeof(managed) / sizeof(managed[0]); i++)
		if (strlen(managed[i]) == (size_t)(eq - v) && strncmp(v, managed[i], (size_t)(eq - v)) == 0)
			return set_error(err, where, "env: %s is set by leaklab itself (%s)", managed[i],
					 i < 2 ? _("from the free port it picks; use $PORT or $ADDR in the command")
					       : _("use the gomaxprocs key"));
	return copy_value(dst, cap, v, "env", err, where);
}

/* ---------------------------------------------------------------- words */

int lab_split_words(const char *text, char *storage, size_t storage_len, char **argv, int max,
		    struct lab_error *err)
{
	const char *p = text;
	char *o = storage, *end = storage + storage_len;
	int argc = 0;

	for (;;) {
		int in_word = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (argc == max)
			return set_error(err, "words", "more than %d words", max);
		argv[argc] = o;
		while (*p && *p != ' ' && *p != '\t') {
			if (o + 2 >= end)
				return set_error(err, "words", "longer than %zu characters", storage_len - 1);
			in_word = 1;
			if (*p == '\'') {
				const char *close = strchr(p + 1, '\'');

				if (!close)
					return set_error(err, "words", "a ' that is never closed in '%s'", text);
				if ((size_t)(close - p - 1) + 2 >= (size_t)(end - o))
					return set_error(err, "words", "longer than %zu characters", storage_len - 1);
				memcpy(o, p + 1, (size_t)(close - p - 1));
				o += close - p - 1;
				p = close + 1;
			} else if (*p == '"') {
				for (p++; *p && *p != '"'; p++) {
					if (o + 2 >= end)
						return set_error(err, "words", "longer than %zu characters",
								 storage_len - 1);
					if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$' || p[1] == '`'))
						p++;
					*o++ = *p;
				}
				if (*p != '"')
					return set_error(err, "words", "a \" that is never closed in '%s'", text);
				p++;
			} else if (*p == '\\' && p[1]) {
				*o++ = p[1];
				p += 2;
			} else {
				*o++ = *p++;
			}
		}
		(void)in_word;
		*o++ = '\0';
		argc++;
	}
	return argc;
}

int lab_server_args(const struct lab *lab, char *storage, size_t storage_len,
		    char **argv, int max, struct lab_error *err)
{
	static const char *const managed[] = { "addr", "allow-remote", "exit-on-eof" };
	int argc = lab_split_words(lab->server_flags, storage, storage_len, argv, max, err), i;

	if (argc < 0) {
		char inner[sizeof(err->what)];

		snprintf(inner, sizeof(inner), "%s", err->what);
		return set_error(err, "server_flags", "%s", inner);
	}
	for (i = 0; i < argc; i++) {
		const char *w = argv[i];

		if (w[0] == '-') {
			const char *name = w + (w[1] == '-' ? 2 : 1);
			size_t k, nlen = strcspn(name, "=");

			for (k = 0; k < sizeof(managed) / sizeof(managed[0]); k++)
				if (strlen(managed[k]) == nlen && strncmp(name, managed[k], nlen) == 0)
					return set_error(err, "server_flags", "'%s' is set by leaklab itself "
							 "(the server stays on loopback and dies with leaklab)", w);
		}
	}
	return argc;
}

/* -------------------------------------------------------------- targets */

static int target_value(struct lab_target *t, const char *v, struct lab_error *err, const char *where)
{
	char storage[1024], *w[8], b[64];
	int n, i;
	struct lab_error we;

	memset(t, 0, sizeof(*t));
	t->weight = 1;
	if ((n = lab_split_words(v, storage, sizeof(storage), w, 8, &we)) < 0)
		return set_error(err, where, "target: %s", we.what);
	if (n < 2)
		return set_error(err, where, "target: '%s': expected 'METHOD PATH [weight=N] [body=@FILE]', "
				 "e.g. 'POST /api/checkout weight=3 body=@lab/checkout.json'", shown(v, b, sizeof(b)));
	if (strlen(w[0]) >= sizeof(t->method) || !*w[0])
		return set_error(err, where, "target: '%s' is not an HTTP method", shown(w[0], b, sizeof(b)));
	for (const char *p = w[0]; *p; p++)
		if (!isupper((unsigned char)*p))
			return set_error(err, where, "target: '%s' is not an HTTP method (GET, POST, PUT, "
					 "DELETE, PATCH, ...)", shown(w[0], b, sizeof(b)));
	memcpy(t->method, w[0], strlen(w[0]) + 1);
	if (check_path(w[1], "target", err, where) < 0)
		return -1;
	if (copy_value(t->path, sizeof(t->path), w[1], "target", err, where) < 0)
		return -1;
	for (i = 2; i < n; i++) {
		if (strncmp(w[i], "weight=", 7) == 0) {
			if (args_long(w[i] + 7, 1, 1000000, &t->weight) < 0)
				return set_error(err, where, "target: '%s': the weight is a whole number from 1 "
						 "to 1000000", w[i]);
		} else if (strncmp(w[i], "body=@", 6) == 0 && w[i][6]) {
			if (copy_value(t->body_file, sizeof(t->body_file), w[i] + 6, "target", err, where) < 0)
				return -1;
		} else if (strncmp(w[i], "body=", 5) == 0) {
			return set_error(err, where, "target: '%s': a body comes from a file: body=@FILE",
					 shown(w[i], b, sizeof(b)));
		} else {
			return set_error(err, where, "target: unknown '%s' (weight=N, body=@FILE)",
					 shown(w[i], b, sizeof(b)));
		}
	}
	return 0;
}

static int header_value(char *dst, size_t cap, const char *v, struct lab_error *err, const char *where)
{
	static const char *const managed[] = { "content-length", "transfer-encoding", "host" };
	const char *colon = strchr(v, ':'), *p;
	char b[64];
	size_t k;

	if (!colon || colon == v)
		return set_error(err, where, "header: '%s': expected 'Name: value'", shown(v, b, sizeof(b)));
	for (p = v; p < colon; p++)
		if (!isalnum((unsigned char)*p) && !strchr("!#$%&'*+-.^_`|~", *p))
			return set_error(err, where, "header: '%.*s' is not a header name", (int)(colon - v), v);
	for (p = colon + 1; *p; p++)
		if (!isprint((unsigned char)*p) && *p != '\t')
			return set_error(err, where, "header: a control character in '%s'", shown(v, b, sizeof(b)));
	for (k = 0; k < sizeof(managed) / sizeof(managed[0]); k++)
		if (strlen(managed[k]) == (size_t)(colon - v) && strncasecmp(v, managed[k], (size_t)(colon - v)) == 0)
			return set_error(err, where, "header: '%.*s' is set by leaklab itself", (int)(colon - v), v);
	return copy_value(dst, cap, v, "header", err, where);
}

/* ---------------------------------------------------------------- keys */

static const struct lab_key *find_key(const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int unknown_key(const char *key, struct lab_error *err, const char *where)
{
	char list[512];
	struct textbuf o;
	char b[64];

	const char *names[NKEYS], *near;

	textbuf_init(&o, list, sizeof(list));
	for (size_t i = 0; i < NKEYS; i++) {
		names[i] = keys[i].name;
		textbuf_printf(&o, "%s%s", i ? ", " : "", keys[i].name);
	}
	/* A title in another language: only pt_BR has one. */
	if (strncmp(key, "title.", 6) == 0 && strcmp(key, "title.pt_BR") != 0)
		return set_error(err, where, "unknown key '%s': the title's translation is title.pt_BR "
				 "(Brazilian Portuguese), the one language besides English leaklab speaks",
				 shown(key, b, sizeof(b)));
	if ((near = suggest_closest(key, names, NKEYS)))
		return set_error(err, where, "unknown key '%s'; did you mean '%s'? (keys: %s)", shown(key, b, sizeof(b)),
				 near, list);
	return set_error(err, where, "unknown key '%s' (keys: %s)", shown(key, b, sizeof(b)), list);
}

/* Set one key to v, checking it; where is "file:line" for messages. */
static int set_key(struct lab *lab, const struct lab_key *k, const char *v, struct lab_error *err,
		   const char *where)
{
	struct schedule_error se;
	struct schedule *s;
	char b[64];

	switch (k->id) {
	case K_NAME:
		for (const char *p = v; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
				return set_error(err, where, "name: '%s' may hold only letters, digits, '-', "
						 "'_' and '.'", shown(v, b, sizeof(b)));
		if (!*v || strcmp(v, ".") == 0 || strcmp(v, "..") == 0)
			return set_error(err, where, "name: '%s' cannot name a run", v);
		return copy_value(lab->name, sizeof(lab->name), v, k->name, err, where);
	case K_TITLE:
		return copy_value(lab->title, sizeof(lab->title), v, k->name, err, where);
	case K_TITLE_PT:
		return copy_value(lab->title_pt, sizeof(lab->title_pt), v, k->name, err, where);
	case K_COMMAND: {
		char storage[sizeof(lab->command) + 8], *argv[LAB_MAX_WORDS];
		struct lab_error we;
		int n = lab_split_words(v, storage, sizeof(storage), argv, LAB_MAX_WORDS, &we);

		if (n < 0)
			return set_error(err, where, "command: %s", we.what);
		if (n == 0)
			return set_error(err, where, "command: empty; leave the key out to run the bundled server");
		return copy_value(lab->command, sizeof(lab->command), v, k->name, err, where);
	}
	case K_URL:
		return url_value(lab->url, sizeof(lab->url), v, k->name, err, where);
	case K_PPROF:
		return url_value(lab->pprof, sizeof(lab->pprof), v, k->name, err, where);
	case K_ENV:
		if (lab->nenv == LAB_MAX_ENV)
			return set_error(err, where, "env: more than %d lines", LAB_MAX_ENV);
		if (env_value(lab->env[lab->nenv], sizeof(lab->env[0]), v, err, where) < 0)
			return -1;
		lab->nenv++;
		return 0;
	case K_EXPECTED:
		if (*v && strcmp(v, "no leak") != 0 && strcmp(v, "runnable leak") != 0 && strcmp(v, "blocked leak") != 0)
			return set_error(err, where, "expected: '%s': expected no leak, runnable leak or blocked leak",
					 shown(v, b, sizeof(b)));
		return copy_value(lab->expected, sizeof(lab->expected), v, k->name, err, where);
	case K_STUDENT:
		for (const char *p = v; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return set_error(err, where, "student: a control character in '%s'", shown(v, b, sizeof(b)));
		return copy_value(lab->student, sizeof(lab->student), v, k->name, err, where);
	case K_ENDPOINT: {
		struct lab_target t;

		memset(&t, 0, sizeof(t));
		if (path_value(t.path, sizeof(t.path), v, k->name, err, where, 0) < 0)
			return -1;
		memcpy(t.method, "GET", 4);
		t.weight = 1;
		lab->targets[0] = t;
		lab->ntargets = 1;
		return 0;
	}
	case K_TARGET:
		if (lab->ntargets == LAB_MAX_TARGETS)
			return set_error(err, where, "target: more than %d targets", LAB_MAX_TARGETS);
		if (target_value(&lab->targets[lab->ntargets], v, err, where) < 0)
			return -1;
		lab->ntargets++;
		return 0;
	case K_HEADER:
		if (lab->nheaders == LAB_MAX_HEADERS)
			return set_error(err, where, "header: more than %d headers", LAB_MAX_HEADERS);
		if (header_value(lab->headers[lab->nheaders], sizeof(lab->headers[0]), v, err, where) < 0)
			return -1;
		lab->nheaders++;
		return 0;
	case K_RATE:
		if (!(s = schedule_parse(v, 0, &se)))
			return set_error(err, where, "rate: %s", se.msg);
		schedule_free(s);
		return copy_value(lab->rate, sizeof(lab->rate), v, k->name, err, where);
	case K_GOMAXPROCS:
		if (args_long(v, 1, 1024, &lab->gomaxprocs) < 0)
			return set_error(err, where, "gomaxprocs: '%s': expected a whole number from 1 to 1024",
					 shown(v, b, sizeof(b)));
		return 0;
	case K_SCHEDTRACE:
		if (args_long(v, 10, 60000, &lab->schedtrace_ms) < 0)
			return set_error(err, where, "schedtrace: '%s': expected milliseconds from 10 to 60000",
					 shown(v, b, sizeof(b)));
		return 0;
	case K_TIMEOUT:
		if (args_long(v, 1, 600000, &lab->timeout_ms) < 0)
			return set_error(err, where, "timeout: '%s': expected milliseconds from 1 to 600000",
					 shown(v, b, sizeof(b)));
		return 0;
	case K_SCHEDDETAIL:
		if (strcmp(v, "on") == 0 || strcmp(v, "1") == 0)
			lab->scheddetail = 1;
		else if (strcmp(v, "off") == 0 || strcmp(v, "0") == 0)
			lab->scheddetail = 0;
		else
			return set_error(err, where, "scheddetail: '%s': expected on or off", shown(v, b, sizeof(b)));
		return 0;
	case K_VERDICT:
		if (strcmp(v, "shown") == 0 || strcmp(v, "show") == 0)
			lab->verdict_hidden = 0;
		else if (strcmp(v, "hidden") == 0 || strcmp(v, "hide") == 0)
			lab->verdict_hidden = 1;
		else
			return set_error(err, where, "verdict: '%s': expected shown or hidden", shown(v, b, sizeof(b)));
		return 0;
	case K_PROBE:
		return path_value(lab->probe, sizeof(lab->probe), v, k->name, err, where, 1);
	case K_PROBE_EVERY:
		return duration_value(v, &lab->probe_every_ms, 10, 0, k->name, err, where);
	case K_SAMPLE_EVERY:
		return duration_value(v, &lab->sample_every_ms, 50, 0, k->name, err, where);
	case K_DURATION:
		return duration_value(v, &lab->duration_ms, 100, 0, k->name, err, where);
	case K_READY_TIMEOUT:
		return duration_value(v, &lab->ready_timeout_ms, 100, 600000, k->name, err, where);
	case K_SERVER_FLAGS: {
		char storage[sizeof(lab->server_flags) + 8], *argv[LAB_MAX_WORDS];
		struct lab tmp;

		if (copy_value(tmp.server_flags, sizeof(tmp.server_flags), v, k->name, err, where) < 0)
			return -1;
		if (lab_server_args(&tmp, storage, sizeof(storage), argv, LAB_MAX_WORDS, err) < 0) {
			char inner[sizeof(err->what)];

			snprintf(inner, sizeof(inner), "%s", err->what);
			return set_error(err, where, "server_flags: %s", inner);
		}
		return copy_value(lab->server_flags, sizeof(lab->server_flags), v, k->name, err, where);
	}
	case K_NKEYS:
		break;
	}
	return unknown_key(k->name, err, where);
}

/* Words (command, target, server_flags) read \# as # themselves
 * (lab_split_words); in any other value "\#" is a '#' that starts no
 * comment: it is written so after a space (lab_format). */
static int is_words(const struct lab_key *k)
{
	return k->id == K_COMMAND || k->id == K_TARGET || k->id == K_SERVER_FLAGS;
}

static void unescape_hash(const struct lab_key *k, char *v)
{
	char *o = v;

	if (is_words(k))
		return;
	for (const char *p = v; *p; p++) {
		if (p[0] == '\\' && p[1] == '#')
			p++;
		*o++ = *p;
	}
	*o = '\0';
}

static void trim(char **s, char **e)
{
	while (*s < *e && isspace((unsigned char)**s))
		(*s)++;
	while (*e > *s && isspace((unsigned char)(*e)[-1]))
		(*e)--;
}

/* The requests are named by 'endpoint' or by 'target' lines, not both. */
static int clear_default_targets(struct lab *lab, const struct lab_key *k, struct lab_error *err,
				 const char *where)
{
	unsigned long ep = 1UL << K_ENDPOINT, tg = 1UL << K_TARGET;

	if (k->id == K_ENDPOINT && (lab->seen_mask & tg))
		return set_error(err, where, "endpoint: the targets are named already (line %d); endpoint "
				 "is the short form of one 'target = GET PATH': use one or the other",
				 lab->seen_line[K_TARGET]);
	if (k->id == K_TARGET && (lab->seen_mask & ep))
		return set_error(err, where, "target: the endpoint is named already (line %d); endpoint "
				 "is the short form of one 'target = GET PATH': use one or the other",
				 lab->seen_line[K_ENDPOINT]);
	if (k->id == K_TARGET && !(lab->seen_mask & tg))
		lab->ntargets = 0; /* the first target replaces the default */
	if (k->id == K_HEADER && !(lab->seen_mask & (1UL << K_HEADER)))
		lab->nheaders = 0;
	return 0;
}

int lab_parse(struct lab *lab, const char *text, size_t len, const char *path, struct lab_error *err)
{
	const char *p = text, *end = text + len;
	int lineno = 0;

	lab->seen_mask = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		char line[1024], where[300], *s, *e, *eq, *ks, *ke, *vs, *ve, b[64];
		const struct lab_key *k;
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
			return set_error(err, where, "expected 'key = value', got '%s'", shown(s, b, sizeof(b)));
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
		if (!*ks) {
			*ke = '=';
			return set_error(err, where, "'%s': a value with no key before the '='", shown(ks, b, sizeof(b)));
		}
		if (!(k = find_key(ks)))
			return unknown_key(ks, err, where);
		unescape_hash(k, vs);
		if (!k->repeatable && (lab->seen_mask & (1UL << k->id)))
			return set_error(err, where, "'%s' is set twice (first on line %d)", ks,
					 lab->seen_line[k->id]);
		if (clear_default_targets(lab, k, err, where) < 0)
			return -1;
		if (set_key(lab, k, vs, err, where) < 0)
			return -1;
		if (!(lab->seen_mask & (1UL << k->id)))
			lab->seen_line[k->id] = lineno;
		lab->seen_mask |= 1UL << k->id;
		lab->keys_set++;
	}
	return 0;
}

int lab_set(struct lab *lab, const char *assignment, struct lab_error *err)
{
	char buf[1024], *eq, *ks, *ke, *vs, *ve, where[80], b[64];
	const struct lab_key *k;

	snprintf(where, sizeof(where), "--set '%s'", shown(assignment, b, sizeof(b)));
	if (strlen(assignment) >= sizeof(buf))
		return set_error(err, where, "longer than %zu characters", sizeof(buf) - 1);
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
	if (!(k = find_key(ks)))
		return unknown_key(ks, err, where);
	unescape_hash(k, vs);
	/* An override replaces: the first --set of a list starts it anew, and
	 * endpoint and target replace each other. */
	if ((k->id == K_TARGET || k->id == K_ENDPOINT) && !(lab->set_mask & (1UL << K_TARGET))) {
		lab->ntargets = 0;
		lab->set_mask |= 1UL << K_TARGET;
	}
	if (k->id == K_HEADER && !(lab->set_mask & (1UL << K_HEADER))) {
		lab->nheaders = 0;
		lab->set_mask |= 1UL << K_HEADER;
	}
	if (k->id == K_ENV && !(lab->set_mask & (1UL << K_ENV))) {
		lab->nenv = 0;
		lab->set_mask |= 1UL << K_ENV;
	}
	if (set_key(lab, k, vs, err, where) < 0)
		return -1;
	lab->keys_set++;
	return 0;
}

/* ---------------------------------------------------------------- text */

static const char *duration_text(double ms, char *buf, size_t len)
{
	if (ms >= 1000 && ms == (double)(long)(ms / 1000) * 1000)
		snprintf(buf, len, "%lds", (long)(ms / 1000));
	else
		snprintf(buf, len, "%gms", ms);
	return buf;
}

/* One word as lab_split_words reads it back: as it is when it can be,
 * else in single quotes ('\'' for a quote inside). */
static void put_word(struct textbuf *o, const char *w)
{
	int plain = *w != '\0';

	for (const char *c = w; *c; c++)
		if (*c == ' ' || *c == '\t' || *c == '\'' || *c == '"' || *c == '\\' || *c == '#')
			plain = 0;
	if (plain) {
		textbuf_printf(o, "%s", w);
		return;
	}
	textbuf_printf(o, "'");
	for (const char *c = w; *c; c++)
		if (*c == '\'')
			textbuf_printf(o, "'\\''");
		else if (*c == '#' && (c == w || isspace((unsigned char)c[-1])))
			textbuf_printf(o, "'\\#'");	/* " #" would start a comment (any space: see lab_parse) */
		else
			textbuf_printf(o, "%c", *c);
	textbuf_printf(o, "'");
}

/* "key = value" of free text, a '#' after a blank written \# so that it
 * starts no comment when read back. */
static void put_text(struct textbuf *o, const char *key, const char *v)
{
	textbuf_printf(o, "%s = ", key);
	for (const char *c = v; *c; c++)
		textbuf_printf(o, "%s%c", *c == '#' && c > v && isspace((unsigned char)c[-1]) ? "\\" : "", *c);
	textbuf_printf(o, "\n");
}

size_t lab_quote_words(char *const *argv, char *buf, size_t len)
{
	struct textbuf o;

	textbuf_init(&o, buf, len);
	for (int i = 0; argv[i]; i++) {
		if (i)
			textbuf_printf(&o, " ");
		put_word(&o, argv[i]);
	}
	return o.used;
}

static int one_plain_get(const struct lab *lab)
{
	const struct lab_target *t = &lab->targets[0];

	return lab->ntargets == 1 && strcmp(t->method, "GET") == 0 && t->weight == 1 && !t->body_file[0];
}

static void format_key(const struct lab *lab, enum key_id id, struct textbuf *o)
{
	char d[32];
	int i;

	switch (id) {
	case K_NAME: put_text(o, "name", lab->name); break;
	case K_TITLE: put_text(o, "title", lab->title); break;
	case K_TITLE_PT:
		if (lab->title_pt[0])
			put_text(o, "title.pt_BR", lab->title_pt);
		break;
	case K_COMMAND:
		if (lab->command[0])
			textbuf_printf(o, "command = %s\n", lab->command);
		break;
	case K_URL:
		if (lab->url[0])
			textbuf_printf(o, "url = %s\n", lab->url);
		break;
	case K_ENDPOINT:
		if (one_plain_get(lab))
			textbuf_printf(o, "endpoint = %s\n", lab->targets[0].path);
		break;
	case K_TARGET:
		if (one_plain_get(lab))
			break;
		for (i = 0; i < lab->ntargets; i++) {
			const struct lab_target *t = &lab->targets[i];

			char body[sizeof(t->body_file) + 8];

			textbuf_printf(o, "target = %s ", t->method);
			put_word(o, t->path);
			if (t->weight != 1)
				textbuf_printf(o, " weight=%ld", t->weight);
			if (t->body_file[0]) {
				snprintf(body, sizeof(body), "body=@%s", t->body_file);
				textbuf_printf(o, " ");
				put_word(o, body);
			}
			textbuf_printf(o, "\n");
		}
		break;
	case K_HEADER:
		for (i = 0; i < lab->nheaders; i++)
			put_text(o, "header", lab->headers[i]);
		break;
	case K_RATE: textbuf_printf(o, "rate = %s\n", lab->rate); break;
	case K_TIMEOUT: textbuf_printf(o, "timeout = %ld\n", lab->timeout_ms); break;
	case K_GOMAXPROCS: textbuf_printf(o, "gomaxprocs = %ld\n", lab->gomaxprocs); break;
	case K_SCHEDTRACE: textbuf_printf(o, "schedtrace = %ld\n", lab->schedtrace_ms); break;
	case K_SCHEDDETAIL: textbuf_printf(o, "scheddetail = %s\n", lab->scheddetail ? "on" : "off"); break;
	case K_PROBE: textbuf_printf(o, "probe = %s\n", lab->probe); break;
	case K_PROBE_EVERY:
		textbuf_printf(o, "probe_every = %s\n", duration_text(lab->probe_every_ms, d, sizeof(d)));
		break;
	case K_SAMPLE_EVERY:
		textbuf_printf(o, "sample_every = %s\n", duration_text(lab->sample_every_ms, d, sizeof(d)));
		break;
	case K_DURATION:
		if (lab->duration_ms > 0)
			textbuf_printf(o, "duration = %s\n", duration_text(lab->duration_ms, d, sizeof(d)));
		break;
	case K_READY_TIMEOUT:
		textbuf_printf(o, "ready_timeout = %s\n", duration_text(lab->ready_timeout_ms, d, sizeof(d)));
		break;
	case K_SERVER_FLAGS:
		if (lab->server_flags[0])
			textbuf_printf(o, "server_flags = %s\n", lab->server_flags);
		break;
	case K_VERDICT:
		if (lab->verdict_hidden)
			textbuf_printf(o, "verdict = hidden\n");
		break;
	case K_PPROF:
		if (lab->pprof[0])
			textbuf_printf(o, "pprof = %s\n", lab->pprof);
		break;
	case K_ENV:
		for (i = 0; i < lab->nenv; i++)
			put_text(o, "env", lab->env[i]);
		break;
	case K_EXPECTED:
		if (lab->expected[0])
			textbuf_printf(o, "expected = %s\n", lab->expected);
		break;
	case K_STUDENT:
		if (lab->student[0])
			put_text(o, "student", lab->student);
		break;
	case K_NKEYS:
		break;
	}
}

size_t lab_format(const struct lab *lab, char *buf, size_t len)
{
	struct textbuf o;

	textbuf_init(&o, buf, len);
	for (size_t i = 0; i < NKEYS; i++)
		format_key(lab, keys[i].id, &o);
	return o.used;
}

const char *lab_title(const struct lab *lab)
{
	return i18n_pt() && lab->title_pt[0] ? lab->title_pt : lab->title;
}

size_t lab_keys_help(char *buf, size_t len)
{
	struct textbuf o;

	textbuf_init(&o, buf, len);
	for (size_t i = 0; i < NKEYS; i++)
		textbuf_printf(&o, "  %-14s %s\n", keys[i].name, _(keys[i].help));
	return o.used;
}

void lab_describe_targets(const struct lab *lab, char *buf, size_t len)
{
	const struct lab_target *t = &lab->targets[0];

	if (lab->ntargets > 1)
		snprintf(buf, len, "%d kinds of request", lab->ntargets);
	else if (strcmp(t->method, "GET") == 0)
		snprintf(buf, len, "%s", t->path);
	else
		snprintf(buf, len, "%s %s", t->method, t->path);
}

void lab_describe_targets_shown(const struct lab *lab, char *buf, size_t len)
{
	if (lab->ntargets > 1)
		snprintf(buf, len, _n("%d kind of request", "%d kinds of request", (unsigned long)lab->ntargets),
			 lab->ntargets);
	else
		lab_describe_targets(lab, buf, len);
}

void lab_target_label(const struct lab_target *t, char *buf, size_t len)
{
	/* Two targets may differ only by their body: say which. */
	snprintf(buf, len, "%s %s%s%s", t->method, t->path, t->body_file[0] ? " @" : "", t->body_file);
}
