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
	};
	return cmocka_run_group_tests_name("pprof", tests, NULL, NULL);
}
