/* pprof.h - read the text of Go's pprof profiles (debug=1) (pure) */
#ifndef LEAKLAB_PPROF_H
#define LEAKLAB_PPROF_H

#include <stddef.h>

/*
 * "goroutine profile: total N" (kind "goroutine"), "goroutineleak profile:
 * total N" (kind "goroutineleak"): is text such a profile, and its N?
 * Returns 0 with *total set, or -1.
 */
int pprof_total(const char *text, size_t len, const char *kind, long *total);

/* Is a function name from the program's own code (or a module it uses),
 * not the runtime's or the standard library's? "main.leak" and
 * "example.com/shop.(*S).Buy" are; "runtime.gopark", "net/http.(*conn).serve"
 * and "sync.(*Mutex).Lock" are not. */
int pprof_is_user_func(const char *func, size_t len);

/* Counts of a goroutine profile: its total, and the goroutines of the HTTP
 * server waiting on a connection with no request of the program's code on
 * their stack (net/http.(*conn).serve and nothing of the user's): the load
 * generator's own idle keep-alive connections, never a leak. */
struct pprof_counts {
	long total;
	long idle_conns;
	long own;           /* the goroutine writing this very profile (runtime/pprof on its stack) */
};

/* Returns 0, or -1 when text is not a goroutine profile. */
int pprof_count(const char *text, size_t len, struct pprof_counts *c);

/* Where goroutines wait: the innermost frame of the user's code, else the
 * goroutine's own function (the outermost frame). */
struct pprof_site {
	char text[256];       /* "main.leakChan.func1 (main.go:98)" */
	int user;             /* the site is the user's code */
	long count;           /* goroutines there in the later profile */
	long growth;          /* ... minus those in the earlier one */
};

/*
 * The site whose goroutines grew most from profile base to profile final
 * (base may be NULL: then every goroutine is growth), leaving out the idle
 * connections above and, when unlisted is given, the goroutines that
 * profile lists (the goroutineleak profile: what is left are spinners).
 * A site in the user's code wins over one that is not. Returns 0 with
 * *out set (growth: net of base and unlisted) when some site grew by at
 * least min_growth, else -1.
 */
int pprof_top_growth(const char *base, size_t blen, const char *final, size_t flen,
		     const char *unlisted, size_t ulen, long min_growth, struct pprof_site *out);

/* The site with the most goroutines of one profile (the goroutineleak
 * profile lists only proven leaks). Returns 0, or -1 when it has none. */
int pprof_top_site(const char *text, size_t len, struct pprof_site *out);

/* ---------------------------------------------- debug=2: each goroutine */

/* One goroutine of a debug=2 goroutine profile ("goroutine 7 [chan
 * receive, 3 minutes]:", its frames, "created by ..."). */
struct pprof_goroutine {
	char state[64];       /* "chan receive", "running", "sleep", "IO wait", ... */
	long minutes;         /* how long it has waited, once the runtime says (>= 1); 0 */
	int leaked;           /* "(leaked)": proven by the goroutineleak profile (Go >= 1.26) */
	char site[224];       /* where it waits, as the sites above ("main.wait (main.go"): */
	long line;            /*   the innermost frame of the user's code, else its */
	int user;             /*   creator's ("created by"), else its outermost frame */
	int by_creator;       /* the site is the user's frame that created it (none on its stack) */
	const char *meaning;  /* a standard-library wait known by name, in words; or NULL */
	int idle_conn;        /* the HTTP server's, on a connection, with no user frame */
	int own;              /* writing this profile */
};

/* Is text a debug=2 goroutine profile (it starts "goroutine N [")? */
int pprof_is_full(const char *text, size_t len);

/*
 * Call fn for each goroutine of a debug=2 profile, in order. Returns how
 * many, or -1 when text is not one. Pure; no allocation.
 */
long pprof_each_goroutine(const char *text, size_t len,
			  void (*fn)(void *ud, const struct pprof_goroutine *g), void *ud);

/* The words for a wait the standard library is known for, from a
 * goroutine's function names (innermost first) and its state: an HTTP
 * response body never closed (persistConn), a sleep, a WaitGroup, a
 * mutex, a context, a server connection; NULL when none is known. */
const char *pprof_meaning(const char *const *funcs, int nfuncs, const char *state);

#endif
