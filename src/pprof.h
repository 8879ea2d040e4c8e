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

#endif
