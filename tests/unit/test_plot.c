/* test_plot.c - the text of plot.gp */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "plot.h"
#include "portuguese.h"

static char buf[65536];

static struct plot_spec spec(int np, int detail)
{
	struct plot_spec s;

	memset(&s, 0, sizeof(s));
	snprintf(s.title, sizeof(s.title), "Lab's \"title\" for {} @x `y`\nset output");
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
	assert_non_null(strstr(buf, "NP = 4 "));
	assert_non_null(strstr(buf, "NB = 4 "));
	/* By the tables' column names, never by position. */
	assert_non_null(strstr(buf, "STACK(k) = column('runqueue') + sum [j=0:LAST(k)-1] column(sprintf('p%d', j))"));
	assert_non_null(strstr(buf, "for [k=NB:1:-1] 'trace.tsv' every THIN using (column('t_ms')/1000):(STACK(k)) with fillsteps"));
	/* report.html's charts: drawn every THIN rows past a thousand; the
	 * requests' line held to the end of the run. */
	assert_non_null(strstr(buf, "THIN = (fmt eq 'page' && SAMPLES > 400) ? ceil(SAMPLES / 400.0) : 1"));
	assert_non_null(strstr(buf, "if (fmt eq 'page') { set terminal svg size 1920,1080 mouse standalone"));
	assert_non_null(strstr(buf, "(column('runqueue')) with fillsteps fs solid 0.9 noborder lc rgb C_GLOBAL title 'global run queue'"));
	assert_non_null(strstr(buf, "(column('queued')) with steps lw (4*LWS) lc rgb C_QUEUED title 'queued: all run queues'"));
	assert_non_null(strstr(buf, "smooth cumulative with steps"));
	assert_null(strstr(buf, "using 1:"));
	assert_null(strstr(buf, "($1"));
	assert_non_null(strstr(buf, "set xrange [0:42.500]"));
	/* Slide-ready: 16:9, large type. */
	assert_non_null(strstr(buf, "size 1920,1080"));
	assert_non_null(strstr(buf, "size 13.333in,7.5in"));
	assert_non_null(strstr(buf, "set multiplot layout 2,3"));
	/* The title cannot break out of its quotes, and keeps every character:
	 * a quote doubled, a newline (a new command) a space. */
	assert_non_null(strstr(buf, "TITLE = 'Lab''s \"title\" for {} @x `y` set output'\n"));
}

/* Samples are steps or points: a line between two samples draws what no
 * sample saw. Only the key's samples (NaN) are lines. */
static void samples_are_steps_not_lines(void **state)
{
	(void)state;
	struct plot_spec s = spec(8, 1);
	const char *p;

	s.have_leaked = s.have_probe_failed = s.have_idle_conns = s.runnable = 1;
	s.time_slice_ms = 18.4;
	plot_script(&s, buf, sizeof(buf));
	for (p = buf; (p = strstr(p, "with lines")); p++)
		if (strncmp(p - 4, "NaN ", 4) != 0)
			fail_msg("a series drawn with lines: ...%.60s", p - 40);
	assert_null(strstr(buf, "filledcurves"));
	assert_non_null(strstr(buf, "with fillsteps"));
	assert_non_null(strstr(buf, "with points"));
}

static int is_hex_colour(const char *c)
{
	if (strlen(c) != 7 || c[0] != '#')
		return 0;
	for (int i = 1; i < 7; i++)
		if (!strchr("0123456789ABCDEF", c[i]))
			return 0;
	return 1;
}

/* One meaning per colour: no two series, and no two bands, alike. */
static void every_colour_means_one_thing(void **state)
{
	(void)state;
	const char *all[COL_NCOLOURS + PLOT_BANDS];
	int n = 0, i, j;

	for (i = 0; i < COL_NCOLOURS; i++) {
		assert_non_null(plot_colours[i].var);
		all[n++] = plot_colours[i].rgb;
	}
	for (i = 0; i < PLOT_BANDS; i++)
		all[n++] = plot_band_colours[i];
	for (i = 0; i < n; i++) {
		assert_non_null(all[i]);
		if (!is_hex_colour(all[i]))
			fail_msg("colour %d is '%s', not #RRGGBB", i, all[i]);
		/* Okabe-Ito yellow washes out on a projector. */
		assert_string_not_equal(all[i], "#F0E442");
		for (j = 0; j < i; j++)
			if (strcmp(all[i], all[j]) == 0)
				fail_msg("colours %d and %d are both %s", j, i, all[i]);
	}
	/* The script uses the table, not its own copies. */
	plot_script(&(struct plot_spec){ .np = 1, .have_trace = 1, .xmax_s = 1 }, buf, sizeof(buf));
	for (i = 0; i < COL_NCOLOURS; i++) {
		char line[64];

		snprintf(line, sizeof(line), "%s = '%s'\n", plot_colours[i].var, plot_colours[i].rgb);
		assert_non_null(strstr(buf, line));
	}
	for (i = 0; i < PLOT_BANDS; i++)
		assert_non_null(strstr(buf, plot_band_colours[i]));
}

/* Every chart of the registry is drawn to its file, and the dashboard
 * has a panel for each chart the registry puts there, plus the key. */
static void the_registry_decides_what_is_drawn(void **state)
{
	(void)state;
	char drawn[256] = "", panels[256] = "", want[320];
	int npanels = 1;

	assert_true(plot_ncharts() >= 2);
	assert_null(plot_chart_at(plot_ncharts()));
	assert_string_equal(plot_chart_at(plot_ncharts() - 1)->name, "dashboard");
	for (size_t i = 0; i + 1 < plot_ncharts(); i++) {
		const struct plot_chart *c = plot_chart_at(i);

		assert_non_null(c->what);
		snprintf(drawn + strlen(drawn), sizeof(drawn) - strlen(drawn), "%s%s", i ? " " : "", c->name);
		if (c->in_dashboard) {
			snprintf(panels + strlen(panels), sizeof(panels) - strlen(panels), "%s ", c->name);
			npanels++;
		}
	}
	plot_script(&(struct plot_spec){ .np = 1, .have_trace = 1, .xmax_s = 1 }, buf, sizeof(buf));
	snprintf(want, sizeof(want), ": '%s')] {", drawn);
	assert_non_null(strstr(buf, want));
	snprintf(want, sizeof(want), "do for [name in '%snotes'] {", panels);
	assert_non_null(strstr(buf, want));
	snprintf(want, sizeof(want), "set multiplot layout 2,%d ", (npanels + 1) / 2);
	assert_non_null(strstr(buf, want));
}

static void ps_beyond_sixteen_share_the_last_band(void **state)
{
	(void)state;
	struct plot_spec s = spec(40, 0);

	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "NP = 40 "));
	assert_non_null(strstr(buf, "NB = 16 "));
	assert_non_null(strstr(buf, "sprintf('P%d to P%d', k-1, NP-1)"));
	s = spec(16, 0);
	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "NB = 16 "));
}

static void detail_adds_the_g_states(void **state)
{
	(void)state;
	struct plot_spec s = spec(2, 1);

	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "title 'waiting'"));
	assert_non_null(strstr(buf, "title 'runnable'"));
	s = spec(2, 0);
	plot_script(&s, buf, sizeof(buf));
	assert_null(strstr(buf, "g_runnable"));
}

static void pauses_are_shaded(void **state)
{
	(void)state;
	struct plot_spec s = spec(1, 0);

	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "pauses = \"\"\n"));
	s.npauses = 2;
	s.pauses[0][0] = 9;
	s.pauses[0][1] = 14;
	s.pauses[1][0] = 20;
	s.pauses[1][1] = 21.5;
	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "set object 1 rect from 9.000, graph 0 to 14.000, graph 1 behind"));
	assert_non_null(strstr(buf, "set object 2 rect from 20.000, graph 0 to 21.500, graph 1 behind"));
	assert_non_null(strstr(buf, "'pause' at 11.500"));
}

/* The gap between queued and requests is labelled only for a runnable leak. */
static void the_gap_is_labelled_for_a_runnable_leak(void **state)
{
	(void)state;
	struct plot_spec s = spec(2, 0);

	s.requests = 24;
	s.queued_end = 22;
	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "queue_extra = ''\n"));
	s.runnable = 1;
	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "title 'gap: running on the Ps'"));
	assert_non_null(strstr(buf, "from 41.862, 22.00 to 41.862, 24.00"));
	s.gomaxprocs = 1;
	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "title 'gap: running on the P'"));
	/* Nothing running (a blocked leak drawn as runnable would lie). */
	s.gomaxprocs = 2;
	s.queued_end = 24;
	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "queue_extra = ''\n"));
	assert_null(strstr(buf, "gap: running"));
}

/* The leak chart: what shows a blocked leak beside a runnable one. */
static void the_leak_chart_puts_queued_and_goroutines_on_one_axis(void **state)
{
	(void)state;
	struct plot_spec s = spec(2, 0);
	const char *leak;

	s.have_leaked = 1;
	s.have_idle_conns = 1;
	plot_script(&s, buf, sizeof(buf));
	assert_non_null(leak = strstr(buf, "\nleak = \"plot "));
	leak = strndup(leak, strcspn(leak + 1, "\n") + 1);
	assert_non_null(strstr(leak, "column('queued')"));
	assert_non_null(strstr(leak, "column('total') - column('idle_conns')"));
	assert_non_null(strstr(leak, "column('g_leaked')"));
	assert_non_null(strstr(leak, ".REQ."));
	free((void *)leak);
	assert_non_null(strstr(buf, "'queue leak goroutines threads latency'"));
	assert_non_null(strstr(buf, "'queue leak goroutines threads latency notes'"));
	/* No pprof: the goroutines come from scheddetail's G lines. */
	s = spec(2, 1);
	s.have_goroutines = 0;
	plot_script(&s, buf, sizeof(buf));
	assert_non_null(leak = strstr(buf, "\nleak = \"plot "));
	leak = strndup(leak, strcspn(leak + 1, "\n") + 1);
	assert_non_null(leak);
	/* Every live state of the G lines is in their sum. */
	assert_non_null(strstr(leak, "column('g_runnable')"));
	assert_non_null(strstr(leak, "column('g_running')"));
	assert_non_null(strstr(leak, "column('g_syscall')"));
	assert_non_null(strstr(leak, "column('g_waiting')"));
	assert_non_null(strstr(leak, "title 'goroutines (G lines)'"));
	assert_null(strstr(leak, "'goroutines.tsv'"));
	free((void *)leak);
}

/* Lab 05: latency beside the prediction queued x time slice / Ps. */
static void latency_has_the_prediction_when_the_slice_is_known(void **state)
{
	(void)state;
	struct plot_spec s = spec(2, 0);

	s.runnable = 1;
	s.gomaxprocs = 2;
	s.time_slice_ms = 18.4;
	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "TS = 18.400"));
	assert_non_null(strstr(buf, "(column('queued') * TS / GOMAXPROCS)"));
	s.time_slice_ms = 0;
	plot_script(&s, buf, sizeof(buf));
	assert_null(strstr(buf, "* TS / GOMAXPROCS"));
}

static void missing_data_draws_no_empty_series(void **state)
{
	(void)state;
	struct plot_spec s = spec(1, 0);

	s.have_trace = s.have_requests = s.have_goroutines = s.have_probe = 0;
	plot_script(&s, buf, sizeof(buf));
	assert_null(strstr(buf, ".REQ."));
	assert_null(strstr(buf, "'goroutines.tsv'"));
	assert_null(strstr(buf, "'probe.tsv'"));
	assert_non_null(strstr(buf, "no schedtrace sample was recorded"));
	/* gnuplot refuses an empty plot on an autoscaled axis: every empty
	 * one has a y range of its own. */
	assert_null(strstr(buf, "plot NaN"));
	assert_non_null(strstr(buf, "latency = \"plot [][0:1] NaN notitle\""));
	assert_non_null(strstr(buf, "threads = \"plot [][0:1] NaN notitle\""));
	s.probe[0] = '\0';
	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "no probe in this run"));
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

/* What a user typed (a probe's path, a verdict) never reaches a
 * double-quoted string, where gnuplot runs `backquotes` and reads
 * backslashes: it is a variable, set in single quotes, and used by name. */
static void typed_text_stays_in_single_quotes(void **state)
{
	(void)state;
	struct plot_spec s = spec(1, 0);

	snprintf(s.probe, sizeof(s.probe), "/h'x`rm -rf y`\\z\"@&^_{w}");
	snprintf(s.verdict, sizeof(s.verdict), "it's \"x\"");
	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "PROBE = '/h''x`rm -rf y`\\z\"@&^_{w}'\n"));
	assert_non_null(strstr(buf, "VERDICT = 'it''s \"x\"'\n"));
	/* Once: the variable, nowhere else. */
	assert_null(strstr(strstr(buf, "`rm -rf y`") + 1, "`rm -rf y`"));
	assert_non_null(strstr(buf, "latency_labels = \"set title sprintf('%s: latency of GET %s', TITLE, PROBE)"));
	assert_non_null(strstr(buf, "notes_labels = \"set title VERDICT font"));
	/* Every terminal prints @ & ^ _ { as they are. */
	assert_null(strstr(buf, " enhanced"));
}

/* In Portuguese (the catalogue the build made) the words are Portuguese,
 * the names programs read (columns, variables) the same. */
static void the_words_follow_the_language(void **state)
{
	(void)state;
	struct plot_spec s = spec(2, 1);

	if (!use_portuguese())
		return;
	assert_true(i18n_pt());
	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "lc rgb C_GLOBAL title 'fila global (GRQ)'"));
	assert_non_null(strstr(buf, "queue_labels = \"set title sprintf('%s: goroutines na fila', TITLE)"));
	assert_non_null(strstr(buf, "set xlabel 'tempo desde o início do programa (s)'"));
	assert_non_null(strstr(buf, "sprintf('fila local de P%d', k-1)"));
	assert_non_null(strstr(buf, "set encoding utf8"));
	assert_null(strstr(buf, "title 'global run queue'"));   /* the comments stay English */
	assert_non_null(strstr(buf, "column('queued')"));
	setenv("LANGUAGE", "C", 1);
	setenv("LC_ALL", "C", 1);
	i18n_init("build/leaklab");
	plot_script(&s, buf, sizeof(buf));
	assert_non_null(strstr(buf, "lc rgb C_GLOBAL title 'global run queue'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_parse),
		cmocka_unit_test(queue_chart_stacks_every_p_over_the_global_queue),
		cmocka_unit_test(samples_are_steps_not_lines),
		cmocka_unit_test(every_colour_means_one_thing),
		cmocka_unit_test(the_registry_decides_what_is_drawn),
		cmocka_unit_test(ps_beyond_sixteen_share_the_last_band),
		cmocka_unit_test(detail_adds_the_g_states),
		cmocka_unit_test(pauses_are_shaded),
		cmocka_unit_test(the_gap_is_labelled_for_a_runnable_leak),
		cmocka_unit_test(the_leak_chart_puts_queued_and_goroutines_on_one_axis),
		cmocka_unit_test(latency_has_the_prediction_when_the_slice_is_known),
		cmocka_unit_test(missing_data_draws_no_empty_series),
		cmocka_unit_test(length_is_reported_like_snprintf),
		cmocka_unit_test(typed_text_stays_in_single_quotes),
		cmocka_unit_test(the_words_follow_the_language),
	};
	return cmocka_run_group_tests_name("plot", tests, NULL, NULL);
}
