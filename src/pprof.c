/* pprof.c - goroutine profiles (debug=1 text): totals, idle connections,
 * and where the goroutines that grew are waiting */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "pprof.h"

/* The standard library's top-level packages, Go 1.19 to 1.27 (and what
 * the toolchain vendors): a function in one of these is not the user's. */
static const char *const std_roots[] = {
	"archive", "bufio", "builtin", "bytes", "cmp", "compress", "container", "context", "crypto",
	"database", "debug", "embed", "encoding", "errors", "expvar", "flag", "fmt", "go", "hash",
	"html", "image", "index", "internal", "io", "iter", "log", "maps", "math", "mime", "net",
	"os", "path", "plugin", "reflect", "regexp", "runtime", "slices", "sort", "strconv",
	"strings", "structs", "sync", "syscall", "testing", "text", "time", "type", "unicode",
	"unique", "unsafe", "vendor", "weak",
};

int pprof_is_user_func(const char *func, size_t len)
{
	size_t n = 0, i;

	/* The first element of the package path: up to '/' or '.'. */
	while (n < len && func[n] != '/' && func[n] != '.' && func[n] != ':')
		n++;
	if (n == 0)
		return 0;
	if (n < len && func[n] == '.' && memchr(func, '/', len) &&
	    (size_t)((const char *)memchr(func, '/', len) - func) > n)
		return 1; /* "github.com/...": a dot in the first element: a module */
	for (i = 0; i < sizeof(std_roots) / sizeof(std_roots[0]); i++)
		if (strlen(std_roots[i]) == n && memcmp(std_roots[i], func, n) == 0)
			return 0;
	return 1;
}

int pprof_total(const char *text, size_t len, const char *kind, long *total)
{
	size_t k = strlen(kind), i;
	long v = 0;

	if (len < k + 17 || memcmp(text, kind, k) != 0 || memcmp(text + k, " profile: total ", 16) != 0)
		return -1;
	i = k + 16;
	if (i >= len || text[i] < '0' || text[i] > '9')
		return -1;
	for (; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
		if (v > 100000000L)
			return -1;
		v = v * 10 + (text[i] - '0');
	}
	if (i < len && text[i] != '\n' && text[i] != '\r')
		return -1;
	*total = v;
	return 0;
}

/* ---------------------------------------------------------------- groups */

struct frame {
	const char *func, *file;
	size_t func_len, file_len;
};

/* A site is a function in a file; its line comes from its biggest group
 * (a spinner preempted at its first instruction reports line 1 of the
 * file: the group with a real line is preferred). */
struct group {
	long count;
	int user, idle_conn, own;
	char site[224];        /* "main.leakChan.func1 (main.go" */
	long line;             /* 0: none */
};

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

/* "#\t0x4b5c1d\tmain.leakChan.func1+0x1d\t/x/main.go:98" */
static int parse_frame(const char *p, const char *le, struct frame *f)
{
	const char *a, *b, *plus;

	if (le - p < 3 || p[0] != '#' || p[1] != '\t' || p[2] != '0')
		return -1;
	if (!(a = memchr(p + 2, '\t', (size_t)(le - p - 2))))
		return -1;
	a++;
	b = memchr(a, '\t', (size_t)(le - a));
	if (!b)
		b = le;
	/* The function ends at its last '+' (the offset) after its first
	 * character; b may be the end of the input: never read it. */
	plus = NULL;
	for (const char *q = b; q > a + 1; q--)
		if (q[-1] == '+') {
			plus = q - 1;
			break;
		}
	f->func = a;
	f->func_len = (size_t)((plus ? plus : b) - a);
	f->file = b < le ? b + 1 : le;
	while (f->file < le && *f->file == '\t')
		f->file++;
	f->file_len = (size_t)(le - f->file);
	/* Only the file's base name: paths differ from machine to machine. */
	for (const char *q = f->file; q < le; q++)
		if (*q == '/') {
			f->file_len -= (size_t)(q + 1 - f->file);
			f->file = q + 1;
		}
	return f->func_len ? 0 : -1;
}

static void site_of(struct group *g, const struct frame *f)
{
	const char *colon = f->file_len ? memchr(f->file, ':', f->file_len) : NULL;
	size_t flen = colon ? (size_t)(colon - f->file) : f->file_len;

	g->line = 0;
	if (colon)
		for (const char *q = colon + 1; q < f->file + f->file_len && *q >= '0' && *q <= '9'; q++)
			g->line = g->line * 10 + (*q - '0');
	if (flen)
		snprintf(g->site, sizeof(g->site), "%.*s (%.*s", (int)f->func_len, f->func, (int)flen, f->file);
	else
		snprintf(g->site, sizeof(g->site), "%.*s", (int)f->func_len, f->func);
}

/* The next group of a debug=1 profile: "N @ 0x.." then its frames. */
static int next_group(const char **pp, const char *end, struct group *g)
{
	const char *p = *pp;

	while (p < end) {
		const char *le = line_end(p, end), *q = p;
		long c = 0;
		struct frame f, last;
		int have_last = 0, have_user = 0, serve = 0;

		while (q < le && *q >= '0' && *q <= '9' && c < 1000000000L)
			c = c * 10 + (*q++ - '0');
		if (q == p || le - q < 2 || q[0] != ' ' || q[1] != '@') {
			p = le < end ? le + 1 : end;
			continue;
		}
		p = le < end ? le + 1 : end;
		memset(g, 0, sizeof(*g));
		g->count = c;
		/* Frames, innermost first, until a blank line or the next group. */
		while (p < end && *p == '#') {
			le = line_end(p, end);
			if (parse_frame(p, le, &f) == 0) {
				if (!have_user && pprof_is_user_func(f.func, f.func_len)) {
					have_user = 1;
					site_of(g, &f);
				}
				if (f.func_len == 22 && memcmp(f.func, "net/http.(*conn).serve", 22) == 0)
					serve = 1;
				/* The goroutine profile being written: the request asking for it. */
				if (f.func_len == 28 && memcmp(f.func, "runtime/pprof.writeGoroutine", 28) == 0)
					g->own = 1;
				last = f;
				have_last = 1;
			}
			p = le < end ? le + 1 : end;
		}
		g->user = have_user;
		g->idle_conn = serve && !have_user;
		if (!have_user) {
			if (have_last)
				site_of(g, &last);
			else
				snprintf(g->site, sizeof(g->site), "(no frames)");
		}
		*pp = p;
		return 1;
	}
	*pp = end;
	return 0;
}

int pprof_count(const char *text, size_t len, struct pprof_counts *c)
{
	const char *p = text, *end = text + len;
	struct group g;

	c->total = c->idle_conns = c->own = 0;
	if (pprof_total(text, len, "goroutine", &c->total) < 0)
		return -1;
	while (next_group(&p, end, &g)) {
		if (g.idle_conn)
			c->idle_conns += g.count;
		if (g.own)
			c->own += g.count;
	}
	return 0;
}

/* ------------------------------------------------------------------ sites */

#define MAX_SITES 256

struct site {
	char text[224];
	int user;
	long base, final, listed;
	long line, line_count;    /* the line of its biggest group */
};

struct sites {
	struct site s[MAX_SITES];
	int n;
};

enum which { BASE, FINAL, LISTED };

static void add(struct sites *ss, const struct group *g, enum which w)
{
	int i;

	if (g->idle_conn)
		return;
	for (i = 0; i < ss->n; i++)
		if (strcmp(ss->s[i].text, g->site) == 0)
			break;
	if (i == ss->n) {
		if (ss->n == MAX_SITES)
			return;
		memset(&ss->s[i], 0, sizeof(ss->s[i]));
		memcpy(ss->s[i].text, g->site, sizeof(g->site));
		ss->s[i].user = g->user;
		ss->n++;
	}
	if (g->line && (!ss->s[i].line || (g->line > 1 && ss->s[i].line == 1) ||
			((g->line > 1) == (ss->s[i].line > 1) && g->count > ss->s[i].line_count))) {
		ss->s[i].line = g->line;
		ss->s[i].line_count = g->count;
	}
	if (w == FINAL)
		ss->s[i].final += g->count;
	else if (w == BASE)
		ss->s[i].base += g->count;
	else
		ss->s[i].listed += g->count;
}

static void collect(struct sites *ss, const char *text, size_t len, enum which w)
{
	const char *p = text, *end = text + len;
	struct group g;

	while (next_group(&p, end, &g))
		add(ss, &g, w);
}

static void fill(struct pprof_site *out, const struct site *s)
{
	/* Line 1 is no statement in Go: it is what the runtime reports for a
	 * goroutine stopped at its function's first instruction. */
	if (strchr(s->text, '(') && s->line > 1)
		snprintf(out->text, sizeof(out->text), "%s:%ld)", s->text, s->line);
	else if (strchr(s->text, '('))
		snprintf(out->text, sizeof(out->text), "%s)", s->text);
	else
		snprintf(out->text, sizeof(out->text), "%s", s->text);
	out->user = s->user;
	out->count = s->final;
	out->growth = s->final - s->base;
}

int pprof_top_growth(const char *base, size_t blen, const char *final, size_t flen,
		     const char *unlisted, size_t ulen, long min_growth, struct pprof_site *out)
{
	static struct sites ss; /* 70 KB: not for the stack */
	int i, best = -1;
	long best_grew = 0;

	ss.n = 0;
	if (base)
		collect(&ss, base, blen, BASE);
	collect(&ss, final, flen, FINAL);
	if (unlisted)
		collect(&ss, unlisted, ulen, LISTED);
	for (i = 0; i < ss.n; i++) {
		long grew = ss.s[i].final - ss.s[i].base - ss.s[i].listed;

		/* The user's code first: a site there names the leak; the
		 * runtime's own goroutines only when nothing of the user's grew. */
		if (grew < min_growth || grew <= 0)
			continue;
		if (best < 0 || (ss.s[i].user && !ss.s[best].user) ||
		    (ss.s[i].user == ss.s[best].user && grew > best_grew)) {
			best = i;
			best_grew = grew;
		}
	}
	if (best < 0)
		return -1;
	fill(out, &ss.s[best]);
	out->growth = best_grew;
	return 0;
}

int pprof_top_site(const char *text, size_t len, struct pprof_site *out)
{
	static struct sites ss;
	int i, best = -1;

	ss.n = 0;
	collect(&ss, text, len, FINAL);
	for (i = 0; i < ss.n; i++)
		if (ss.s[i].final > 0 && (best < 0 || ss.s[i].final > ss.s[best].final))
			best = i;
	if (best < 0)
		return -1;
	fill(out, &ss.s[best]);
	out->growth = out->count;
	return 0;
}

/* ---------------------------------------------- debug=2: each goroutine */

int pprof_is_full(const char *text, size_t len)
{
	return len >= 12 && memcmp(text, "goroutine ", 10) == 0 && text[10] >= '0' && text[10] <= '9';
}

/* Known waits of the standard library: a function (prefix) on the stack,
 * or a state, and what it means to someone who must fix it. In English
 * (summary.json keeps it so): who prints one for a person translates it
 * with _() (marked N_() here for the catalogue). */
static const struct known {
	const char *func;     /* a function name, or a prefix ending in '.' or '(' */
	const char *state;    /* or a state; NULL: any */
	const char *meaning;
} known[] = {
	{ "net/http.(*persistConn).readLoop", NULL,
	  N_("the HTTP client's goroutine of a connection whose response body was never closed "
	  "(resp.Body.Close() missing)") },
	{ "net/http.(*persistConn).writeLoop", NULL,
	  N_("the HTTP client's goroutine of a connection whose response body was never closed "
	  "(resp.Body.Close() missing)") },
	{ "time.Sleep", NULL, N_("asleep in time.Sleep: it ends when it wakes") },
	{ "sync.(*WaitGroup).Wait", NULL, N_("waiting for a sync.WaitGroup that never reaches zero (a Done missing)") },
	{ "sync.(*Mutex).Lock", NULL, N_("waiting for a mutex nobody unlocks") },
	{ "sync.(*RWMutex).", NULL, N_("waiting for a read-write mutex nobody unlocks") },
	{ "sync.(*Cond).Wait", NULL, N_("waiting on a sync.Cond nobody signals") },
	{ "context.", NULL, N_("waiting for a context that is never cancelled (its cancel func never called)") },
	{ NULL, "sleep", N_("asleep: it ends when it wakes") },
	{ "net/http.(*conn).serve", "IO wait", N_("an HTTP server goroutine of an idle connection (a client keeps it open)") },
	{ "net/http.(*conn).serve", NULL, N_("the HTTP server's goroutine of a request whose handler never returned") },
};

static int func_matches(const char *f, const char *pattern)
{
	size_t n = strlen(pattern);
	char last = pattern[n - 1];

	if (last == '.' || last == '(')
		return strncmp(f, pattern, n) == 0;
	return strcmp(f, pattern) == 0;
}

const char *pprof_meaning(const char *const *funcs, int nfuncs, const char *state)
{
	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
		if (known[k].state && (!state || strcmp(state, known[k].state) != 0))
			continue;
		if (!known[k].func)
			return known[k].meaning;
		for (int i = 0; i < nfuncs; i++)
			if (func_matches(funcs[i], known[k].func))
				return known[k].meaning;
	}
	return NULL;
}

/* "goroutine 7 [chan receive, 3 minutes, locked to thread]:" */
static int read_header(const char *p, const char *le, struct pprof_goroutine *g)
{
	const char *open = memchr(p, '[', (size_t)(le - p)), *close, *q;
	size_t n;

	if (!open || le - p < 12 || memcmp(p, "goroutine ", 10) != 0)
		return -1;
	for (close = le; close > open && close[-1] != ']'; close--)
		;
	if (close <= open + 1)
		return -1;
	close--;
	/* The state runs to the first ", " (minutes, locked, labels follow)
	 * or " (": "chan receive (leaked)", "(scan)". The wait reasons with a
	 * parenthesis of their own ("force gc (idle)", "chan receive (nil
	 * chan)") keep it: only "(leaked)", "(scan)" and "(durable)" are cut. */
	for (q = open + 1; q < close && !(q + 1 < close && q[0] == ',' && q[1] == ' '); q++)
		;
	n = (size_t)(q - open - 1);
	if (n >= 9 && memcmp(open + 1 + n - 9, " (leaked)", 9) == 0) {
		g->leaked = 1;
		n -= 9;
	}
	if (n >= 7 && memcmp(open + 1 + n - 7, " (scan)", 7) == 0)
		n -= 7;
	if (n >= sizeof(g->state))
		n = sizeof(g->state) - 1;
	memcpy(g->state, open + 1, n);
	g->state[n] = '\0';
	for (; q < close; q++)
		if (q + 2 < close && q[0] == ',' && q[1] == ' ' && q[2] >= '0' && q[2] <= '9') {
			long m = 0;

			for (const char *d = q + 2; d < close && *d >= '0' && *d <= '9'; d++)
				m = m * 10 + (*d - '0');
			g->minutes = m;
			break;
		}
	return 0;
}

/* A frame's function: the line less its "(args)" at the end (balanced
 * from the right: "(*conn).serve(0x1, {0x2, 0x3})"). */
static size_t func_len(const char *p, const char *le)
{
	const char *q = le;
	int depth = 0;

	while (q > p && (q[-1] == ' ' || q[-1] == '\r'))
		q--;
	if (q == p || q[-1] != ')')
		return (size_t)(q - p);
	for (; q > p; q--) {
		if (q[-1] == ')')
			depth++;
		else if (q[-1] == '(' && --depth == 0)
			return (size_t)(q - 1 - p);
	}
	return (size_t)(le - p);
}

/* The site of a frame: "func (file" and its line, from "\t/x/main.go:98 +0x25". */
static void full_site(struct pprof_goroutine *g, const char *fn, size_t fl, const char *p, const char *le)
{
	const char *file = p, *colon;
	size_t n;

	while (file < le && *file == '\t')
		file++;
	for (const char *q = file; q < le; q++)
		if (*q == '/')
			file = q + 1;
	colon = memchr(file, ':', (size_t)(le - file));
	n = colon ? (size_t)(colon - file) : 0;
	g->line = 0;
	if (colon)
		for (const char *q = colon + 1; q < le && *q >= '0' && *q <= '9'; q++)
			g->line = g->line * 10 + (*q - '0');
	if (n)
		snprintf(g->site, sizeof(g->site), "%.*s (%.*s", (int)fl, fn, (int)n, file);
	else
		snprintf(g->site, sizeof(g->site), "%.*s", (int)fl, fn);
}

#define MAX_FUNCS 64

long pprof_each_goroutine(const char *text, size_t len,
			  void (*fn)(void *ud, const struct pprof_goroutine *g), void *ud)
{
	const char *p = text, *end = text + len;
	long count = 0;

	if (!pprof_is_full(text, len))
		return -1;
	while (p < end) {
		const char *le = line_end(p, end);
		struct pprof_goroutine g;
		char names[MAX_FUNCS][96];
		const char *funcs[MAX_FUNCS];
		int nfuncs = 0, nstd = -1, have_site = 0, serve = 0;

		memset(&g, 0, sizeof(g));
		if (read_header(p, le, &g) < 0) {
			p = le < end ? le + 1 : end;
			continue;
		}
		p = le < end ? le + 1 : end;
		/* Frames: a function line, then its "\tfile:line" line; then
		 * "created by F in goroutine N" and its file line; a blank line
		 * ends the goroutine. */
		while (p < end && *p != '\n') {
			const char *fl_end = line_end(p, end), *file = fl_end < end ? fl_end + 1 : end;
			const char *file_end = file < end ? line_end(file, end) : end;
			int creator = fl_end - p > 11 && memcmp(p, "created by ", 11) == 0;
			const char *f = creator ? p + 11 : p;
			size_t n;

			if (*p == '\t' || (fl_end - p >= 3 && memcmp(p, "...", 3) == 0)) {
				p = fl_end < end ? fl_end + 1 : end;   /* a stray file line, "...frames elided..." */
				continue;
			}
			if (creator) {
				const char *in = NULL;

				for (const char *q = f; q + 14 <= fl_end; q++)
					if (memcmp(q, " in goroutine ", 14) == 0) {
						in = q;
						break;
					}
				n = (size_t)((in ? in : fl_end) - f);
			} else {
				n = func_len(f, fl_end);
			}
			if (!have_site && pprof_is_user_func(f, n)) {
				full_site(&g, f, n, file, file_end);
				g.user = 1;
				g.by_creator = creator;
				have_site = 1;
				nstd = nfuncs;   /* the frames inside the user's: what it waits on */
			}
			if (!creator && n == 22 && memcmp(f, "net/http.(*conn).serve", 22) == 0)
				serve = 1;
			if (!creator && n >= 28 && memcmp(f, "runtime/pprof.writeGoroutine", 28) == 0)
				g.own = 1;
			if (!creator && nfuncs < MAX_FUNCS) {
				snprintf(names[nfuncs], sizeof(names[0]), "%.*s", (int)n, f);
				funcs[nfuncs] = names[nfuncs];
				nfuncs++;
			}
			/* No user frame: the goroutine's own function, its outermost
			 * (runtime.goexit, under every goroutine, is none). */
			if (!have_site && !creator && !(n == 14 && memcmp(f, "runtime.goexit", 14) == 0))
				full_site(&g, f, n, file, file_end);
			p = file_end < end ? file_end + 1 : end;
		}
		g.idle_conn = serve && !g.user;
		/* What it waits on: the standard library's frames inside the
		 * user's code (all of them when there is none of the user's). */
		g.meaning = pprof_meaning(funcs, nstd >= 0 ? nstd : nfuncs, g.state);
		count++;
		if (fn)
			fn(ud, &g);
		while (p < end && *p == '\n')
			p++;
	}
	return count;
}
