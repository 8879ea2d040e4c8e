/* test_pprof.c - goroutine profiles: totals, idle connections, leak sites */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pprof.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(1 << 20);

	if (!f)
		fail_msg("cannot open %s (run from the top directory)", path);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void totals_of_both_profiles(void **state)
{
	(void)state;
	long t;

	assert_int_equal(pprof_total("goroutine profile: total 38\n1 @ 0x1\n", 36, "goroutine", &t), 0);
	assert_int_equal(t, 38);
	assert_int_equal(pprof_total("goroutineleak profile: total 40\n", 32, "goroutineleak", &t), 0);
	assert_int_equal(t, 40);
	assert_int_equal(pprof_total("goroutine profile: total 38", 27, "goroutine", &t), 0);
	assert_int_equal(pprof_total("goroutine profile: total x\n", 27, "goroutine", &t), -1);
	assert_int_equal(pprof_total("goroutine profile: total 38x\n", 29, "goroutine", &t), -1);
	assert_int_equal(pprof_total("404 page not found\n", 19, "goroutine", &t), -1);
	assert_int_equal(pprof_total("goroutine profile: total 3", 20, "goroutine", &t), -1);
	assert_int_equal(pprof_total("", 0, "goroutine", &t), -1);
}

static void whose_code_a_function_is(void **state)
{
	(void)state;
	static const char *const user[] = {
		"main.leakChan.func1", "main.main", "example.com/shop.(*S).Buy", "github.com/a/b/c.F",
		"gopkg.in/yaml.v3.Unmarshal", "shop/internal/orders.(*Svc).reserve", "leaklab/leakserver.x",
	};
	static const char *const std[] = {
		"runtime.gopark", "net/http.(*conn).serve", "sync.(*Mutex).Lock", "internal/poll.(*FD).Read",
		"runtime/pprof.writeGoroutine", "vendor/golang.org/x/net/http2.x", "type:.eq.main.T", "time.Sleep",
		"net.(*conn).Read", "context.WithCancel.func1",
	};
	for (size_t i = 0; i < sizeof(user) / sizeof(user[0]); i++)
		if (!pprof_is_user_func(user[i], strlen(user[i])))
			fail_msg("%s is the user's", user[i]);
	for (size_t i = 0; i < sizeof(std) / sizeof(std[0]); i++)
		if (pprof_is_user_func(std[i], strlen(std[i])))
			fail_msg("%s is not the user's", std[i]);
}

/* The server's idle keep-alive connections: stdlib only, conn.serve. */
#define IDLE_CONN \
	"400 @ 0x1 0x2\n" \
	"#\t0x1\tinternal/poll.runtime_pollWait+0x85\t/go/src/runtime/netpoll.go:351\n" \
	"#\t0x2\tnet/http.(*connReader).backgroundRead+0x3f\t/go/src/net/http/server.go:690\n" \
	"#\t0x3\tnet/http.(*conn).serve+0x1f5\t/go/src/net/http/server.go:2100\n\n"
#define SERVER_MAIN \
	"1 @ 0x1 0x2\n" \
	"#\t0x1\tnet/http.(*Server).Serve+0x3f\t/go/src/net/http/server.go:3300\n" \
	"#\t0x2\tmain.run+0x739\t\t/x/main.go:288\n" \
	"#\t0x3\tmain.main+0x6b\t\t/x/main.go:292\n\n"

static void idle_connections_are_counted_apart(void **state)
{
	(void)state;
	const char p[] = "goroutine profile: total 401\n" IDLE_CONN SERVER_MAIN;
	struct pprof_counts c;

	assert_int_equal(pprof_count(p, sizeof(p) - 1, &c), 0);
	assert_int_equal(c.total, 401);
	assert_int_equal(c.idle_conns, 400);
	assert_int_equal(pprof_count("nope", 4, &c), -1);
}

/* The false verdict of a burst into /fixed: 400 idle connections grew, the
 * program's code did not. Nothing grew that is a leak; main.run never is. */
static void a_burst_of_connections_is_no_leak_site(void **state)
{
	(void)state;
	const char base[] = "goroutine profile: total 1\n" SERVER_MAIN;
	const char final[] = "goroutine profile: total 401\n" IDLE_CONN SERVER_MAIN;
	struct pprof_site s;

	assert_int_equal(pprof_top_growth(base, sizeof(base) - 1, final, sizeof(final) - 1, NULL, 0, 3, &s), -1);
	/* Without a baseline main.run counts once: under the floor. */
	assert_int_equal(pprof_top_growth(NULL, 0, final, sizeof(final) - 1, NULL, 0, 3, &s), -1);
}

static void real_profiles_name_the_leaking_function(void **state)
{
	(void)state;
	struct pprof_site s;
	size_t len;
	char *p = slurp("tests/fixtures/go1.26-pprof-goroutine-leakchan30.txt", &len);

	assert_int_equal(pprof_top_growth(NULL, 0, p, len, NULL, 0, 3, &s), 0);
	assert_string_equal(s.text, "main.leakChan.func1 (main.go:98)");
	assert_int_equal(s.count, 30);
	assert_int_equal(s.user, 1);
	free(p);
	p = slurp("tests/fixtures/go1.26-pprof-goroutine-leakcpu19.txt", &len);
	assert_int_equal(pprof_top_growth(NULL, 0, p, len, NULL, 0, 3, &s), 0);
	/* 19 at line 89, and 1 preempted at its first instruction, which the
	 * runtime reports as line 1: one site, the real line. */
	assert_string_equal(s.text, "main.leakCPU.func1 (main.go:89)");
	assert_int_equal(s.count, 20);
	free(p);
}

/* Growth is measured from the first profile; the goroutineleak profile's
 * waiters are left out when the spinners are asked for. The waiters grew
 * most (20 against 10), so only the unlisted profile makes spin the top. */
static void growth_and_the_unlisted(void **state)
{
	(void)state;
	const char base[] = "goroutine profile: total 2\n" SERVER_MAIN
		"1 @ 0x9\n#\t0x9\tmain.spin.func1+0x1\t/x/main.go:10\n\n";
	const char final[] = "goroutine profile: total 32\n" SERVER_MAIN
		"11 @ 0x9\n#\t0x9\tmain.spin.func1+0x1\t/x/main.go:10\n\n"
		"20 @ 0x8\n#\t0x1\truntime.gopark+0x1\t/go/proc.go:1\n#\t0x8\tmain.wait.func1+0x1\t/x/main.go:20\n\n";
	const char leak[] = "goroutineleak profile: total 20\n"
		"20 @ 0x8\n#\t0x1\truntime.gopark+0x1\t/go/proc.go:1\n#\t0x8\tmain.wait.func1+0x1\t/x/main.go:20\n\n";
	const char leak5[] = "goroutineleak profile: total 5\n"
		"5 @ 0x8\n#\t0x1\truntime.gopark+0x1\t/go/proc.go:1\n#\t0x8\tmain.wait.func1+0x1\t/x/main.go:20\n\n";
	struct pprof_site s;

	assert_int_equal(pprof_top_growth(base, sizeof(base) - 1, final, sizeof(final) - 1, NULL, 0, 3, &s), 0);
	assert_string_equal(s.text, "main.wait.func1 (main.go:20)");
	assert_int_equal(s.growth, 20);
	assert_int_equal(s.count, 20);
	assert_int_equal(pprof_top_growth(base, sizeof(base) - 1, final, sizeof(final) - 1, leak,
					  sizeof(leak) - 1, 3, &s), 0);
	assert_string_equal(s.text, "main.spin.func1 (main.go:10)");
	assert_int_equal(s.growth, 10);
	assert_int_equal(s.count, 11);
	assert_int_equal(pprof_top_site(leak, sizeof(leak) - 1, &s), 0);
	assert_string_equal(s.text, "main.wait.func1 (main.go:20)");
	assert_int_equal(s.count, 20);
	/* A profile that lists 5 of the 20 leaves 15 of them as growth. */
	assert_int_equal(pprof_top_growth(base, sizeof(base) - 1, final, sizeof(final) - 1, leak5,
					  sizeof(leak5) - 1, 3, &s), 0);
	assert_string_equal(s.text, "main.wait.func1 (main.go:20)");
	assert_int_equal(s.growth, 15);
	assert_int_equal(s.count, 20);
}

/* No user frame at all (a response body never closed): the goroutine's
 * own function names it. */
static void stdlib_only_leaks_are_named_by_their_function(void **state)
{
	(void)state;
	const char final[] = "goroutine profile: total 12\n"
		"6 @ 0x1\n#\t0x1\truntime.gopark+0x1\t/go/proc.go:1\n"
		"#\t0x2\tnet/http.(*persistConn).readLoop+0x1\t/go/src/net/http/transport.go:2166\n\n"
		"6 @ 0x2\n#\t0x1\truntime.gopark+0x1\t/go/proc.go:1\n"
		"#\t0x2\tnet/http.(*persistConn).writeLoop+0x1\t/go/src/net/http/transport.go:2500\n\n";
	struct pprof_site s;

	assert_int_equal(pprof_top_growth(NULL, 0, final, sizeof(final) - 1, NULL, 0, 3, &s), 0);
	assert_int_equal(s.user, 0);
	assert_non_null(strstr(s.text, "net/http.(*persistConn)."));
}

/* ---------------------------------------------- debug=2: each goroutine */

struct seen {
	int n;
	struct pprof_goroutine g[64];
};

static void keep(void *ud, const struct pprof_goroutine *g)
{
	struct seen *s = ud;

	if (s->n < 64)
		s->g[s->n++] = *g;
}

static const char full[] =
	"goroutine 50 [running]:\n"
	"runtime/pprof.writeGoroutineStacks({0x799d20, 0xc0001})\n"
	"\t/usr/local/go/src/runtime/pprof/pprof.go:819 +0x6b\n"
	"runtime/pprof.writeGoroutine({0x799d20?, 0xc0001?}, 0x2?)\n"
	"\t/usr/local/go/src/runtime/pprof/pprof.go:782 +0x25\n"
	"net/http.(*conn).serve(0xc0002, {0x79c748, 0xc0003})\n"
	"\t/usr/local/go/src/net/http/server.go:2067 +0x690\n"
	"created by net/http.(*Server).Serve in goroutine 8\n"
	"\t/usr/local/go/src/net/http/server.go:3454 +0x485\n"
	"\n"
	"goroutine 13 [chan receive (leaked), 3 minutes]:\n"
	"main.waitLocal(0xc0004)\n"
	"\t/src/verdicts/main.go:90 +0x1d\n"
	"created by main.main.func1 in goroutine 12\n"
	"\t/src/verdicts/main.go:212 +0x4f\n"
	"\n"
	"goroutine 21 [select]:\n"
	"net/http.(*persistConn).readLoop(0xc0005)\n"
	"\t/usr/local/go/src/net/http/transport.go:2450 +0xd85\n"
	"created by net/http.(*Transport).dialConn in goroutine 20\n"
	"\t/usr/local/go/src/net/http/transport.go:1947 +0x174c\n"
	"\n"
	"goroutine 30 [chan receive]:\n"
	"example.com/shop/internal/pool.(*Pool).wait(...)\n"
	"\t/src/shop/internal/pool/pool.go:40\n"
	"main.(*api).search.func2()\n"
	"\t/src/shop/main.go:77 +0x30\n"
	"created by main.(*api).search in goroutine 29\n"
	"\t/src/shop/main.go:70 +0x99\n"
	"\n"
	"goroutine 31 [chan receive]:\n"
	"runtime.gopark(0x1, 0x2, 0x3, 0x4, 0x5)\n"
	"\t/usr/local/go/src/runtime/proc.go:435 +0xce\n"
	"golang.org/x/sync/errgroup.(*Group).Wait(0xc0006)\n"
	"\t/root/go/pkg/mod/golang.org/x/sync@v0.7.0/errgroup/errgroup.go:56 +0x25\n"
	"created by main.startWorkers in goroutine 1\n"
	"\t/src/shop/main.go:120 +0x45\n"
	"\n"
	"goroutine 40 [IO wait]:\n"
	"internal/poll.runtime_pollWait(0x7f57, 0x72)\n"
	"\t/usr/local/go/src/runtime/netpoll.go:351 +0x85\n"
	"net/http.(*conn).serve(0xc0007, {0x79c748, 0xc0008})\n"
	"\t/usr/local/go/src/net/http/server.go:2103 +0x7f2\n"
	"created by net/http.(*Server).Serve in goroutine 8\n"
	"\t/usr/local/go/src/net/http/server.go:3454 +0x485\n"
	"\n"
	"goroutine 41 [sleep, 61 minutes]:\n"
	"time.Sleep(0x34630b8a000)\n"
	"\t/usr/local/go/src/runtime/time.go:363 +0x165\n"
	"main.chainLink(0x31, 0x32, 0xc0009, 0xc000a)\n"
	"\t/src/verdicts/main.go:100 +0x78\n"
	"created by main.main.func3 in goroutine 22\n"
	"\t/src/verdicts/main.go:227 +0x6e\n"
	"\n"
	"goroutine 42 [chan receive (nil chan)]:\n"
	"main.nilWait()\n"
	"\t/src/x/main.go:5 +0x1\n"
	"\n";

static void full_profiles_are_read_goroutine_by_goroutine(void **state)
{
	static struct seen s;

	(void)state;
	s.n = 0;
	assert_true(pprof_is_full(full, sizeof(full) - 1));
	assert_int_equal(pprof_each_goroutine(full, sizeof(full) - 1, keep, &s), 8);
	assert_int_equal(s.n, 8);
	/* The one writing this profile. */
	assert_int_equal(s.g[0].own, 1);
	assert_string_equal(s.g[0].state, "running");
	/* Proven leaked, waited 3 minutes; the user's innermost frame. */
	assert_string_equal(s.g[1].state, "chan receive");
	assert_int_equal(s.g[1].leaked, 1);
	assert_int_equal(s.g[1].minutes, 3);
	assert_string_equal(s.g[1].site, "main.waitLocal (main.go");
	assert_int_equal(s.g[1].line, 90);
	assert_int_equal(s.g[1].user, 1);
	assert_int_equal(s.g[1].by_creator, 0);
	/* No user frame: its own function, and what it means. */
	assert_string_equal(s.g[2].site, "net/http.(*persistConn).readLoop (transport.go");
	assert_int_equal(s.g[2].user, 0);
	assert_non_null(s.g[2].meaning);
	assert_non_null(strstr(s.g[2].meaning, "response body was never closed"));
	/* A module's package is the user's code ("example.com/..."): its frame. */
	assert_string_equal(s.g[3].site, "example.com/shop/internal/pool.(*Pool).wait (pool.go");
	assert_int_equal(s.g[3].line, 40);
	/* A module of others' (errgroup) is user code too by this rule. */
	assert_string_equal(s.g[4].site, "golang.org/x/sync/errgroup.(*Group).Wait (errgroup.go");
	/* An idle server connection. */
	assert_int_equal(s.g[5].idle_conn, 1);
	assert_string_equal(s.g[5].state, "IO wait");
	assert_non_null(strstr(s.g[5].meaning, "idle connection"));
	/* Asleep for an hour and more. */
	assert_string_equal(s.g[6].state, "sleep");
	assert_int_equal(s.g[6].minutes, 61);
	assert_non_null(strstr(s.g[6].meaning, "time.Sleep"));
	/* A wait reason with a parenthesis of its own keeps it. */
	assert_string_equal(s.g[7].state, "chan receive (nil chan)");
	assert_int_equal(s.g[7].leaked, 0);
}

static void a_creator_is_the_site_when_no_user_frame_is_on_the_stack(void **state)
{
	static const char p[] =
		"goroutine 7 [chan receive]:\n"
		"net/http.(*Transport).roundTrip(0xc0001)\n"
		"\t/usr/local/go/src/net/http/transport.go:600 +0x1\n"
		"created by main.fetchAll in goroutine 5\n"
		"\t/src/x/main.go:33 +0x2\n"
		"\n"
		/* Go 1.19: "created by F" with no goroutine number. */
		"goroutine 8 [semacquire]:\n"
		"sync.runtime_Semacquire(0xc0002)\n"
		"\t/usr/lib/go-1.19/src/runtime/sema.go:62 +0x25\n"
		"sync.(*WaitGroup).Wait(0xc0003)\n"
		"\t/usr/lib/go-1.19/src/sync/waitgroup.go:139 +0x52\n"
		"created by main.batch\n"
		"\t/src/x/main.go:40 +0x3\n";
	static struct seen s;

	(void)state;
	s.n = 0;
	assert_int_equal(pprof_each_goroutine(p, sizeof(p) - 1, keep, &s), 2);
	assert_string_equal(s.g[0].site, "main.fetchAll (main.go");
	assert_int_equal(s.g[0].line, 33);
	assert_int_equal(s.g[0].by_creator, 1);
	assert_string_equal(s.g[1].site, "main.batch (main.go");
	assert_int_equal(s.g[1].by_creator, 1);
	assert_non_null(strstr(s.g[1].meaning, "WaitGroup"));
}

static void known_waits_say_what_they_mean(void **state)
{
	static const struct {
		const char *funcs[3];
		const char *state, *want;
	} cases[] = {
		{ { "runtime.gopark", "net/http.(*persistConn).readLoop" }, "select", "response body was never closed" },
		{ { "runtime.gopark", "net/http.(*persistConn).writeLoop" }, "select", "response body was never closed" },
		{ { "runtime.gopark", "time.Sleep" }, "sleep", "time.Sleep" },
		{ { "sync.runtime_Semacquire", "sync.(*WaitGroup).Wait" }, "semacquire", "WaitGroup" },
		{ { "sync.runtime_SemacquireMutex", "sync.(*Mutex).Lock" }, "sync.Mutex.Lock", "a mutex nobody unlocks" },
		{ { "sync.(*RWMutex).RLock" }, "sync.RWMutex.RLock", "read-write mutex" },
		{ { "sync.(*Cond).Wait" }, "sync.Cond.Wait", "sync.Cond" },
		{ { "context.(*cancelCtx).Done" }, "chan receive", "context that is never cancelled" },
		{ { "runtime.gopark" }, "sleep", "asleep" },
		{ { "internal/poll.runtime_pollWait", "net/http.(*conn).serve" }, "IO wait", "idle connection" },
		{ { "runtime.gopark", "net/http.(*conn).serve" }, "chan receive", "handler never returned" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = 0;
		const char *m;

		while (n < 3 && cases[i].funcs[n])
			n++;
		m = pprof_meaning(cases[i].funcs, n, cases[i].state);
		if (!m || !strstr(m, cases[i].want))
			fail_msg("case %zu: %s", i, m ? m : "(none)");
	}
	/* Nothing known: nothing said. */
	{
		const char *f[] = { "runtime.gopark", "main.wait" };

		assert_null(pprof_meaning(f, 2, "chan receive"));
	}
}

static void real_full_profiles(void **state)
{
	static struct seen s;
	size_t len;
	char *p = slurp("tests/fixtures/go1.26-pprof-full-local12.txt", &len);
	int leaked = 0, own = 0;

	(void)state;
	s.n = 0;
	assert_true(pprof_each_goroutine(p, len, keep, &s) > 12);
	for (int i = 0; i < s.n; i++) {
		if (s.g[i].leaked) {
			leaked++;
			assert_string_equal(s.g[i].site, "main.waitLocal (main.go");
		}
		own += s.g[i].own;
	}
	assert_int_equal(leaked, 12);
	assert_int_equal(own, 1);
	free(p);

	p = slurp("tests/fixtures/go1.19-pprof-full-body12.txt", &len);
	{
		int read = 0, write = 0, idle = 0;

		s.n = 0;
		pprof_each_goroutine(p, len, keep, &s);
		for (int i = 0; i < s.n; i++) {
			read += strncmp(s.g[i].site, "net/http.(*persistConn).readLoop", 32) == 0;
			write += strncmp(s.g[i].site, "net/http.(*persistConn).writeLoop", 33) == 0;
			idle += s.g[i].idle_conn;
			if (strncmp(s.g[i].site, "net/http.(*persistConn)", 23) == 0)
				assert_non_null(s.g[i].meaning);
		}
		assert_int_equal(read, 12);
		assert_int_equal(write, 12);
		assert_true(idle >= 12);
	}
	free(p);
	/* A debug=1 profile is not a full one. */
	p = slurp("tests/fixtures/go1.26-pprof-goroutine-leakchan30.txt", &len);
	assert_false(pprof_is_full(p, len));
	assert_int_equal(pprof_each_goroutine(p, len, keep, &s), -1);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(totals_of_both_profiles),
		cmocka_unit_test(whose_code_a_function_is),
		cmocka_unit_test(idle_connections_are_counted_apart),
		cmocka_unit_test(a_burst_of_connections_is_no_leak_site),
		cmocka_unit_test(real_profiles_name_the_leaking_function),
		cmocka_unit_test(growth_and_the_unlisted),
		cmocka_unit_test(stdlib_only_leaks_are_named_by_their_function),
		cmocka_unit_test(full_profiles_are_read_goroutine_by_goroutine),
		cmocka_unit_test(a_creator_is_the_site_when_no_user_frame_is_on_the_stack),
		cmocka_unit_test(known_waits_say_what_they_mean),
		cmocka_unit_test(real_full_profiles),
	};
	return cmocka_run_group_tests_name("pprof", tests, NULL, NULL);
}
