/* test_pollfile.c - probe.tsv and goroutines.tsv: rows written, tables read */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pollfile.h"

/* Every test's tables live in one mkdtemp directory, removed at the end. */
static char dir[] = "/tmp/leaklab-test-pollfile-XXXXXX";

static int make_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

/* After each test, whether it passed or not: an empty directory again. */
static int empty_dir(void **state)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];

	(void)state;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	return 0;
}

static int remove_dir(void **state)
{
	return empty_dir(state) == 0 ? rmdir(dir) : -1;
}

/* Put text in dir/name with stdio, not the module under test. */
static void put(const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* ---- rows ---- */

static void headers_name_the_columns(void **state)
{
	(void)state;
	assert_string_equal(POLLFILE_PROBE_HEADER, "t_ms\tlatency_ms\tstatus\n");
	assert_string_equal(POLLFILE_GOROUTINES_HEADER, "t_ms\ttotal\tidle_conns\n");
}

static void a_probe_row_is_ms_to_the_microsecond_and_a_status(void **state)
{
	(void)state;
	char buf[128];
	const struct pollfile_probe ok = { 1234.5, 3.25, 200 };
	const struct pollfile_probe none = { 0.0004, 5000.0006, 0 };

	assert_int_equal(pollfile_probe_row(&ok, buf, sizeof(buf)), strlen("1234.500\t3.250\t200\n"));
	assert_string_equal(buf, "1234.500\t3.250\t200\n");
	/* status 0: no answer; times rounded to the microsecond */
	pollfile_probe_row(&none, buf, sizeof(buf));
	assert_string_equal(buf, "0.000\t5000.001\t0\n");
}

static void a_goroutines_row_is_whole_counts(void **state)
{
	(void)state;
	char buf[128];
	const struct pollfile_goroutines g = { 1000, 38, 2 };

	assert_int_equal(pollfile_goroutines_row(&g, buf, sizeof(buf)), strlen("1000.000\t38\t2\n"));
	assert_string_equal(buf, "1000.000\t38\t2\n");
}

/* A short buffer: cut, NUL-terminated, and the length is what it holds. */
static void a_short_buffer_gets_what_fits(void **state)
{
	(void)state;
	char buf[8];
	const struct pollfile_probe p = { 1234.5, 3.25, 200 };
	const struct pollfile_goroutines g = { 1000, 38, 2 };

	assert_int_equal(pollfile_probe_row(&p, buf, sizeof(buf)), 7);
	assert_string_equal(buf, "1234.50");
	assert_int_equal(pollfile_goroutines_row(&g, buf, sizeof(buf)), 7);
	assert_string_equal(buf, "1000.00");
}

/* A value the source does not have is '-' (SPEC), never "nan". */
static void an_unknown_value_is_a_dash(void **state)
{
	(void)state;
	char buf[128];
	const struct pollfile_goroutines g = { 1000, 38, NAN };
	const struct pollfile_probe p = { 1000, NAN, 0 };

	pollfile_goroutines_row(&g, buf, sizeof(buf));
	assert_string_equal(buf, "1000.000\t38\t-\n");
	pollfile_probe_row(&p, buf, sizeof(buf));
	assert_string_equal(buf, "1000.000\t-\t0\n");
}

/* ---- reading ---- */

/* What a run writes reads back, row for row. */
static void rows_written_read_back(void **state)
{
	(void)state;
	const struct pollfile_probe probes[] = { { 500, 1.25, 200 }, { 1000, 250.5, 503 }, { 1500, 5000, 0 } };
	const struct pollfile_goroutines gor[] = { { 1000, 6, 0 }, { 2000, 56, 32 } };
	struct pollfile_probe *p;
	struct pollfile_goroutines *g;
	char text[1024], *o;
	size_t n;

	o = text + snprintf(text, sizeof(text), "%s", POLLFILE_PROBE_HEADER);
	for (size_t i = 0; i < 3; i++)
		o += pollfile_probe_row(&probes[i], o, sizeof(text) - (size_t)(o - text));
	put("probe.tsv", text);
	o = text + snprintf(text, sizeof(text), "%s", POLLFILE_GOROUTINES_HEADER);
	for (size_t i = 0; i < 2; i++)
		o += pollfile_goroutines_row(&gor[i], o, sizeof(text) - (size_t)(o - text));
	put("goroutines.tsv", text);

	assert_int_equal(pollfile_read_probes(dir, &p, &n), 0);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_true(p[i].t_ms == probes[i].t_ms);
		assert_true(p[i].latency_ms == probes[i].latency_ms);
		assert_int_equal(p[i].status, probes[i].status);
	}
	free(p);
	assert_int_equal(pollfile_read_goroutines(dir, &g, &n), 0);
	assert_int_equal(n, 2);
	assert_true(g[1].t_ms == 2000 && g[1].total == 56 && g[1].idle_conns == 32);
	assert_true(g[0].t_ms == 1000 && g[0].total == 6 && g[0].idle_conns == 0);
	free(g);
}

/* By the columns' names, whatever their order; a row without a time (or
 * without a total) is skipped, a status that is not there is 0. */
static void columns_are_read_by_name_and_bad_rows_skipped(void **state)
{
	(void)state;
	struct pollfile_probe *p;
	struct pollfile_goroutines *g;
	size_t n;

	put("probe.tsv", "status\tlatency_ms\tt_ms\n"
		"200\t1.5\t100\n"
		"200\t2\t-\n"
		"-\t3.5\t300\n");
	assert_int_equal(pollfile_read_probes(dir, &p, &n), 0);
	assert_int_equal(n, 2);
	assert_true(p[0].t_ms == 100 && p[0].latency_ms == 1.5 && p[0].status == 200);
	assert_true(p[1].t_ms == 300 && p[1].latency_ms == 3.5 && p[1].status == 0);
	free(p);
	put("goroutines.tsv", "idle_conns\ttotal\tt_ms\n"
		"4\t10\t100\n"
		"4\t-\t200\n"
		"x\t12\t300\n");
	assert_int_equal(pollfile_read_goroutines(dir, &g, &n), 0);
	assert_int_equal(n, 2);
	assert_true(g[0].t_ms == 100 && g[0].total == 10 && g[0].idle_conns == 4);
	assert_true(g[1].t_ms == 300 && g[1].total == 12 && isnan(g[1].idle_conns));
	free(g);
}

/* Before idle_conns was counted: the column is absent, the value NAN. */
static void an_old_goroutines_table_has_no_idle_conns(void **state)
{
	(void)state;
	struct pollfile_goroutines *g;
	size_t n;

	put("goroutines.tsv", "t_ms\ttotal\n1000.000\t7\n2000.000\t9\n");
	assert_int_equal(pollfile_read_goroutines(dir, &g, &n), 0);
	assert_int_equal(n, 2);
	assert_true(g[1].total == 9);
	assert_true(isnan(g[0].idle_conns) && isnan(g[1].idle_conns));
	free(g);
}

static void a_missing_table_is_no_rows(void **state)
{
	(void)state;
	struct pollfile_probe *p = (void *)1;
	struct pollfile_goroutines *g = (void *)1;
	size_t n = 99;

	assert_int_equal(pollfile_read_probes(dir, &p, &n), 0);
	assert_null(p);
	assert_int_equal(n, 0);
	n = 99;
	assert_int_equal(pollfile_read_goroutines(dir, &g, &n), 0);
	assert_null(g);
	assert_int_equal(n, 0);
	/* A header alone: no rows either. */
	put("probe.tsv", POLLFILE_PROBE_HEADER);
	assert_int_equal(pollfile_read_probes(dir, &p, &n), 0);
	assert_int_equal(n, 0);
	free(p);
}

/* A long run: the array grows past its first 64 rows, every row kept. */
static void many_rows_are_all_kept(void **state)
{
	(void)state;
	struct pollfile_goroutines *g;
	size_t n, cap = 64 + 1000 * 24;
	char *text = malloc(cap), *o;

	assert_non_null(text);
	o = text + snprintf(text, cap, "%s", POLLFILE_GOROUTINES_HEADER);
	for (int i = 0; i < 1000; i++) {
		struct pollfile_goroutines r = { i * 10.0, i, 0 };

		o += pollfile_goroutines_row(&r, o, cap - (size_t)(o - text));
	}
	put("goroutines.tsv", text);
	free(text);
	assert_int_equal(pollfile_read_goroutines(dir, &g, &n), 0);
	assert_int_equal(n, 1000);
	for (size_t i = 0; i < n; i++)
		if (g[i].total != (double)i || g[i].t_ms != (double)i * 10)
			fail_msg("row %zu: %g at %g", i, g[i].total, g[i].t_ms);
	free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(headers_name_the_columns, empty_dir),
		cmocka_unit_test_teardown(a_probe_row_is_ms_to_the_microsecond_and_a_status, empty_dir),
		cmocka_unit_test_teardown(a_goroutines_row_is_whole_counts, empty_dir),
		cmocka_unit_test_teardown(a_short_buffer_gets_what_fits, empty_dir),
		cmocka_unit_test_teardown(rows_written_read_back, empty_dir),
		cmocka_unit_test_teardown(columns_are_read_by_name_and_bad_rows_skipped, empty_dir),
		cmocka_unit_test_teardown(an_old_goroutines_table_has_no_idle_conns, empty_dir),
		cmocka_unit_test_teardown(a_missing_table_is_no_rows, empty_dir),
		cmocka_unit_test_teardown(many_rows_are_all_kept, empty_dir),
		cmocka_unit_test_teardown(an_unknown_value_is_a_dash, empty_dir),
	};
	return cmocka_run_group_tests_name("pollfile", tests, make_dir, remove_dir);
}
