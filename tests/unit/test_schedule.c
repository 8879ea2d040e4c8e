/* test_schedule.c - schedule parsing and exact send times */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "schedule.h"

static struct schedule_error err;

static struct schedule *ok(const char *text)
{
	struct schedule *s = schedule_parse(text, 0, &err);

	if (!s)
		fail_msg("'%s' should parse: %s", text, err.msg);
	return s;
}

static void constant_rate_is_evenly_spaced(void **state)
{
	(void)state;
	struct schedule *s = ok("5/s for 10s");

	assert_int_equal(s->total, 50);
	assert_true(s->duration_ms == 10000);
	for (uint64_t k = 0; k < s->total; k++)
		assert_true(fabs(schedule_time_ms(s, k) - 200.0 * (double)k) < 1e-9);
	schedule_free(s);
}

static void ramp_times_invert_the_integral(void **state)
{
	(void)state;
	/* rate(t) = 1 + 19 t/30 per second: N(t) = t + 19 t^2 / 60. */
	struct schedule *s = ok("ramp 1/s..20/s for 30s");

	assert_int_equal(s->total, 315);
	for (uint64_t k = 0; k < s->total; k++) {
		double t = schedule_time_ms(s, k) / 1000;

		assert_true(fabs(t + 19 * t * t / 60 - (double)k) < 1e-6);
		assert_true(t < 30);
	}
	/* Gaps shrink as the rate climbs. */
	assert_true(schedule_time_ms(s, 1) - schedule_time_ms(s, 0) >
		    schedule_time_ms(s, 314) - schedule_time_ms(s, 313));
	schedule_free(s);
}

static void ramp_down_and_from_zero(void **state)
{
	(void)state;
	struct schedule *s = ok("ramp 20/s..0/s for 10s");

	assert_int_equal(s->total, 100);
	assert_true(schedule_time_ms(s, 99) < 10000);
	schedule_free(s);
	s = ok("ramp 0/s..10/s for 10s");
	assert_int_equal(s->total, 50);
	assert_true(schedule_time_ms(s, 0) == 0);
	assert_true(fabs(schedule_time_ms(s, 49) - sqrt(2 * 49.0) * 1000) < 1e-6);
	schedule_free(s);
}

static void segments_run_in_order(void **state)
{
	(void)state;
	struct schedule *s = ok("2/s for 1s, pause 5s, burst 3, 1/s for 2s");

	assert_int_equal(s->nsegs, 4);
	assert_int_equal(s->total, 2 + 3 + 2);
	assert_true(s->duration_ms == 8000);
	assert_true(schedule_time_ms(s, 0) == 0);
	assert_true(schedule_time_ms(s, 1) == 500);
	assert_true(schedule_time_ms(s, 2) == 6000);
	assert_true(schedule_time_ms(s, 4) == 6000);
	assert_true(schedule_time_ms(s, 5) == 6000);
	assert_true(schedule_time_ms(s, 6) == 7000);
	schedule_free(s);
}

static void iterator_matches_random_access(void **state)
{
	(void)state;
	struct schedule *s = ok("3/s for 2s, burst 2, ramp 1/s..4/s for 3s, pause 1s, 7/m for 1m");
	struct schedule_iter it;
	uint64_t k = 0;
	double t;

	schedule_iter_init(&it, s);
	while (schedule_next(&it, &t)) {
		assert_true(t == schedule_time_ms(s, k));
		k++;
	}
	assert_int_equal(k, s->total);
	schedule_free(s);
}

static void long_runs_do_not_drift(void **state)
{
	(void)state;
	/* 0.1 is not exact in binary: summing gaps would drift; this does not. */
	struct schedule *s = ok("10/s for 1000s");

	assert_int_equal(s->total, 10000);
	assert_true(fabs(schedule_time_ms(s, 9999) - 999900.0) < 1e-6);
	schedule_free(s);
	s = ok("0.1/s for 30s");
	assert_int_equal(s->total, 3);
	schedule_free(s);
}

static void units_and_short_form(void **state)
{
	(void)state;
	struct schedule *s = ok("60/m for 1m");

	assert_int_equal(s->total, 60);
	assert_true(s->duration_ms == 60000);
	schedule_free(s);
	s = ok("100/s for 500ms");
	assert_int_equal(s->total, 50);
	schedule_free(s);
	s = schedule_parse("10/s", 5000, &err);
	assert_non_null(s);
	assert_int_equal(s->total, 50);
	schedule_free(s);
	s = ok("  5/s   for   2s  ,  burst 1 ");
	assert_int_equal(s->total, 11);
	schedule_free(s);
}

static void poisson_is_reproducible_by_seed(void **state)
{
	(void)state;
	struct schedule *a = ok("poisson seed=42, 100/s for 20s");
	struct schedule *b = ok("100/s for 20s, poisson seed=42");
	struct schedule *c = ok("poisson seed=43, 100/s for 20s");
	struct schedule_iter ia, ib, ic;
	double ta, tb, tc, prev = -1;
	uint64_t n = 0, differ = 0;

	assert_true(a->poisson && a->seed == 42);
	schedule_iter_init(&ia, a);
	schedule_iter_init(&ib, b);
	schedule_iter_init(&ic, c);
	while (schedule_next(&ia, &ta)) {
		assert_int_equal(schedule_next(&ib, &tb), 1);
		assert_true(ta == tb);
		assert_true(ta >= prev && ta < 20000);
		if (schedule_next(&ic, &tc) && tc != ta)
			differ++;
		prev = ta;
		n++;
	}
	assert_int_equal(schedule_next(&ib, &tb), 0);
	/* 2000 expected; a Poisson count is within +-5 sigma (+-224). */
	assert_true(n > 1776 && n < 2224);
	assert_true(differ > 100);
	schedule_free(a);
	schedule_free(b);
	schedule_free(c);
}

static void bad_schedules_name_the_text(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "", "empty segment" },
		{ "ramp 1/s..", "'ramp 1/s..': expected a rate like '20/s' after '..'" },
		{ "ramp 1/s 20/s for 3s", "expected '..' between" },
		{ "ramp 1/s..2/s", "expected 'for <duration>'" },
		{ "5/s", "a rate needs a duration" },
		{ "5 for 10s", "rate '5' needs a unit" },
		{ "5/s for 10", "duration '10' needs a unit" },
		{ "5/s for 10s,", "empty segment" },
		{ "5/s for 10s, ,pause 1s", "empty segment" },
		{ "rat 5/s for 1s", "unknown word 'rat'" },
		{ "burst 0", "from 1 to 1000000" },
		{ "burst 2.5", "from 1 to 1000000" },
		{ "burst", "from 1 to 1000000" },
		{ "pause", "expected a duration" },
		{ "-5/s for 1s", "unknown word '-5/s'" },
		{ "5/s for 10s extra", "unexpected 'extra'" },
		{ "2000000/s for 1s", "rate above" },
		{ "1/s for 25h", "unknown unit 'h' in '25h': use ms, s or min" },
		/* A word that starts like a unit is no unit: the whole word is named. */
		{ "10/segundo for 5s", "unknown unit 'segundo' in '10/segundo': use /s or /min" },
		{ "10/s for 5segundos", "unknown unit 'segundos' in '5segundos'" },
		{ "pause 3sec", "unknown unit 'sec' in '3sec'" },
		{ "1/s for 1441m", "longer than a day" },
		{ "1000000/s for 200s", "more than 100000000 requests" },
		{ "poisson, poisson", "given twice" },
		{ "poisson", "no segment" },
		{ "poisson seed=x, 1/s for 1s", "whole number" },
		{ "1e3/s for 1s", "'1e3': write the number out in plain decimal" },
		{ "1e9/s for 1s", "without an exponent" },
		{ "0/s for 1s", "a rate of 0 sends nothing" },
		{ "0.0/s for 1s, pause 1s", "write 'pause <duration>'" },
		{ "1..2/s for 1s", "expected a rate" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct schedule *s = schedule_parse(cases[i].text, 0, &err);

		if (s)
			fail_msg("'%s' should not parse", cases[i].text);
		if (!strstr(err.msg, cases[i].want))
			fail_msg("'%s': message '%s' lacks '%s'", cases[i].text, err.msg, cases[i].want);
	}
}

/* What the charts shade: pauses after some load, neighbours as one. */
static void pauses_after_the_load_are_shaded(void **state)
{
	(void)state;
	struct schedule_error err;
	struct schedule *s;
	double p[8][2];

	/* Lab 06: a baseline, a burst, then the pause. */
	s = schedule_parse("pause 2s, burst 50, pause 12s", 0, &err);
	assert_non_null(s);
	assert_int_equal(schedule_pauses(s, p, 8), 1);
	assert_true(p[0][0] == 2000 && p[0][1] == 14000);
	schedule_free(s);
	/* Two pauses in a row are one; a later one is its own. */
	s = schedule_parse("2/s for 10s, pause 3s, pause 2s, 1/s for 5s, pause 4s", 0, &err);
	assert_non_null(s);
	assert_int_equal(schedule_pauses(s, p, 8), 2);
	assert_true(p[0][0] == 10000 && p[0][1] == 15000);
	assert_true(p[1][0] == 20000 && p[1][1] == 24000);
	/* No room: the first ones. */
	assert_int_equal(schedule_pauses(s, p, 1), 1);
	assert_true(p[0][1] == 15000);
	schedule_free(s);
	/* Nothing sent at all: nothing to shade. */
	s = schedule_parse("pause 5s", 0, &err);
	assert_non_null(s);
	assert_int_equal(schedule_pauses(s, p, 8), 0);
	schedule_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(constant_rate_is_evenly_spaced),
		cmocka_unit_test(ramp_times_invert_the_integral),
		cmocka_unit_test(ramp_down_and_from_zero),
		cmocka_unit_test(segments_run_in_order),
		cmocka_unit_test(iterator_matches_random_access),
		cmocka_unit_test(long_runs_do_not_drift),
		cmocka_unit_test(units_and_short_form),
		cmocka_unit_test(poisson_is_reproducible_by_seed),
		cmocka_unit_test(bad_schedules_name_the_text),
		cmocka_unit_test(pauses_after_the_load_are_shaded),
	};
	return cmocka_run_group_tests_name("schedule", tests, NULL, NULL);
}
