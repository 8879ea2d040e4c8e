/* program_env.c - argv and environment of the program under test (pure) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program_env.h"

int program_is_go_run(char *const *argv)
{
	const char *base;

	if (!argv || !argv[0])
		return 0;
	base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	return strcmp(base, "go") == 0 && argv[1] && strcmp(argv[1], "run") == 0;
}

char *program_name(char *const *argv, char *out, size_t len)
{
	const char *base = strrchr(argv[0], '/');
	size_t n;

	base = base ? base + 1 : argv[0];
	n = strlen(base);
	if (strcmp(base, "go") == 0) {
		/* "go run [flags] ./cmd/shop/": the package's last element. */
		base = "own-program";
		n = strlen(base);
		for (int i = 2; argv[1] && strcmp(argv[1], "run") == 0 && argv[i]; i++)
			if (argv[i][0] != '-') {
				const char *pkg = argv[i], *slash;
				size_t pl = strlen(pkg);

				while (pl > 1 && pkg[pl - 1] == '/')
					pl--;
				for (slash = pkg + pl; slash > pkg && slash[-1] != '/'; slash--)
					;
				if (slash < pkg + pl && *slash != '.') {
					base = slash;
					n = (size_t)(pkg + pl - slash);
				}
				break;
			}
	}
	/* "my.service" is "my"; ".hidden" has no name before its dot. */
	if (memchr(base, '.', n))
		n = (size_t)((const char *)memchr(base, '.', n) - base);
	if (n)
		snprintf(out, len, "%.*s", (int)n, base);
	else
		snprintf(out, len, "program");
	for (char *c = out; *c; c++)
		if (!(*c >= 'a' && *c <= 'z') && !(*c >= 'A' && *c <= 'Z') && !(*c >= '0' && *c <= '9') && *c != '-')
			*c = '_';
	return out;
}

/* ------------------------------------------------------------- helpers */

/* The strings given, one after another, in a new string; NULL ends them. */
static char *concat(const char *first, ...)
{
	va_list ap;
	size_t n = 0;
	const char *p;
	char *s;

	va_start(ap, first);
	for (p = first; p; p = va_arg(ap, const char *))
		n += strlen(p);
	va_end(ap);
	if (!(s = malloc(n + 1)))
		return NULL;
	n = 0;
	va_start(ap, first);
	for (p = first; p; p = va_arg(ap, const char *)) {
		memcpy(s + n, p, strlen(p));
		n += strlen(p);
	}
	va_end(ap);
	s[n] = '\0';
	return s;
}

/* Does the "KEY=..." entry e have key k (k ending at its '=' or NUL)? */
static int has_key(const char *e, const char *k)
{
	size_t n = strcspn(k, "=");

	return strncmp(e, k, n) == 0 && e[n] == '=';
}

/* The value of key in list (the last one wins), or NULL. */
static const char *value_of(char *const *list, const char *key)
{
	const char *v = NULL;

	for (size_t i = 0; list && list[i]; i++)
		if (has_key(list[i], key))
			v = list[i] + strlen(key) + 1;
	return v;
}

/*
 * word with $PORT, ${PORT}, $ADDR and ${ADDR} replaced (a name followed by
 * a letter, digit or '_' is another name: "$PORTS" stays). A new string.
 */
static char *expand(const char *word, const char *port, const char *addr)
{
	static const struct { const char *name; int braces; } names[] = {
		{ "PORT", 0 }, { "PORT", 1 }, { "ADDR", 0 }, { "ADDR", 1 },
	};
	size_t cap = strlen(word) + 1, n = 0;
	char *out;
	const char *p = word;

	/* Each replacement grows the word by at most the address's length. */
	for (const char *q = word; *q; q++)
		if (*q == '$')
			cap += strlen(addr) + strlen(port);
	if (!(out = malloc(cap)))
		return NULL;
	while (*p) {
		size_t i, k = 0;
		const char *v = NULL;

		if (*p == '$')
			for (i = 0; i < sizeof(names) / sizeof(names[0]) && !v; i++) {
				const char *nm = names[i].name;
				size_t nl = strlen(nm);

				if (names[i].braces && p[1] == '{' && strncmp(p + 2, nm, nl) == 0 && p[2 + nl] == '}')
					k = nl + 3;
				else if (!names[i].braces && strncmp(p + 1, nm, nl) == 0 &&
					 !(p[1 + nl] == '_' || (p[1 + nl] >= 'A' && p[1 + nl] <= 'Z') ||
					   (p[1 + nl] >= 'a' && p[1 + nl] <= 'z') || (p[1 + nl] >= '0' && p[1 + nl] <= '9')))
					k = nl + 1;
				else
					continue;
				v = nm[0] == 'P' ? port : addr;
			}
		if (v) {
			memcpy(out + n, v, strlen(v));
			n += strlen(v);
			p += k;
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
	return out;
}

void program_env_free(struct program_env *e)
{
	for (size_t i = 0; i < e->nwords; i++)
		free(e->words[i]);
	free(e->words);
	free(e->argv);
	free(e->envp);
	free(e->godebug);
	free(e->gomaxprocs);
	free(e->port);
	free(e->addr);
	free(e->wrapper);
	memset(e, 0, sizeof(*e));
}

/* The program's words, $PORT and $ADDR replaced for a program of the user's. */
static int build_words(struct program_env *e, const struct program_env_opts *o, const char *port,
		       const char *addr)
{
	size_t n = 0;

	while (o->argv[n])
		n++;
	if (!(e->words = calloc(n + 1, sizeof(*e->words))))
		return -1;
	for (size_t i = 0; i < n; i++) {
		e->words[i] = o->bundled || !o->port ? strdup(o->argv[i]) : expand(o->argv[i], port, addr);
		if (!e->words[i])
			return -1;
		e->nwords = i + 1;
	}
	return 0;
}

/* Does the go run command line have an -exec of the user's? */
static int has_exec(char *const *argv)
{
	for (size_t i = 0; argv[i]; i++)
		if (strcmp(argv[i], "-exec") == 0 || strncmp(argv[i], "-exec=", 6) == 0 ||
		    strncmp(argv[i], "--exec", 6) == 0)
			return 1;
	return 0;
}

int program_env_build(struct program_env *e, const struct program_env_opts *o)
{
	const char *user = value_of(o->extra, "GODEBUG"), *host = o->host ? o->host : "127.0.0.1";
	char trace[80], num[32], portnum[16];
	size_t n = 0, k = 0, i;
	int give_port = o->port && !o->bundled, go_run = !o->bundled && program_is_go_run(o->argv);
	/* Who gets GODEBUG and GOMAXPROCS: the program, or (go run) only the
	 * program go builds, through -exec; a user's own -exec: everything. */
	int wrap = go_run && !has_exec(o->argv);

	memset(e, 0, sizeof(*e));
	if (!user)
		user = value_of(o->environ, "GODEBUG");
	snprintf(trace, sizeof(trace), "schedtrace=%ld%s", o->schedtrace_ms, o->scheddetail ? ",scheddetail=1" : "");
	snprintf(num, sizeof(num), "%ld", o->gomaxprocs);
	snprintf(portnum, sizeof(portnum), "%d", o->port);
	/* Added to the user's GODEBUG, never replacing it: the last setting wins. */
	e->godebug = user && *user ? concat("GODEBUG=", user, ",", trace, (char *)NULL)
				   : concat("GODEBUG=", trace, (char *)NULL);
	e->gomaxprocs = concat("GOMAXPROCS=", num, (char *)NULL);
	e->port = concat("PORT=", portnum, (char *)NULL);
	e->addr = concat("ADDR=", host, ":", portnum, (char *)NULL);
	if (!e->godebug || !e->gomaxprocs || !e->port || !e->addr)
		goto fail;
	if (build_words(e, o, portnum, e->addr + strlen("ADDR=")) < 0)
		goto fail;

	/* The environment: leaklab's, less what is set here, then the lab's
	 * env lines (GODEBUG merged above), then ours. */
	while (o->environ && o->environ[n])
		n++;
	for (i = 0; o->extra && o->extra[i]; i++)
		n++;
	if (!(e->envp = calloc(n + 5, sizeof(*e->envp))))
		goto fail;
	for (i = 0; o->environ && o->environ[i]; i++) {
		const char *v = o->environ[i];

		if (!wrap && (has_key(v, "GODEBUG") || has_key(v, "GOMAXPROCS")))
			continue;
		if (give_port && (has_key(v, "PORT") || has_key(v, "ADDR")))
			continue;
		if (value_of(o->extra, v))
			continue; /* the lab's env line wins */
		e->envp[k++] = (char *)v;
	}
	for (i = 0; o->extra && o->extra[i]; i++)
		if (!has_key(o->extra[i], "GODEBUG"))
			e->envp[k++] = o->extra[i];
	if (!wrap) {
		e->envp[k++] = e->godebug;
		e->envp[k++] = e->gomaxprocs;
	}
	if (give_port) {
		e->envp[k++] = e->port;
		e->envp[k++] = e->addr;
	}
	e->envp[k] = NULL;

	if (!(e->argv = calloc(e->nwords + 3, sizeof(*e->argv))))
		goto fail;
	k = 0;
	for (i = 0; i < e->nwords; i++) {
		e->argv[k++] = e->words[i];
		if (wrap && i == 1) {
			/* go run -exec 'env GODEBUG=... GOMAXPROCS=N' [build flags] pkg [args] */
			if (!(e->wrapper = concat("env ", e->godebug, " ", e->gomaxprocs, (char *)NULL)))
				goto fail;
			e->argv[k++] = "-exec";
			e->argv[k++] = e->wrapper;
		}
	}
	e->argv[k] = NULL;
	return 0;
fail:
	program_env_free(e);
	return -1;
}
