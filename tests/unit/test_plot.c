/* test_plot.c - the text of plot.gp */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "plot.h"

static char buf[32768];

static struct plot_spec spec(int np, int detail)
{
	struct plot_spec s;

	memset(&s, 0, sizeof(s));
	snprintf(s.title, sizeof(s.title), "Lab's \"title\" for {} @x");
	snprintf(s.endpoint, sizeof(s.endpoint), "/leak");
	snprintf(s.probe, sizeof(s.probe), "/healthz");
	s.np = np;
	s.detail = detail;
	s.have_trace = s.have_requests = s.have_goroutines = s.have_probe = 1;
	s.xmax_s = 42.5;
	return s;
}

static void formats_parse(void **state)
{
	(void)state;
	char err[128];
	int f;

	assert_int_equal(plot_parse_formats("png", &f, err, sizeof(err)), 0);
	assert_int_equal(f, PLOT_PNG);
	assert_int_equal(plot_parse_formats("svg,pdf,dumb,png", &f, err, sizeof(err)), 0);
	assert_int_equal(f, PLOT_PNG | PLOT_SVG | PLOT_PDF | PLOT_DUMB);
	assert_int_equal(plot_parse_formats("png,gif", &f, err, sizeof(err)), -1);
	assert_string_equal(err, "unknown format 'gif' (png, svg, pdf, dumb)");
	assert_int_equal(plot_parse_formats("", &f, err, sizeof(err)), -1);
}

static void queue_chart_stacks_every_p_over_the_global_queue(void **state)
{
	(void)state;
	struct plot_spec s = spec(4, 0);

	assert_true(plot_script(&s, buf, sizeof(buf)) < sizeof(buf));
	assert_non_null(strstr(buf, "Q = 9; P0 = 12; NP = 4"));
	assert_non_null(strstr(buf, "for [k=NP:1:-1] 'trace.tsv' using ($1/1000):(column(Q) + sum [j=0:k-1] column(P0+j))"));
	assert_non_null(strstr(buf, "with filledcurves y=0 lc rgb GLOBAL title 'global run queue'"));
	assert_non_null(strstr(buf, "smooth cumulative with steps"));
	assert_non_null(strstr(buf, "set xrange [0:42.500]"));
	/* Slide-ready: 16:9, large type, a colour-blind-safe palette. */
	assert_non_null(strstr(buf, "size 1920,1080"));
	assert_non_null(strstr(buf, "size 13.333in,7.5in"));
	assert_non_null(strstr(buf, "#0072B2"));
	assert_non_null(strstr(buf, "set multiplot layout 2,2"));
	/* The title cannot break out of its quotes. */
	assert_non_null(strstr(buf, "TITLE = 'Lab s  title  for {}  x'"));
}

static void detail_moves_the_p_columns_and_adds_g_states(void **state)
{
	(void)state;
	struct plot_spec s = spec(2, 1);

	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "P0 = 17; NP = 2"));
	assert_non_null(strstr(buf, "title 'waiting'"));
	assert_non_null(strstr(buf, "title 'runnable'"));
}

static void missing_data_draws_no_empty_series(void **state)
{
	(void)state;
	struct plot_spec s = spec(1, 0);

	s.have_trace = s.have_requests = s.have_goroutines = s.have_probe = 0;
	plot_script(&s, buf, sizeof(buf));
	assert_null(strstr(buf, "'requests.tsv'"));
	assert_null(strstr(buf, "'goroutines.tsv'"));
	assert_null(strstr(buf, "'probe.tsv'"));
	assert_non_null(strstr(buf, "no schedtrace sample was recorded"));
	s = spec(1, 0);
	s.have_probe = 0;
	s.have_probe_failed = 1;
	plot_script(&s, buf, sizeof(buf));
	assert_null(strstr(buf, "title 'answered'"));
	assert_non_null(strstr(buf, "failed or timed out"));
}

static void length_is_reported_like_snprintf(void **state)
{
	(void)state;
	struct plot_spec s = spec(8, 1);
	size_t n = plot_script(&s, NULL, 0);

	assert_true(n > 1000);
	assert_int_equal(plot_script(&s, buf, sizeof(buf)), n);
	assert_int_equal(strlen(buf), n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_parse),
		cmocka_unit_test(queue_chart_stacks_every_p_over_the_global_queue),
		cmocka_unit_test(detail_moves_the_p_columns_and_adds_g_states),
		cmocka_unit_test(missing_data_draws_no_empty_series),
		cmocka_unit_test(length_is_reported_like_snprintf),
	};
	return cmocka_run_group_tests_name("plot", tests, NULL, NULL);
}
