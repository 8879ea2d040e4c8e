/* test_verdict.c - the verdict's rules, one by one: proof, what the grown
 * goroutines wait on, draining queues, sleepers, no evidence, attached
 * runs, which target leaks, and --expect's words */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "reqfile.h"

static struct report_input in;
static struct report rep;
static char text[16384], json[16384];

/* A run of sent requests from t=1 s, one every 100 ms; a sample every
 * second for secs seconds with queued q(k) and goroutines g(k) (either
 * NULL: none of that kind). */
static void make_run(int sent, double (*q)(int), double (*g)(int), int secs)
{
	report_input_free(&in);
	report_input_init(&in);
	snprintf(in.lab_name, sizeof(in.lab_name), "test");
	snprintf(in.targets, sizeof(in.targets), "/leak");
	in.sent = in.ok = in.scheduled = (uint64_t)sent;
	in.sched_duration_ms = 10000;
	in.first_start_ms = 1000;
	in.last_start_ms = 1000 + (sent - 1) * 100.0;
	for (int k = 0; k <= secs; k++) {
		if (q)
			assert_int_equal(report_add_queued(&in, k * 1000.0, q(k)), 0);
		if (g)
			assert_int_equal(report_add_goroutines(&in, k * 1000.0, g(k), NAN), 0);
	}
	in.samples = (uint64_t)secs + 1;
}

static void judge(void)
{
	report_compute(&in, &rep);
	report_text(&in, &rep, text, sizeof(text));
	report_json(&in, &rep, json, sizeof(json));
}

/* 40 requests from 1 to 4.9 s; samples to 12 s. */
static double zero(int k) { (void)k; return 0; }
static double g_grow(int k) { return 5 + (k < 1 ? 0 : k <= 5 ? 10.0 * (k - 1) : 40); }
static double g_flat(int k) { (void)k; return 5; }

/* One goroutine of a debug=2 profile into the groups. */
static void add_g(const char *site, long line, const char *state, int user, int end, long n, long minutes,
		  int leaked)
{
	struct pprof_goroutine g;

	memset(&g, 0, sizeof(g));
	snprintf(g.site, sizeof(g.site), "%s", site);
	snprintf(g.state, sizeof(g.state), "%s", state);
	g.line = line;
	g.user = user;
	g.minutes = minutes;
	g.leaked = leaked;
	for (long i = 0; i < n; i++)
		report_add_goroutine(&in, &g, end);
	in.have_full = 1;
}

/* ---------------------------------------------------------------- proof */

static void a_proven_leak_says_forever(void **state)
{
	(void)state;
	make_run(40, zero, g_grow, 12);
	in.proven_leaked = 40;
	judge();
	assert_int_equal(rep.verdict, REPORT_BLOCKED_LEAK);
	assert_string_equal(rep.proof, "goroutineleak profile");
	assert_non_null(strstr(rep.why, "proves 40 goroutines leaked"));
	assert_non_null(strstr(rep.why, "forever"));
	assert_non_null(strstr(json, "\"proof\": \"goroutineleak profile\""));
	assert_non_null(strstr(json, "\"proven_leaked\": 40,"));
}

static void growth_the_runtime_cannot_prove_is_not_forever(void **state)
{
	(void)state;
	make_run(40, zero, g_grow, 12);
	in.proven_leaked = 0;
	judge();
	assert_int_equal(rep.verdict, REPORT_BLOCKED_LEAK);
	assert_string_equal(rep.proof, "growth only");
	assert_non_null(strstr(rep.why, "cannot prove"));
	assert_non_null(strstr(rep.why, "something can still wake them"));
	assert_null(strstr(rep.why, "forever"));
	assert_non_null(strstr(json, "\"proven_leaked\": 0,"));
	assert_non_null(strstr(text, "proof       growth only: the goroutineleak profile proves none"));
}

static void a_go_without_the_profile_proves_nothing(void **state)
{
	(void)state;
	make_run(40, zero, g_grow, 12);
	judge();
	assert_int_equal(rep.verdict, REPORT_BLOCKED_LEAK);
	assert_string_equal(rep.proof, "growth only");
	assert_non_null(strstr(rep.why, "no goroutineleak profile"));
	assert_null(strstr(rep.why, "forever"));
	assert_non_null(strstr(json, "\"proven_leaked\": null,"));
}

/* -------------------------------------------------- what they wait on */

static void the_grown_are_named_by_their_wait(void **state)
{
	(void)state;
	make_run(40, zero, g_grow, 12);
	add_g("main.main (main.go", 10, "chan receive", 1, 0, 1, 0, 0);
	add_g("main.main (main.go", 10, "chan receive", 1, 1, 1, 0, 0);
	add_g("main.send (main.go", 20, "chan send", 1, 1, 43, 2, 0);
	add_g("main.lock (main.go", 30, "sync.Mutex.Lock", 1, 1, 3, 0, 0);
	judge();
	assert_int_equal(rep.nwaiting_on, 2);
	assert_string_equal(rep.waiting_on[0].reason, "chan send");
	assert_int_equal(rep.waiting_on[0].end, 43);
	assert_string_equal(rep.waiting_on[1].reason, "sync.Mutex.Lock");
	assert_int_equal(rep.wait_minutes, 2);
	assert_non_null(strstr(json, "\"waiting_on\": {\"chan send\": 43, \"sync.Mutex.Lock\": 3},"));
	assert_non_null(strstr(text, "waiting on  chan send 43, sync.Mutex.Lock 3"));
	/* The top is the site that grew most, in the user's code. */
	assert_non_null(rep.top);
	assert_string_equal(rep.top->text, "main.send (main.go:20)");
}

static void without_pprof_scheddetail_names_the_wait(void **state)
{
	(void)state;
	make_run(40, zero, g_grow, 12);
	in.g_from_trace = 1;
	report_add_wait(&in, "chan send", 1, 0);
	report_add_wait(&in, "chan send", 44, 1);
	report_add_wait(&in, "GC worker (idle)", 2, 0);
	report_add_wait(&in, "GC worker (idle)", 2, 1);
	judge();
	assert_int_equal(rep.verdict, REPORT_BLOCKED_LEAK);
	assert_int_equal(rep.nwaiting_on, 1);
	assert_string_equal(rep.waiting_on[0].reason, "chan send");
	assert_int_equal(rep.waiting_on[0].end, 43);
	assert_string_equal(rep.waiting_source, "scheddetail G lines");
	assert_non_null(strstr(text, "chan send 43 (grown since the start; from the scheddetail G lines)"));
}

static void a_server_connection_is_named_last(void **state)
{
	struct pprof_goroutine g;

	(void)state;
	make_run(40, zero, g_grow, 12);
	/* An unclosed body: per request, the client's two loops and the
	 * backend's connection; the cause is the client's. */
	memset(&g, 0, sizeof(g));
	snprintf(g.state, sizeof(g.state), "IO wait");
	snprintf(g.site, sizeof(g.site), "net/http.(*conn).serve (server.go");
	g.line = 2103;
	g.idle_conn = 1;
	g.meaning = "an idle connection";
	for (int i = 0; i < 12; i++)
		report_add_goroutine(&in, &g, 1);
	snprintf(g.state, sizeof(g.state), "select");
	snprintf(g.site, sizeof(g.site), "net/http.(*persistConn).readLoop (transport.go");
	g.line = 2450;
	g.idle_conn = 0;
	g.meaning = "a body never closed";
	for (int i = 0; i < 12; i++)
		report_add_goroutine(&in, &g, 1);
	in.have_full = 1;
	judge();
	assert_non_null(rep.top);
	assert_string_equal(rep.top->text, "net/http.(*persistConn).readLoop (transport.go:2450)");
	assert_string_equal(rep.top_meaning, "a body never closed");
	assert_non_null(strstr(text, "means       a body never closed"));
}

static void the_profile_writer_is_left_out(void **state)
{
	struct pprof_goroutine g;

	(void)state;
	make_run(40, zero, g_grow, 12);
	memset(&g, 0, sizeof(g));
	snprintf(g.state, sizeof(g.state), "running");
	snprintf(g.site, sizeof(g.site), "net/http.(*conn).serve (server.go");
	g.own = 1;
	report_add_goroutine(&in, &g, 1);
	assert_int_equal(in.ngroups, 0);
}

static void a_creator_frame_is_said(void **state)
{
	struct pprof_goroutine g;

	(void)state;
	make_run(40, zero, g_grow, 12);
	memset(&g, 0, sizeof(g));
	snprintf(g.state, sizeof(g.state), "chan receive");
	snprintf(g.site, sizeof(g.site), "main.handler (main.go");
	g.line = 50;
	g.user = g.by_creator = 1;
	for (int i = 0; i < 40; i++)
		report_add_goroutine(&in, &g, 1);
	in.have_full = 1;
	judge();
	assert_int_equal(rep.top_by_creator, 1);
	assert_non_null(strstr(text, "top stack   created by main.handler (main.go:50) x 40"));
	assert_non_null(strstr(json, "\"top_stack_by_creator\": true"));
}

/* -------------------------------------------------------- sleepers */

static void goroutines_asleep_may_wake(void **state)
{
	(void)state;
	make_run(40, zero, g_grow, 12);
	in.proven_leaked = 0;
	add_g("main.nap (main.go", 7, "sleep", 1, 1, 40, 0, 0);
	judge();
	assert_int_equal(rep.verdict, REPORT_UNKNOWN);
	assert_non_null(strstr(rep.why, "asleep"));
	assert_non_null(strstr(rep.why, "may end when they wake"));
	assert_non_null(strstr(rep.why, "less than a minute"));
	assert_non_null(strstr(text, "to know     a pause longer than their sleep"));
	assert_non_null(strstr(json, "\"verdict\": \"unknown\""));
	assert_non_null(strstr(json, "\"grown_sleeping\": 40,"));
}

static void a_chain_held_by_sleepers_may_wake_too(void **state)
{
	(void)state;
	/* 12 requests, 50 goroutines each: 49 wait on the next, the last sleeps. */
	make_run(12, zero, g_grow, 12);
	in.proven_leaked = 0;
	add_g("main.chainLink (main.go", 103, "chan receive", 1, 1, 588, 3, 0);
	add_g("main.chainLink (main.go", 100, "sleep", 1, 1, 12, 3, 0);
	judge();
	assert_int_equal(rep.verdict, REPORT_UNKNOWN);
	assert_non_null(strstr(rep.why, "wait on them"));
	assert_non_null(strstr(rep.why, "waited 3 minutes"));
}

static void proven_leaks_beside_sleepers_are_leaks(void **state)
{
	(void)state;
	make_run(40, zero, g_grow, 12);
	in.proven_leaked = 30;
	add_g("main.nap (main.go", 7, "sleep", 1, 1, 10, 0, 0);
	add_g("main.wait (main.go", 9, "chan receive", 1, 1, 30, 0, 30);
	judge();
	assert_int_equal(rep.verdict, REPORT_BLOCKED_LEAK);
}

/* ----------------------------------------------------- draining queues */

/* The load ends at 4.9 s; the queues after it. */
static double q_drained(int k) { static const double v[] = { 0, 20, 60, 120, 180, 198, 150, 100, 56, 20, 0, 0, 0 }; return v[k]; }
static double q_still(int k) { static const double v[] = { 0, 20, 60, 120, 180, 198, 190, 170, 150, 120, 100, 90, 80 }; return v[k]; }
static double q_held(int k) { static const double v[] = { 0, 10, 20, 30, 39, 39, 40, 38, 39, 39, 40, 39, 39 }; return v[k]; }

static void queues_that_drain_are_no_runnable_leak(void **state)
{
	(void)state;
	make_run(40, q_drained, g_flat, 12);
	judge();
	assert_int_equal(rep.verdict, REPORT_NO_LEAK);
	assert_int_equal(rep.draining, 1);
	assert_non_null(strstr(rep.why, "drained after the load"));
	assert_non_null(strstr(json, "\"draining\": true,"));
}

static void the_mean_of_198_56_0_is_no_leak(void **state)
{
	(void)state;
	/* The case: the last three samples 198, 56, 0 (mean 85). */
	make_run(40, q_drained, g_flat, 12);
	report_input_free(&in);
	report_input_init(&in);
	in.sent = in.scheduled = 40;
	in.sched_duration_ms = 5000;
	in.first_start_ms = 1000;
	in.last_start_ms = 4900;
	{
		static const double v[] = { 0, 50, 120, 190, 198, 198, 198, 56, 0 };

		for (int k = 0; k < 9; k++) {
			assert_int_equal(report_add_queued(&in, k * 1000.0, v[k]), 0);
			assert_int_equal(report_add_goroutines(&in, k * 1000.0, 2, NAN), 0);
		}
	}
	judge();
	assert_int_not_equal(rep.verdict, REPORT_RUNNABLE_LEAK);
}

static void queues_still_draining_are_unknown(void **state)
{
	(void)state;
	make_run(40, q_still, g_flat, 12);
	judge();
	assert_int_equal(rep.verdict, REPORT_UNKNOWN);
	assert_non_null(strstr(rep.why, "still draining"));
	assert_non_null(strstr(rep.to_know, "a longer pause"));
}

static void queues_that_hold_are_a_runnable_leak(void **state)
{
	(void)state;
	make_run(40, q_held, g_grow, 12);
	judge();
	assert_int_equal(rep.verdict, REPORT_RUNNABLE_LEAK);
	assert_int_equal(rep.draining, 0);
	assert_string_equal(rep.proof, "run queues");
	assert_non_null(strstr(rep.why, "held their level after the load"));
}

/* ------------------------------------------------------- no evidence */

static void no_count_and_flat_queues_is_unknown(void **state)
{
	(void)state;
	make_run(40, zero, NULL, 12);
	judge();
	assert_int_equal(rep.verdict, REPORT_UNKNOWN);
	assert_non_null(strstr(rep.unknown, "no goroutine count"));
	assert_non_null(strstr(rep.to_know, "pprof = http://127.0.0.1:PORT"));
	assert_non_null(strstr(rep.to_know, "scheddetail = on"));
	assert_non_null(strstr(json, "\"to_know\": \"serve net/http/pprof"));
	assert_int_equal(report_verdict_matches(rep.verdict, "no leak"), 0);
}

static void pprof_lost_before_the_end_is_unknown(void **state)
{
	(void)state;
	make_run(40, zero, g_flat, 2);      /* the count stops at 2 s, the load at 4.9 s */
	in.pprof_lost_ms = 2500;
	snprintf(in.pprof_url, sizeof(in.pprof_url), "http://127.0.0.1:6060");
	judge();
	assert_int_equal(rep.verdict, REPORT_UNKNOWN);
	assert_non_null(strstr(rep.why, "stopped answering at 2.5 s"));
	assert_non_null(strstr(text, "pprof       http://127.0.0.1:6060 stopped answering at 2.5 s"));
}

static void pprof_lost_after_growth_still_judges(void **state)
{
	(void)state;
	make_run(40, zero, g_grow, 4);
	in.pprof_lost_ms = 4500;
	judge();
	assert_int_equal(rep.verdict, REPORT_BLOCKED_LEAK);
}

/* ----------------------------------------------------------- attached */

static void attached_running_growth_is_runnable(void **state)
{
	(void)state;
	make_run(40, NULL, g_grow, 12);
	in.attached = 1;
	add_g("main.spin (main.go", 5, "runnable", 1, 1, 30, 0, 0);
	add_g("main.spin (main.go", 5, "running", 1, 1, 1, 0, 0);
	add_g("main.wait (main.go", 9, "chan receive", 1, 1, 9, 0, 0);
	judge();
	assert_int_equal(rep.verdict, REPORT_RUNNABLE_LEAK);
	assert_string_equal(rep.proof, "goroutine states");
	assert_non_null(strstr(text, "attached    to a service already running"));
	assert_non_null(strstr(json, "\"attached\": true,"));
}

static void attached_without_growth_is_no_leak(void **state)
{
	(void)state;
	make_run(40, NULL, g_flat, 12);
	in.attached = 1;
	judge();
	assert_int_equal(rep.verdict, REPORT_NO_LEAK);
	assert_non_null(strstr(rep.why, "no trace"));
}

static void attached_without_pprof_is_unknown(void **state)
{
	(void)state;
	make_run(40, NULL, NULL, 12);
	in.attached = 1;
	judge();
	assert_int_equal(rep.verdict, REPORT_UNKNOWN);
	assert_non_null(strstr(rep.unknown, "no trace"));
	assert_non_null(strstr(rep.to_know, "leaklab collect"));
}

/* ------------------------------------------------- which target leaks */

/* Two targets in shuffled rounds; only target 0 (or its timeouts) leaks. */
static void mix(int leaker, int by_outcome)
{
	unsigned long x = 12345;
	double leaked = 0;
	int sent[2] = { 0, 0 };

	make_run(0, NULL, NULL, 0);
	in.ntargets = 2;
	snprintf(in.target_names[0], sizeof(in.target_names[0]), "GET /leak");
	snprintf(in.target_names[1], sizeof(in.target_names[1]), "GET /ok");
	in.first_start_ms = 1000;
	in.last_start_ms = 1000 + 199 * 50.0;
	assert_int_equal(report_add_goroutines(&in, 0, 5, NAN), 0);
	for (int i = 0; i < 200; i++) {
		int t, o;

		x = x * 6364136223846793005UL + 1442695040888963407UL;
		t = (x >> 33) % 4 == 0 ? 0 : 1;     /* one in four to target 0 */
		o = by_outcome && (x >> 40) % 2 ? REQ_TIMEOUT : REQ_OK;
		assert_int_equal(report_add_request(&in, 1000 + i * 50.0, t, o), 0);
		sent[t]++;
		if (t == leaker && (!by_outcome || o == REQ_TIMEOUT))
			leaked++;
		if (i % 10 == 9)
			assert_int_equal(report_add_goroutines(&in, 1000 + i * 50.0 + 25, 5 + leaked, NAN), 0);
	}
	assert_int_equal(report_add_goroutines(&in, 12000, 5 + leaked, NAN), 0);
	in.sent = in.ok = in.scheduled = 200;
	in.sched_duration_ms = 10000;
	(void)sent;
}

static void the_leaking_target_is_found(void **state)
{
	(void)state;
	for (int leaker = 0; leaker < 2; leaker++) {
		mix(leaker, 0);
		judge();
		assert_int_equal(rep.verdict, REPORT_BLOCKED_LEAK);
		assert_int_equal(rep.culprit.target, leaker);
		assert_true(fabs(rep.culprit.per_request - 1) < 0.05);
		assert_non_null(strstr(text, leaker ? "leaking     GET /ok" : "leaking     GET /leak"));
		assert_non_null(strstr(rep.why, leaker ? "requests of GET /ok, 1.00 per request" :
					       "requests of GET /leak, 1.00 per request"));
	}
	assert_non_null(strstr(json, "\"leaking_target\": \"GET /ok\","));
}

static void the_leaking_outcome_is_found(void **state)
{
	(void)state;
	mix(0, 1);
	judge();
	assert_int_equal(rep.culprit.target, 0);
	assert_int_equal(rep.culprit.outcome, REQ_TIMEOUT);
	assert_true(fabs(rep.culprit.per_request - 1) < 0.05);
	assert_non_null(strstr(json, "\"leaking_outcome\": \"timeout\","));
}

static void targets_in_lockstep_are_not_told_apart(void **state)
{
	(void)state;
	/* Strict alternation, polls every other request: the counts are equal
	 * at every poll, and either target explains the growth. */
	make_run(0, NULL, NULL, 0);
	in.ntargets = 2;
	snprintf(in.target_names[0], sizeof(in.target_names[0]), "GET /a");
	snprintf(in.target_names[1], sizeof(in.target_names[1]), "GET /b");
	in.first_start_ms = 1000;
	in.last_start_ms = 1000 + 99 * 50.0;
	assert_int_equal(report_add_goroutines(&in, 0, 5, NAN), 0);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(report_add_request(&in, 1000 + i * 50.0, i % 2, REQ_OK), 0);
		if (i % 2)
			assert_int_equal(report_add_goroutines(&in, 1000 + i * 50.0 + 25, 5 + (i + 1) / 2, NAN), 0);
	}
	in.sent = in.ok = in.scheduled = 100;
	in.sched_duration_ms = 5000;
	judge();
	assert_int_equal(rep.verdict, REPORT_BLOCKED_LEAK);
	assert_int_equal(rep.culprit.target, -1);
	assert_int_equal(rep.culprit.ambiguous, 1);
	assert_non_null(strstr(text, "leaking     not told apart"));
}

static void nnls_keeps_every_coefficient_at_or_above_zero(void **state)
{
	/* y = 2 x0 - 1 x1 is best fit with beta1 < 0; NNLS gives beta1 = 0. */
	double x[8], y[4], beta[2];

	(void)state;
	for (int i = 0; i < 4; i++) {
		x[i * 2] = i + 1;
		x[i * 2 + 1] = (i + 1) * (i + 1);
		y[i] = 2 * x[i * 2] - x[i * 2 + 1] * 0.1;
	}
	report_nnls(x, y, 4, 2, beta);
	assert_true(beta[1] == 0);
	assert_true(beta[0] > 0);
	/* and an exact fit is found */
	for (int i = 0; i < 4; i++)
		y[i] = 3 * x[i * 2] + 0.5 * x[i * 2 + 1];
	assert_true(report_nnls(x, y, 4, 2, beta) < 1e-9);
	assert_true(fabs(beta[0] - 3) < 1e-6 && fabs(beta[1] - 0.5) < 1e-6);
}

/* ---------------------------------------------------- hunts and CI */

static void a_hunt_hides_the_evidence(void **state)
{
	(void)state;
	mix(0, 0);
	in.verdict_hidden = 1;
	in.proven_leaked = 50;
	add_g("main.wait (main.go", 9, "chan receive", 1, 1, 50, 0, 50);
	judge();
	assert_null(strstr(text, "proof"));
	assert_null(strstr(text, "waiting on"));
	assert_null(strstr(text, "leaking "));
	assert_non_null(strstr(json, "\"proof\": null,"));
	assert_non_null(strstr(json, "\"waiting_on\": null,"));
	assert_non_null(strstr(json, "\"leaking_target\": null,"));
}

static void expect_words(void **state)
{
	(void)state;
	assert_int_equal(report_verdict_matches(REPORT_NO_LEAK, "no leak"), 1);
	assert_int_equal(report_verdict_matches(REPORT_UNKNOWN, "no leak"), 0);
	assert_int_equal(report_verdict_matches(REPORT_BLOCKED_LEAK, "blocked leak"), 1);
	assert_int_equal(report_verdict_matches(REPORT_RUNNABLE_LEAK, "blocked leak"), 0);
	assert_int_equal(report_verdict_matches(REPORT_NO_LEAK, "unknown"), -1);
	assert_int_equal(report_verdict_matches(REPORT_NO_LEAK, "No leak"), -1);
	assert_int_equal(report_verdict_matches(REPORT_NO_LEAK, ""), -1);
}

static void the_expected_verdict_is_said(void **state)
{
	(void)state;
	make_run(40, zero, g_grow, 12);
	snprintf(in.expected, sizeof(in.expected), "no leak");
	judge();
	assert_non_null(strstr(text, "expected    no leak: NOT met"));
	assert_non_null(strstr(json, "\"expected_met\": false,"));
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
		cmocka_unit_test(a_proven_leak_says_forever),
		cmocka_unit_test(growth_the_runtime_cannot_prove_is_not_forever),
		cmocka_unit_test(a_go_without_the_profile_proves_nothing),
		cmocka_unit_test(the_grown_are_named_by_their_wait),
		cmocka_unit_test(without_pprof_scheddetail_names_the_wait),
		cmocka_unit_test(a_server_connection_is_named_last),
		cmocka_unit_test(the_profile_writer_is_left_out),
		cmocka_unit_test(a_creator_frame_is_said),
		cmocka_unit_test(goroutines_asleep_may_wake),
		cmocka_unit_test(a_chain_held_by_sleepers_may_wake_too),
		cmocka_unit_test(proven_leaks_beside_sleepers_are_leaks),
		cmocka_unit_test(queues_that_drain_are_no_runnable_leak),
		cmocka_unit_test(the_mean_of_198_56_0_is_no_leak),
		cmocka_unit_test(queues_still_draining_are_unknown),
		cmocka_unit_test(queues_that_hold_are_a_runnable_leak),
		cmocka_unit_test(no_count_and_flat_queues_is_unknown),
		cmocka_unit_test(pprof_lost_before_the_end_is_unknown),
		cmocka_unit_test(pprof_lost_after_growth_still_judges),
		cmocka_unit_test(attached_running_growth_is_runnable),
		cmocka_unit_test(attached_without_growth_is_no_leak),
		cmocka_unit_test(attached_without_pprof_is_unknown),
		cmocka_unit_test(the_leaking_target_is_found),
		cmocka_unit_test(the_leaking_outcome_is_found),
		cmocka_unit_test(targets_in_lockstep_are_not_told_apart),
		cmocka_unit_test(nnls_keeps_every_coefficient_at_or_above_zero),
		cmocka_unit_test(a_hunt_hides_the_evidence),
		cmocka_unit_test(expect_words),
		cmocka_unit_test(the_expected_verdict_is_said),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
