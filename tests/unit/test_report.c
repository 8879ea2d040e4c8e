/* test_report.c - the verdict, its numbers, and the summary texts */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static struct report_input in;
static struct report rep;

/* A run: n requests sent from t=1 s at rate/s; samples every second for
 * secs seconds with queued(k) and goroutines(k) given per second k. */
static void make_run(int sent, double (*queued)(int), double (*gor)(int), int secs)
{
	report_input_free(&in);
	report_input_init(&in);
	snprintf(in.lab_name, sizeof(in.lab_name), "test");
	snprintf(in.endpoint, sizeof(in.endpoint), "/leak");
	in.sent = in.ok = (uint64_t)sent;
	in.scheduled = (uint64_t)sent;
	in.sched_duration_ms = 10000;
	in.first_start_ms = 1000;
	in.last_start_ms = 1000 + (sent - 1) * 100.0;
	for (int k = 0; k <= secs; k++) {
		assert_int_equal(report_add_queued(&in, k * 1000.0, queued(k)), 0);
		assert_int_equal(report_add_goroutines(&in, k * 1000.0, gor(k)), 0);
	}
	in.samples = (uint64_t)secs + 1;
}

/* 10 leaks a second from t=1 for 5 s at GOMAXPROCS=1: one runs, the rest queue. */
static double q_runnable(int k) { return k < 1 ? 0 : (k <= 6 ? 10.0 * (k - 1) : 49); }
static double g_runnable(int k) { return 5 + (k < 1 ? 0 : (k <= 6 ? 10.0 * (k - 1) : 50)); }
static double flat(int k) { (void)k; return 1; }
static double g_flat(int k) { return 6 + (k % 2); }

static void spinners_give_runnable_leak(void **state)
{
	(void)state;
	make_run(50, q_runnable, g_runnable, 10);
	report_compute(&in, &rep);
	assert_int_equal(rep.verdict, REPORT_RUNNABLE_LEAK);
	assert_true(rep.queued_start == 0);
	assert_true(rep.queued_end == 49);
	assert_true(rep.queued_max == 50);
	assert_true(fabs(rep.queued_per_leak - 49.0 / 50) < 1e-9);
	/* Fitted over the sending phase (1..5.9 s, plus a second): 10/s. */
	assert_true(fabs(rep.queued_fit.slope - 10) < 1e-9);
	assert_true(rep.queued_fit.r2 > 0.99);
	assert_non_null(strstr(rep.why, "grew by 49"));
	assert_true(fabs(rep.achieved_rate - 5) < 1e-9);
}

static void waiters_give_blocked_leak(void **state)
{
	(void)state;
	make_run(50, flat, g_runnable, 10);
	snprintf(in.top_stack, sizeof(in.top_stack), "main.leakChan.func1 (main.go:98)");
	report_compute(&in, &rep);
	assert_int_equal(rep.verdict, REPORT_BLOCKED_LEAK);
	assert_true(rep.goroutines_end - rep.goroutines_start == 50);
	assert_non_null(strstr(rep.why, "main.leakChan.func1"));
	assert_true(isnan(rep.queued_fit.r2)); /* a flat line explains nothing */
}

static void nothing_grows_gives_no_leak(void **state)
{
	(void)state;
	make_run(50, flat, g_flat, 10);
	report_compute(&in, &rep);
	assert_int_equal(rep.verdict, REPORT_NO_LEAK);
	assert_non_null(strstr(rep.why, "needed 12 for a runnable leak"));
}

static void small_growth_is_not_a_leak(void **state)
{
	(void)state;
	/* Two requests: growth of 2 is under the floor of 3. */
	make_run(2, q_runnable, g_runnable, 1);
	report_compute(&in, &rep);
	assert_int_equal(rep.verdict, REPORT_NO_LEAK);
}

static void no_samples_at_all(void **state)
{
	(void)state;
	report_input_free(&in);
	report_input_init(&in);
	report_compute(&in, &rep);
	assert_int_equal(rep.verdict, REPORT_NO_LEAK);
	assert_true(isnan(rep.queued_start) && isnan(rep.goroutines_end));
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(1 << 20);

	assert_non_null(f);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void top_stack_from_real_profiles(void **state)
{
	(void)state;
	char out[256];
	long count;
	size_t len;
	char *p = slurp("tests/fixtures/go1.26-pprof-goroutine-leakchan30.txt", &len);

	assert_int_equal(report_top_stack(p, len, out, sizeof(out), &count), 0);
	assert_string_equal(out, "main.leakChan.func1 (main.go:98)");
	assert_int_equal(count, 30);
	free(p);
	p = slurp("tests/fixtures/go1.26-pprof-goroutine-leakcpu19.txt", &len);
	assert_int_equal(report_top_stack(p, len, out, sizeof(out), &count), 0);
	assert_string_equal(out, "main.leakCPU.func1 (main.go:89)");
	assert_int_equal(count, 19);
	free(p);
	assert_int_equal(report_top_stack("goroutine profile: total 1\n1 @ 0x1\n#\t0x1\truntime.main+0x1\t/x/proc.go:1\n",
					  60, out, sizeof(out), &count), -1);
	assert_int_equal(report_top_stack("", 0, out, sizeof(out), &count), -1);
}

static void texts_carry_the_keys(void **state)
{
	(void)state;
	char buf[8192];
	static const char *const keys[] = {
		"\"verdict\": \"runnable leak\"", "\"partial\": false", "\"requests_sent\": 50",
		"\"requests_ok\": 50", "\"requests_failed\": 0", "\"queued_start\": 0", "\"queued_end\": 49",
		"\"queued_slope_per_s\": 10.0000", "\"queued_per_leak\": 0.9800",
		"\"goroutines_start\": 5", "\"goroutines_end\": 55", "\"malformed_lines\": 0",
		"\"samples\": 11", "\"top_stack\": \"main.\\\"odd\\\"\"",
	};

	make_run(50, q_runnable, g_runnable, 10);
	snprintf(in.top_stack, sizeof(in.top_stack), "main.\"odd\"");
	in.top_stack_count = 3;
	report_compute(&in, &rep);
	assert_true(report_json(&in, &rep, buf, sizeof(buf)) < sizeof(buf));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strstr(buf, keys[i]))
			fail_msg("summary.json lacks %s:\n%s", keys[i], buf);
	assert_true(report_text(&in, &rep, buf, sizeof(buf)) < sizeof(buf));
	assert_non_null(strstr(buf, "verdict: runnable leak"));
	assert_non_null(strstr(buf, "queued      start 0, end 49, max 50"));
	/* Too small a buffer: cut, NUL-terminated, the full length returned. */
	assert_true(report_text(&in, &rep, buf, 10) > 10);
	assert_int_equal(strlen(buf), 9);
}

static int teardown(void **state)
{
	(void)state;
	report_input_free(&in);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spinners_give_runnable_leak),
		cmocka_unit_test(waiters_give_blocked_leak),
		cmocka_unit_test(nothing_grows_gives_no_leak),
		cmocka_unit_test(small_growth_is_not_a_leak),
		cmocka_unit_test(no_samples_at_all),
		cmocka_unit_test(top_stack_from_real_profiles),
		cmocka_unit_test(texts_carry_the_keys),
	};
	report_input_init(&in);
	return cmocka_run_group_tests_name("report", tests, NULL, teardown);
}
