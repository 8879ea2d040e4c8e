/* test_stats.c - histogram quantiles and least-squares fits */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "stats.h"

static void exact_below_one_ms(void **state)
{
	(void)state;
	struct stats_hist *h = malloc(sizeof(*h));

	stats_hist_init(h);
	for (int i = 1; i <= 100; i++)
		stats_hist_add(h, i);
	assert_int_equal(h->count, 100);
	assert_true(stats_hist_quantile(h, 0.5) == 51);   /* bucket [50,51) upper edge */
	assert_true(stats_hist_quantile(h, 0.99) == 100);
	assert_true(stats_hist_quantile(h, 1) == 100);
	assert_true(stats_hist_quantile(h, 0) == 1);

	/* One value alone: every quantile is that value, the min and the max. */
	static const double alone[] = { 255, 256, 999, 1023, 1024 };
	for (size_t i = 0; i < sizeof(alone) / sizeof(alone[0]); i++) {
		stats_hist_init(h);
		stats_hist_add(h, alone[i]);
		assert_true(stats_hist_quantile(h, 0.5) == alone[i]);
		assert_true(stats_hist_quantile(h, 0.99) == alone[i]);
	}
	/* Beside a far larger value (so no clamp hides the bucket), the median
	 * is the upper edge of the value's bucket: 1 us wide up to 1023 us,
	 * then 1/64 of the power of two (16 us from 1024). */
	static const struct { double v, q; } beside[] = {
		{ 255, 256 }, { 255.5, 256 }, { 256, 257 }, { 999, 1000 }, { 1023, 1024 }, { 1024, 1040 }, { 1100, 1104 },
	};
	for (size_t i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
		double q;

		stats_hist_init(h);
		stats_hist_add(h, beside[i].v);
		stats_hist_add(h, 1e6);
		q = stats_hist_quantile(h, 0.5);
		if (q != beside[i].q)
			fail_msg("%g: median %g, want %g", beside[i].v, q, beside[i].q);
	}
	free(h);
}

static void large_values_within_two_percent(void **state)
{
	(void)state;
	struct stats_hist *h = malloc(sizeof(*h));
	double vals[] = { 1500, 12345, 987654, 5e6, 3.3e9 };

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		stats_hist_init(h);
		stats_hist_add(h, 1);
		stats_hist_add(h, vals[i]);
		stats_hist_add(h, vals[i] * 10);
		double q = stats_hist_quantile(h, 0.5);
		assert_true(q >= vals[i] && q <= vals[i] * 1.02);
	}
	stats_hist_init(h);
	assert_true(stats_hist_quantile(h, 0.5) == 0);
	stats_hist_add(h, -5);
	assert_true(h->min_us == 0);
	free(h);
}

static void fit_recovers_a_line(void **state)
{
	(void)state;
	double x[50], y[50];
	struct stats_fit f;

	for (int i = 0; i < 50; i++) {
		x[i] = i;
		y[i] = 2.5 * i - 7;
	}
	stats_linear_fit(x, y, 50, &f);
	assert_true(fabs(f.slope - 2.5) < 1e-12);
	assert_true(fabs(f.intercept + 7) < 1e-9);
	assert_true(fabs(f.r2 - 1) < 1e-12);
	for (int i = 0; i < 50; i++)
		y[i] = (i % 2) ? 10 : 0;   /* no trend */
	stats_linear_fit(x, y, 50, &f);
	assert_true(fabs(f.slope) < 0.02);
	assert_true(f.r2 < 0.01);
}

static void fit_degenerate_inputs(void **state)
{
	(void)state;
	double x[3] = { 1, 1, 1 }, y[3] = { 4, 5, 6 };
	struct stats_fit f;

	stats_linear_fit(x, y, 3, &f);
	assert_true(f.slope == 0 && f.r2 == 0 && f.intercept == 5);
	stats_linear_fit(x, y, 1, &f);
	assert_true(f.slope == 0 && f.n == 1);
	stats_linear_fit(x, y, 0, &f);
	assert_true(f.n == 0);
	double x2[3] = { 0, 1, 2 }, y2[3] = { 3, 3, 3 };
	stats_linear_fit(x2, y2, 3, &f);
	assert_true(f.slope == 0 && isnan(f.r2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_below_one_ms),
		cmocka_unit_test(large_values_within_two_percent),
		cmocka_unit_test(fit_recovers_a_line),
		cmocka_unit_test(fit_degenerate_inputs),
	};
	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
