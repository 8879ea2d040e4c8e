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
	snprintf(in.targets, sizeof(in.targets), "/leak");
	in.sent = in.ok = (uint64_t)sent;
	in.scheduled = (uint64_t)sent;
	in.sched_duration_ms = 10000;
	in.first_start_ms = 1000;
	in.last_start_ms = 1000 + (sent - 1) * 100.0;
	for (int k = 0; k <= secs; k++) {
		assert_int_equal(report_add_queued(&in, k * 1000.0, queued(k)), 0);
		assert_int_equal(report_add_goroutines(&in, k * 1000.0, gor(k), NAN), 0);
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

/* Lab 06: 50 spinners sent between 1.5 and 3.5 s into 4 Ps; by the next
 * sample the queues are at 60, then settle at 47 and stay: a fit over the
 * sending falls, and it is a runnable leak all the same. */
static double q_burst(int k) { return k <= 1 ? 0 : (k == 2 ? 60 : 47); }
static double g_burst(int k) { return k <= 1 ? 4 : 54; }

static void a_burst_of_spinners_is_a_runnable_leak(void **state)
{
	(void)state;
	make_run(50, q_burst, g_burst, 14);
	in.first_start_ms = 1500;
	in.last_start_ms = 3500;
	report_compute(&in, &rep);
	assert_true(rep.queued_fit.slope < 0);
	assert_int_equal(rep.verdict, REPORT_RUNNABLE_LEAK);
	assert_true(rep.queued_end == 47);
}

static void waiters_give_blocked_leak(void **state)
{
	(void)state;
	make_run(50, flat, g_runnable, 10);
	snprintf(in.top_growth.text, sizeof(in.top_growth.text), "main.leakChan.func1 (main.go:98)");
	in.have_growth = 1;
	report_compute(&in, &rep);
	assert_int_equal(rep.verdict, REPORT_BLOCKED_LEAK);
	assert_true(rep.goroutines_end - rep.goroutines_start == 50);
	assert_non_null(rep.top);
	assert_string_equal(rep.top->text, "main.leakChan.func1 (main.go:98)");
	assert_true(isnan(rep.queued_fit.r2)); /* a flat line explains nothing */
}

static void nothing_grows_gives_no_leak(void **state)
{
	(void)state;
	make_run(50, flat, g_flat, 10);
	report_compute(&in, &rep);
	assert_int_equal(rep.verdict, REPORT_NO_LEAK);
	assert_non_null(strstr(rep.why, "here 3 or more (2% of the requests sent, and never fewer than 3)"));
}

static void small_growth_is_not_a_leak(void **state)
{
	(void)state;
	/* Two requests: growth of 2 is under the floor of 3. */
	make_run(2, q_runnable, g_runnable, 1);
	report_compute(&in, &rep);
	assert_int_equal(rep.verdict, REPORT_NO_LEAK);
}

/* The threshold: growth of at least max(2% of the requests sent, 3), for
 * the run queues and for the goroutines alike. step() is 0 up to the first
 * request (at 1 s: the baseline) and the_step after it. */
static double the_step;
static double step(int k) { return k <= 1 ? 0 : the_step; }
static double g_step(int k) { return 6 + step(k); }
static double g_six(int k) { (void)k; return 6; }

static void growth_just_under_the_threshold_is_no_leak(void **state)
{
	(void)state;
	static const struct { int sent; double grew; const char *need; } cases[] = {
		{ 50, 2, "here 3 or more (2% of the requests" }, { 500, 9, "here 10 or more (2% of the requests" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		the_step = cases[i].grew;
		make_run(cases[i].sent, step, g_six, 10);
		report_compute(&in, &rep);
		assert_int_equal(rep.verdict, REPORT_NO_LEAK);
		assert_non_null(strstr(rep.why, cases[i].need));
		make_run(cases[i].sent, flat, g_step, 10);
		report_compute(&in, &rep);
		assert_int_equal(rep.verdict, REPORT_NO_LEAK);
		assert_non_null(strstr(rep.why, cases[i].need));
	}
}

static void growth_at_the_threshold_is_a_leak(void **state)
{
	(void)state;
	static const struct { int sent; double grew; } cases[] = { { 50, 3 }, { 500, 10 } };
	char want[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		the_step = cases[i].grew;
		make_run(cases[i].sent, step, g_six, 10);
		report_compute(&in, &rep);
		assert_int_equal(rep.verdict, REPORT_RUNNABLE_LEAK);
		snprintf(want, sizeof(want), "the run queues grew by %.0f over", cases[i].grew);
		assert_non_null(strstr(rep.why, want));
		make_run(cases[i].sent, flat, g_step, 10);
		report_compute(&in, &rep);
		assert_int_equal(rep.verdict, REPORT_BLOCKED_LEAK);
		snprintf(want, sizeof(want), "goroutines grew by %.0f over", cases[i].grew);
		assert_non_null(strstr(rep.why, want));
	}
}

/* A real leak under a condition: one request in ten leaks. Still a leak:
 * what counts is what stays after the load, not one per request. */
static double g_some(int k) { return 6 + (k < 1 ? 0 : (k <= 6 ? 5.0 * (k - 1) : 25)); }
static double g_back(int k) { return 6 + (k >= 1 && k <= 6 ? 30.0 : 0); }

static void a_leak_of_one_request_in_ten_is_a_leak(void **state)
{
	(void)state;
	make_run(250, flat, g_some, 10);
	report_compute(&in, &rep);
	assert_int_equal(rep.verdict, REPORT_BLOCKED_LEAK);
	assert_non_null(strstr(rep.why, "stayed up to the end"));
	/* Many in flight while the load comes, all gone after: no leak. */
	make_run(250, flat, g_back, 10);
	report_compute(&in, &rep);
	assert_int_equal(rep.verdict, REPORT_NO_LEAK);
}

static void no_samples_at_all(void **state)
{
	(void)state;
	report_input_free(&in);
	report_input_init(&in);
	report_compute(&in, &rep);
	/* No evidence either way: never "no leak". */
	assert_int_equal(rep.verdict, REPORT_UNKNOWN);
	assert_true(isnan(rep.queued_start) && isnan(rep.goroutines_end));
}

/* The false verdict: a burst into a healthy endpoint leaves the load's
 * idle connections as goroutines; they are not counted. */
static void idle_connections_are_no_blocked_leak(void **state)
{
	(void)state;
	char buf[8192];

	report_input_free(&in);
	report_input_init(&in);
	in.sent = in.ok = in.scheduled = 400;
	in.sched_duration_ms = 6000;
	in.first_start_ms = in.last_start_ms = 1000;
	for (int k = 0; k <= 8; k++) {
		double idle = k >= 1 ? 32 : 0;

		assert_int_equal(report_add_queued(&in, k * 1000.0, 0), 0);
		assert_int_equal(report_add_goroutines(&in, k * 1000.0, 6, 6 + idle), 0);
	}
	/* The profiles saw the connections' site grow: no leak, so no top. */
	snprintf(in.top_growth.text, sizeof(in.top_growth.text), "net/http.(*conn).serve (server.go:2100)");
	in.top_growth.count = in.top_growth.growth = 32;
	in.have_growth = 1;
	report_compute(&in, &rep);
	assert_int_equal(rep.verdict, REPORT_NO_LEAK);
	assert_true(rep.idle_conns_end == 32);
	assert_null(rep.top);
	report_json(&in, &rep, buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"top_stack\": null,"));
	assert_null(strstr(buf, "conn).serve"));
}

/* A hunt keeps the verdict and the top stack back: both are computed (the
 * report has them), neither is written. */
static void hidden_verdicts_stay_hidden(void **state)
{
	(void)state;
	char buf[8192];

	make_run(50, flat, g_runnable, 10);
	snprintf(in.top_growth.text, sizeof(in.top_growth.text), "main.secret (shop.go:7)");
	in.top_growth.count = in.top_growth.growth = 50;
	in.have_growth = 1;
	in.verdict_hidden = 1;
	report_compute(&in, &rep);
	assert_int_equal(rep.verdict, REPORT_BLOCKED_LEAK);
	assert_non_null(rep.top);
	assert_string_equal(rep.top->text, "main.secret (shop.go:7)");
	assert_non_null(strstr(rep.why, "goroutines grew by 50"));

	report_text(&in, &rep, buf, sizeof(buf));
	assert_null(strstr(buf, "blocked leak"));
	assert_null(strstr(buf, rep.why));
	assert_null(strstr(buf, "goroutines grew by"));
	assert_null(strstr(buf, "main.secret"));
	assert_non_null(strstr(buf, "verdict: hidden"));
	assert_non_null(strstr(buf, "top stack   (hidden: find it in stacks.txt)\n"));

	report_json(&in, &rep, buf, sizeof(buf));
	assert_null(strstr(buf, "main.secret"));
	assert_null(strstr(buf, "goroutines grew by"));
	assert_non_null(strstr(buf, "\"verdict\": \"hidden\""));
	assert_non_null(strstr(buf, "\"why\": null,"));
	assert_non_null(strstr(buf, "\"top_stack\": null,"));
	assert_non_null(strstr(buf, "\"top_stack_count\": null,"));
	assert_non_null(strstr(buf, "\"top_stack_source\": null,"));
	in.verdict_hidden = 0;
}

/* summary.json is valid UTF-8 whatever bytes a title holds. */
static void json_strings_are_valid_utf8(void **state)
{
	(void)state;
	char buf[8192];

	make_run(5, flat, g_flat, 2);
	snprintf(in.title, sizeof(in.title), "caf\xe9 \xc3\xa9 \xed\xa0\x80 \xf0\x9f\x98\x80 \x01\"");
	report_compute(&in, &rep);
	report_json(&in, &rep, buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"title\": \"caf\xef\xbf\xbd \xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
				    "\xf0\x9f\x98\x80 \\u0001\\\"\""));
}

/* A starving program's last pprof answer is old: the summary says when. */
static void stale_goroutine_counts_say_when(void **state)
{
	(void)state;
	char buf[8192];

	make_run(50, flat, g_runnable, 10);
	in.last_sample_ms = 30000;
	report_compute(&in, &rep);
	assert_int_equal(rep.stale_goroutines, 1);
	report_text(&in, &rep, buf, sizeof(buf));
	assert_non_null(strstr(buf, "the end is from 10.0 s"));
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
	snprintf(in.top_unlisted.text, sizeof(in.top_unlisted.text), "main.\"odd\"");
	in.top_unlisted.count = 3;
	in.have_unlisted = 1;
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

/* Two Ps, each switching every 20 ms while both are busy: 50 ticks a
 * second each, a slice of 20 ms. */
static void the_time_slice_is_ms_per_tick_while_busy(void **state)
{
	(void)state;
	int64_t t[2];

	make_run(50, q_runnable, g_runnable, 10);
	for (int k = 0; k < 6; k++) {
		t[0] = 1000 + 50 * k;
		t[1] = 7 + 50 * k;
		assert_int_equal(report_add_ticks(&in, 1000 * k, 0, 5, 2, t), 0);
	}
	assert_int_equal(in.nslices, 5);
	/* An idle P, nothing queued, an unknown tick: no slice across them. */
	t[0] = 9999;
	t[1] = 9999;
	assert_int_equal(report_add_ticks(&in, 7000, 1, 5, 2, t), 0);
	assert_int_equal(report_add_ticks(&in, 8000, 0, 0, 2, t), 0);
	t[1] = -1;
	assert_int_equal(report_add_ticks(&in, 9000, 0, 5, 2, t), 0);
	/* One wild interval does not move the median. */
	t[0] = 20000; t[1] = 20000;
	assert_int_equal(report_add_ticks(&in, 10000, 0, 5, 2, t), 0);
	t[0] = 20001; t[1] = 20001;
	assert_int_equal(report_add_ticks(&in, 11000, 0, 5, 2, t), 0);
	assert_int_equal(in.nslices, 6);
	report_compute(&in, &rep);
	assert_true(fabs(rep.time_slice_ms - 20) < 1e-9);
	/* Ps changed (GOMAXPROCS at run time): start again. */
	assert_int_equal(report_add_ticks(&in, 12000, 0, 5, 1, t), 0);
	assert_int_equal(in.nslices, 6);
}

static void no_ticks_no_time_slice(void **state)
{
	(void)state;
	char buf[8192];

	make_run(50, q_runnable, g_runnable, 10);
	report_compute(&in, &rep);
	assert_true(isnan(rep.time_slice_ms));
	report_json(&in, &rep, buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"time_slice_ms\": null"));
	report_text(&in, &rep, buf, sizeof(buf));
	assert_null(strstr(buf, "time slice"));
}

/* The queues during the pause: the mean of its samples, not one row. */
static void the_pause_is_read_as_a_mean(void **state)
{
	(void)state;
	char buf[8192];

	make_run(50, q_runnable, g_runnable, 10);
	in.npauses = 1;
	in.pauses[0][0] = 6000;
	in.pauses[0][1] = 9000;
	report_compute(&in, &rep);
	/* q_runnable: 40 at 5 s, then 49 at 7, 8 and 9 s; 6 s is 50. */
	assert_int_equal(rep.pause_samples, 4);
	assert_true(fabs(rep.pause_queued_mean - (50 + 49 * 3) / 4.0) < 1e-9);
	report_json(&in, &rep, buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"pause_queued_mean\": 49.25"));
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
		cmocka_unit_test(a_burst_of_spinners_is_a_runnable_leak),
		cmocka_unit_test(waiters_give_blocked_leak),
		cmocka_unit_test(nothing_grows_gives_no_leak),
		cmocka_unit_test(small_growth_is_not_a_leak),
		cmocka_unit_test(growth_just_under_the_threshold_is_no_leak),
		cmocka_unit_test(growth_at_the_threshold_is_a_leak),
		cmocka_unit_test(a_leak_of_one_request_in_ten_is_a_leak),
		cmocka_unit_test(no_samples_at_all),
		cmocka_unit_test(idle_connections_are_no_blocked_leak),
		cmocka_unit_test(hidden_verdicts_stay_hidden),
		cmocka_unit_test(json_strings_are_valid_utf8),
		cmocka_unit_test(stale_goroutine_counts_say_when),
		cmocka_unit_test(texts_carry_the_keys),
		cmocka_unit_test(the_time_slice_is_ms_per_tick_while_busy),
		cmocka_unit_test(no_ticks_no_time_slice),
		cmocka_unit_test(the_pause_is_read_as_a_mean),
	};
	report_input_init(&in);
	return cmocka_run_group_tests_name("report", tests, NULL, teardown);
}
