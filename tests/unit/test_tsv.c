/* test_tsv.c - tab-separated tables read by column name */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tsv.h"

/* Every test's tables live in one mkdtemp directory, emptied and removed
 * at the end even when a test fails. */
static char dir[] = "/tmp/leaklab-test-tsv-XXXXXX";

static int make_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
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
	return rmdir(dir);
}

/* Write text to dir/table.tsv and open it as a table. */
static struct tsv *table(const char *text)
{
	char path[PATH_MAX];
	FILE *f;
	struct tsv *t;

	snprintf(path, sizeof(path), "%s/table.tsv", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
	t = tsv_open(path);
	assert_non_null(t);
	return t;
}

static void columns_are_found_by_name_wherever_they_stand(void **state)
{
	struct tsv *t = table("t_ms\ttotal\tidle_conns\n");

	(void)state;
	assert_int_equal(t->ncols, 3);
	assert_int_equal(tsv_col(t, "t_ms"), 0);
	assert_int_equal(tsv_col(t, "total"), 1);
	assert_int_equal(tsv_col(t, "idle_conns"), 2);
	tsv_close(t);
	t = table("idle_conns\tt_ms\ttotal\n");
	assert_int_equal(tsv_col(t, "t_ms"), 1);
	assert_int_equal(tsv_col(t, "total"), 2);
	assert_int_equal(tsv_col(t, "idle_conns"), 0);
	tsv_close(t);
}

/* The whole name, exactly: no prefix, no case folding. */
static void an_unknown_column_is_minus_one(void **state)
{
	struct tsv *t = table("t_ms\ttotal\n");

	(void)state;
	assert_int_equal(tsv_col(t, "status"), -1);
	assert_int_equal(tsv_col(t, "t"), -1);
	assert_int_equal(tsv_col(t, "t_ms_"), -1);
	assert_int_equal(tsv_col(t, "T_MS"), -1);
	assert_int_equal(tsv_col(t, ""), -1);
	tsv_close(t);
}

static void rows_read_as_numbers_and_text_by_column(void **state)
{
	struct tsv *t = table("t_ms\tstatus\ttarget\n"
			      "1000.250\t200\tGET /leak\n"
			      "-3.5\t503\tPOST /x\n");
	int ct = tsv_col(t, "t_ms"), cs = tsv_col(t, "status"), cg = tsv_col(t, "target");

	(void)state;
	assert_int_equal(tsv_next(t), 1);
	assert_true(tsv_num(t, ct) == 1000.25);
	assert_true(tsv_num(t, cs) == 200);
	assert_string_equal(tsv_str(t, cg), "GET /leak");
	assert_string_equal(tsv_str(t, ct), "1000.250");
	assert_int_equal(tsv_next(t), 1);
	assert_true(tsv_num(t, ct) == -3.5);
	assert_true(tsv_num(t, cs) == 503);
	assert_string_equal(tsv_str(t, cg), "POST /x");
	assert_int_equal(tsv_next(t), 0);
	assert_int_equal(tsv_next(t), 0); /* and stays at the end */
	tsv_close(t);
}

/* A column an older file lacks: -1 from tsv_col, then NaN and "". */
static void a_missing_column_reads_as_nan_and_empty_text(void **state)
{
	struct tsv *t = table("t_ms\ttotal\n5\t7\n");
	int ci = tsv_col(t, "idle_conns");

	(void)state;
	assert_int_equal(ci, -1);
	assert_int_equal(tsv_next(t), 1);
	assert_true(isnan(tsv_num(t, ci)));
	assert_string_equal(tsv_str(t, ci), "");
	assert_true(isnan(tsv_num(t, 99)));
	assert_string_equal(tsv_str(t, 99), "");
	tsv_close(t);
}

static void a_dash_or_an_empty_field_is_a_missing_number(void **state)
{
	struct tsv *t = table("a\tb\tc\n-\t\t3\n");

	(void)state;
	assert_int_equal(tsv_next(t), 1);
	assert_int_equal(t->nfields, 3);
	assert_true(isnan(tsv_num(t, 0)));
	assert_string_equal(tsv_str(t, 0), "-"); /* as text it stays what it is */
	assert_true(isnan(tsv_num(t, 1)));
	assert_string_equal(tsv_str(t, 1), "");
	assert_true(tsv_num(t, 2) == 3);
	tsv_close(t);
}

static void text_that_is_not_wholly_a_number_is_nan(void **state)
{
	struct tsv *t = table("a\tb\tc\td\te\tf\tg\n12abc\tabc\t1.5 \t--1\t1e3\t-0.125\t7\n");

	(void)state;
	assert_int_equal(tsv_next(t), 1);
	assert_true(isnan(tsv_num(t, 0)));
	assert_true(isnan(tsv_num(t, 1)));
	assert_true(isnan(tsv_num(t, 2)));
	assert_true(isnan(tsv_num(t, 3)));
	assert_true(tsv_num(t, 4) == 1000);
	assert_true(tsv_num(t, 5) == -0.125);
	assert_true(tsv_num(t, 6) == 7);
	tsv_close(t);
}

/* A row cut short (a run killed mid-write): its last columns are missing,
 * the ones it has still read. */
static void a_short_row_leaves_its_last_columns_missing(void **state)
{
	struct tsv *t = table("seq\tt_ms\tstatus\n7\n8\t12.5\n");

	(void)state;
	assert_int_equal(tsv_next(t), 1);
	assert_int_equal(t->nfields, 1);
	assert_true(tsv_num(t, 0) == 7);
	assert_true(isnan(tsv_num(t, 1)));
	assert_true(isnan(tsv_num(t, 2)));
	assert_string_equal(tsv_str(t, 2), "");
	assert_int_equal(tsv_next(t), 1);
	assert_int_equal(t->nfields, 2);
	assert_true(tsv_num(t, 1) == 12.5);
	assert_true(isnan(tsv_num(t, 2)));
	tsv_close(t);
}

/* Extra fields past the header's do not move the named ones. */
static void a_long_row_keeps_its_named_columns(void **state)
{
	struct tsv *t = table("a\tb\n1\t2\t3\t4\n");

	(void)state;
	assert_int_equal(tsv_next(t), 1);
	assert_true(tsv_num(t, tsv_col(t, "a")) == 1);
	assert_true(tsv_num(t, tsv_col(t, "b")) == 2);
	tsv_close(t);
}

/* Empty cells between tabs and after a last tab are fields too. */
static void empty_fields_keep_their_places(void **state)
{
	struct tsv *t = table("a\tb\tc\n\t\t9\n1\t2\t\n");

	(void)state;
	assert_int_equal(tsv_next(t), 1);
	assert_int_equal(t->nfields, 3);
	assert_string_equal(tsv_str(t, 0), "");
	assert_string_equal(tsv_str(t, 1), "");
	assert_true(tsv_num(t, 2) == 9);
	assert_int_equal(tsv_next(t), 1);
	assert_int_equal(t->nfields, 3);
	assert_true(tsv_num(t, 1) == 2);
	assert_string_equal(tsv_str(t, 2), "");
	tsv_close(t);
}

static void a_header_only_file_has_columns_and_no_rows(void **state)
{
	struct tsv *t = table("seq\tt_ms\n");

	(void)state;
	assert_int_equal(t->ncols, 2);
	assert_int_equal(tsv_col(t, "t_ms"), 1);
	assert_int_equal(tsv_next(t), 0);
	tsv_close(t);
	t = table("seq\tt_ms"); /* no newline either */
	assert_int_equal(t->ncols, 2);
	assert_int_equal(tsv_col(t, "t_ms"), 1);
	assert_int_equal(tsv_next(t), 0);
	tsv_close(t);
}

static void an_empty_file_is_a_table_with_no_columns_and_no_rows(void **state)
{
	struct tsv *t = table("");

	(void)state;
	assert_int_equal(t->ncols, 0);
	assert_int_equal(tsv_col(t, "seq"), -1);
	assert_int_equal(tsv_next(t), 0);
	tsv_close(t);
}

static void a_missing_file_is_null_with_enoent(void **state)
{
	char path[PATH_MAX];

	(void)state;
	snprintf(path, sizeof(path), "%s/no-such.tsv", dir);
	errno = 0;
	assert_null(tsv_open(path));
	assert_int_equal(errno, ENOENT);
	tsv_close(NULL);
}

/* fopen takes a directory; its failed header read is no empty file. */
static void a_directory_is_null_not_an_empty_table(void **state)
{
	struct tsv *t;

	(void)state;
	errno = 0;
	t = tsv_open(dir);
	if (t) {
		int ncols = t->ncols;

		tsv_close(t);
		fail_msg("tsv_open(a directory) gave a table of %d columns", ncols);
	}
	assert_int_equal(errno, EISDIR);
}

static void a_last_row_without_a_newline_is_read(void **state)
{
	struct tsv *t = table("a\tb\n1\t2\n3\t4");

	(void)state;
	assert_int_equal(tsv_next(t), 1);
	assert_int_equal(tsv_next(t), 1);
	assert_true(tsv_num(t, 1) == 4);
	assert_string_equal(tsv_str(t, 1), "4");
	assert_int_equal(tsv_next(t), 0);
	tsv_close(t);
}

/* A file saved on Windows: the CR is not part of the last column's name
 * or of the last field's value. */
static void crlf_line_ends_are_not_part_of_the_last_field(void **state)
{
	struct tsv *t = table("t_ms\tstatus\r\n5\t200\r\n6\tok\r\n");
	int cs = tsv_col(t, "status");

	(void)state;
	assert_int_equal(cs, 1);
	assert_int_equal(tsv_next(t), 1);
	assert_true(tsv_num(t, cs) == 200);
	assert_string_equal(tsv_str(t, cs), "200");
	assert_int_equal(tsv_next(t), 1);
	assert_string_equal(tsv_str(t, cs), "ok");
	assert_int_equal(tsv_next(t), 0);
	tsv_close(t);
}

static void blank_lines_are_skipped(void **state)
{
	struct tsv *t = table("a\n\n1\n\n\n2\n\n");

	(void)state;
	assert_int_equal(tsv_next(t), 1);
	assert_true(tsv_num(t, 0) == 1);
	assert_int_equal(tsv_next(t), 1);
	assert_true(tsv_num(t, 0) == 2);
	assert_int_equal(tsv_next(t), 0);
	tsv_close(t);
}

/* CRLF files' blank lines are skipped as LF ones are, not read as a row
 * of one empty field. */
static void blank_crlf_lines_are_skipped_too(void **state)
{
	struct tsv *t = table("a\r\n1\r\n\r\n2\r\n\r\n");

	(void)state;
	assert_int_equal(tsv_next(t), 1);
	assert_true(tsv_num(t, 0) == 1);
	assert_int_equal(tsv_next(t), 1);
	if (isnan(tsv_num(t, 0)))
		fail_msg("the blank line \"\\r\\n\" was read as a row");
	assert_true(tsv_num(t, 0) == 2);
	assert_int_equal(tsv_next(t), 0);
	tsv_close(t);
}

/* 1 MiB in one field: the line buffer grows, nothing is cut. */
static void a_very_long_line_is_read_whole(void **state)
{
	size_t n = 1 << 20;
	char *text = malloc(n + 64);
	struct tsv *t;

	(void)state;
	assert_non_null(text);
	memcpy(text, "error\tstatus\n", 13);
	memset(text + 13, 'e', n);
	snprintf(text + 13 + n, 64, "\t504\n");
	t = table(text);
	free(text);
	assert_int_equal(tsv_next(t), 1);
	assert_int_equal(strlen(tsv_str(t, 0)), n);
	assert_true(tsv_num(t, tsv_col(t, "status")) == 504);
	assert_int_equal(tsv_next(t), 0);
	tsv_close(t);
}

/* Past TSV_MAX_COLS columns are dropped, not written past the arrays. */
static void columns_past_the_limit_are_dropped_safely(void **state)
{
	int n = TSV_MAX_COLS + 100;
	size_t cap = (size_t)n * 16 * 2, at = 0;
	char *text = malloc(cap), last[32];
	struct tsv *t;

	(void)state;
	assert_non_null(text);
	for (int i = 0; i < n; i++)
		at += (size_t)snprintf(text + at, cap - at, "c%d%c", i, i + 1 < n ? '\t' : '\n');
	for (int i = 0; i < n; i++)
		at += (size_t)snprintf(text + at, cap - at, "%d%c", i, i + 1 < n ? '\t' : '\n');
	t = table(text);
	free(text);
	assert_int_equal(t->ncols, TSV_MAX_COLS);
	snprintf(last, sizeof(last), "c%d", TSV_MAX_COLS - 1);
	assert_int_equal(tsv_col(t, last), TSV_MAX_COLS - 1);
	snprintf(last, sizeof(last), "c%d", TSV_MAX_COLS);
	assert_int_equal(tsv_col(t, last), -1);
	assert_int_equal(tsv_next(t), 1);
	assert_int_equal(t->nfields, TSV_MAX_COLS);
	assert_true(tsv_num(t, TSV_MAX_COLS - 1) == TSV_MAX_COLS - 1);
	assert_true(isnan(tsv_num(t, TSV_MAX_COLS)));
	tsv_close(t);
}

/* rowno: 1 is the header, then one more per row read. */
static void rowno_counts_the_header_and_each_row(void **state)
{
	struct tsv *t = table("a\n1\n2\n");

	(void)state;
	assert_int_equal(t->rowno, 1);
	assert_int_equal(tsv_next(t), 1);
	assert_int_equal(t->rowno, 2);
	assert_int_equal(tsv_next(t), 1);
	assert_int_equal(t->rowno, 3);
	tsv_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(columns_are_found_by_name_wherever_they_stand),
		cmocka_unit_test(an_unknown_column_is_minus_one),
		cmocka_unit_test(rows_read_as_numbers_and_text_by_column),
		cmocka_unit_test(a_missing_column_reads_as_nan_and_empty_text),
		cmocka_unit_test(a_dash_or_an_empty_field_is_a_missing_number),
		cmocka_unit_test(text_that_is_not_wholly_a_number_is_nan),
		cmocka_unit_test(a_short_row_leaves_its_last_columns_missing),
		cmocka_unit_test(a_long_row_keeps_its_named_columns),
		cmocka_unit_test(empty_fields_keep_their_places),
		cmocka_unit_test(a_header_only_file_has_columns_and_no_rows),
		cmocka_unit_test(an_empty_file_is_a_table_with_no_columns_and_no_rows),
		cmocka_unit_test(a_missing_file_is_null_with_enoent),
		cmocka_unit_test(a_last_row_without_a_newline_is_read),
		cmocka_unit_test(crlf_line_ends_are_not_part_of_the_last_field),
		cmocka_unit_test(blank_lines_are_skipped),
		cmocka_unit_test(blank_crlf_lines_are_skipped_too),
		cmocka_unit_test(a_directory_is_null_not_an_empty_table),
		cmocka_unit_test(a_very_long_line_is_read_whole),
		cmocka_unit_test(columns_past_the_limit_are_dropped_safely),
		cmocka_unit_test(rowno_counts_the_header_and_each_row),
	};
	return cmocka_run_group_tests_name("tsv", tests, make_dir, remove_dir);
}
