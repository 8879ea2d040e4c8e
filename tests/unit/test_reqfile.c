/* test_reqfile.c - requests.tsv: rows written, and read back by column name */
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

#include "reqfile.h"

/* Every test's files live in one mkdtemp directory, emptied and removed
 * at the end even when a test fails. */
static char dir[] = "/tmp/leaklab-test-reqfile-XXXXXX";
static char path[PATH_MAX];

static int make_dir(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/requests.tsv", dir);
	return 0;
}

static int remove_dir(void **state)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[PATH_MAX];

	(void)state;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	return rmdir(dir);
}

static void put_file(const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* Split a row or the header at its tabs (the newline ends the last cell). */
static int cells(const char *line, char *copy, size_t len, char **out, int max)
{
	int n = 0;
	char *p;

	snprintf(copy, len, "%s", line);
	copy[strcspn(copy, "\n")] = '\0';
	for (p = copy; n < max;) {
		char *tab = strchr(p, '\t');

		out[n++] = p;
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return n;
}

/* The cell under a header name: what a reader by column name sees. */
static const char *cell(const char *row, const char *name)
{
	static char hcopy[256], rcopy[8192];
	char *h[32], *r[32];
	int nh = cells(REQFILE_HEADER, hcopy, sizeof(hcopy), h, 32);
	int nr = cells(row, rcopy, sizeof(rcopy), r, 32);

	for (int i = 0; i < nh && i < nr; i++)
		if (strcmp(h[i], name) == 0)
			return r[i];
	return NULL;
}

static int count_cells(const char *row)
{
	int n = 1;

	for (; *row; row++)
		n += *row == '\t';
	return n;
}

static int count_newlines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static const struct reqfile_row sent = {
	.seq = 7, .t_sched_ms = 1000.25, .t_start_ms = 1000.5, .t_end_ms = 1012.75,
	.status = 200, .outcome = REQ_OK, .target = "GET /leak", .error = NULL,
};

/* ---- names ---- */

static void outcomes_have_the_six_names(void **state)
{
	(void)state;
	assert_string_equal(reqfile_outcome_name(REQ_OK), "ok");
	assert_string_equal(reqfile_outcome_name(REQ_HTTP), "http");
	assert_string_equal(reqfile_outcome_name(REQ_TIMEOUT), "timeout");
	assert_string_equal(reqfile_outcome_name(REQ_ERROR), "error");
	assert_string_equal(reqfile_outcome_name(REQ_DROPPED), "dropped");
	assert_string_equal(reqfile_outcome_name(REQ_ABORTED), "aborted");
}

static void an_outcome_out_of_range_is_named_error(void **state)
{
	(void)state;
	assert_string_equal(reqfile_outcome_name(REQ_NOUTCOMES), "error");
	assert_string_equal(reqfile_outcome_name((enum reqfile_outcome)99), "error");
	assert_string_equal(reqfile_outcome_name((enum reqfile_outcome)-1), "error");
}

/* ---- reqfile_format ---- */

static void a_sent_row_has_every_column_in_header_order(void **state)
{
	char buf[512];
	size_t n;

	(void)state;
	n = reqfile_format(&sent, buf, sizeof(buf));
	assert_string_equal(buf, "7\t1000.250\t1000.500\t1012.750\t12.500\t12.250\t200\tok\tGET /leak\t-\n");
	assert_int_equal(n, strlen(buf));
	assert_int_equal(count_cells(buf), count_cells(REQFILE_HEADER));
	/* Each value under its own name: latency from the schedule, service
	 * from the send. */
	assert_string_equal(cell(buf, "seq"), "7");
	assert_string_equal(cell(buf, "t_sched_ms"), "1000.250");
	assert_string_equal(cell(buf, "t_start_ms"), "1000.500");
	assert_string_equal(cell(buf, "t_end_ms"), "1012.750");
	assert_string_equal(cell(buf, "latency_ms"), "12.500");
	assert_string_equal(cell(buf, "service_ms"), "12.250");
	assert_string_equal(cell(buf, "status"), "200");
	assert_string_equal(cell(buf, "outcome"), "ok");
	assert_string_equal(cell(buf, "target"), "GET /leak");
	assert_string_equal(cell(buf, "error"), "-");
}

/* A request that never left: no start, no end, so no latency, service
 * or status either, whatever status the row carries. */
static void a_row_never_sent_has_dashes_for_times_and_status(void **state)
{
	struct reqfile_row r = {
		.seq = 3, .t_sched_ms = 250, .t_start_ms = NAN, .t_end_ms = NAN, .status = 200,
		.outcome = REQ_DROPPED, .target = "GET /leak",
		.error = "dropped: the concurrency cap was reached",
	};
	char buf[512];

	(void)state;
	reqfile_format(&r, buf, sizeof(buf));
	assert_string_equal(buf, "3\t250.000\t-\t-\t-\t-\t-\tdropped\tGET /leak\t"
				 "dropped: the concurrency cap was reached\n");
	assert_int_equal(count_cells(buf), count_cells(REQFILE_HEADER));
}

static void a_missing_or_empty_text_is_a_dash(void **state)
{
	struct reqfile_row r = sent;
	char buf[512];

	(void)state;
	r.target = NULL;
	r.error = "";
	reqfile_format(&r, buf, sizeof(buf));
	assert_string_equal(cell(buf, "target"), "-");
	assert_string_equal(cell(buf, "error"), "-");
	r.target = "";
	r.error = NULL;
	reqfile_format(&r, buf, sizeof(buf));
	assert_string_equal(cell(buf, "target"), "-");
	assert_string_equal(cell(buf, "error"), "-");
}

static void tabs_newlines_and_crs_in_text_become_spaces(void **state)
{
	struct reqfile_row r = sent;
	char buf[512];

	(void)state;
	r.outcome = REQ_ERROR;
	r.target = "GET /a\tb\nc\rd";
	r.error = "Recv failure:\tConnection\r\nreset\n";
	reqfile_format(&r, buf, sizeof(buf));
	assert_int_equal(count_cells(buf), count_cells(REQFILE_HEADER));
	assert_int_equal(count_newlines(buf), 1);
	assert_int_equal(buf[strlen(buf) - 1], '\n');
	assert_string_equal(cell(buf, "target"), "GET /a b c d");
	assert_string_equal(cell(buf, "error"), "Recv failure: Connection  reset ");
}

/* Every buffer size from the smallest taken up: a long error is cut (in
 * the smallest buffers the target too), the columns before them stay as
 * they are, the row ends in its one newline. */
static void a_long_error_is_cut_and_the_row_stays_whole(void **state)
{
	struct reqfile_row r = sent;
	char error[4000], buf[1200], want[512];
	size_t prefix;

	(void)state;
	memset(error, 'e', sizeof(error) - 1);
	error[sizeof(error) - 1] = '\0';
	r.outcome = REQ_ERROR;
	r.error = error;
	prefix = (size_t)snprintf(want, sizeof(want), "7\t1000.250\t1000.500\t1012.750\t12.500\t12.250\t200\terror\t");
	for (size_t len = REQFILE_ROW_MIN; len <= sizeof(buf); len++) {
		const char *target, *err;
		size_t n;

		memset(buf, '#', sizeof(buf));
		n = reqfile_format(&r, buf, len);
		if (n != strlen(buf) || n >= len)
			fail_msg("len %zu: returned %zu, strlen %zu", len, n, strlen(buf));
		if (len < sizeof(buf) && buf[len] != '#')
			fail_msg("len %zu: wrote past the buffer", len);
		if (buf[n - 1] != '\n' || count_newlines(buf) != 1)
			fail_msg("len %zu: '%s' does not end in its one newline", len, buf);
		if (count_cells(buf) != count_cells(REQFILE_HEADER))
			fail_msg("len %zu: %d cells in '%s'", len, count_cells(buf), buf);
		if (memcmp(buf, want, prefix) != 0)
			fail_msg("len %zu: the columns before the target changed: '%s'", len, buf);
		target = cell(buf, "target");
		err = cell(buf, "error");
		if (!*target || strncmp(target, "GET /leak", strlen(target)) != 0)
			fail_msg("len %zu: target cell '%s'", len, target);
		if (!*err || strspn(err, "e") != strlen(err))
			fail_msg("len %zu: error cell '%s' is not a cut of the error", len, err);
		if (strcmp(target, "GET /leak") != 0)
			fail_msg("len %zu: the target was cut with room to spare", len);
	}
}

/* A long target is cut too, and still leaves the error a cell. */
static void a_long_target_and_error_are_both_cut_to_a_whole_row(void **state)
{
	struct reqfile_row r = sent;
	char target[3000], error[3000], buf[512];
	size_t n;

	(void)state;
	memset(target, 't', sizeof(target) - 1);
	target[sizeof(target) - 1] = '\0';
	memset(error, 'e', sizeof(error) - 1);
	error[sizeof(error) - 1] = '\0';
	r.target = target;
	r.error = error;
	n = reqfile_format(&r, buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	assert_true(n < sizeof(buf));
	assert_int_equal(buf[n - 1], '\n');
	assert_int_equal(count_cells(buf), count_cells(REQFILE_HEADER));
	assert_string_equal(cell(buf, "outcome"), "ok");
	assert_true(strlen(cell(buf, "target")) > 0);
	assert_true(strlen(cell(buf, "error")) > 0);
}

static void a_buffer_under_the_minimum_gets_an_empty_string(void **state)
{
	char buf[REQFILE_ROW_MIN] = "untouched";

	(void)state;
	assert_int_equal(reqfile_format(&sent, buf, REQFILE_ROW_MIN - 1), 0);
	assert_string_equal(buf, "");
	/* len 0: not one byte may be written. */
	snprintf(buf, sizeof(buf), "untouched");
	assert_int_equal(reqfile_format(&sent, buf, 0), 0);
	assert_string_equal(buf, "untouched");
}

/* The numbers of an hour-long run, at every length from the minimum up:
 * the row keeps every column, the target and error are what is cut. */
static void a_long_runs_row_stays_whole_in_the_smallest_buffer(void **state)
{
	struct reqfile_row r = {
		.seq = 123456, .t_sched_ms = 3600000.125, .t_start_ms = 3600000.25,
		.t_end_ms = 3601000.5, .status = 200, .outcome = REQ_TIMEOUT,
		.target = "GET /leak", .error = "Operation timed out",
	};
	char buf[REQFILE_ROW_MIN + 64];

	(void)state;
	for (size_t len = REQFILE_ROW_MIN; len <= sizeof(buf); len++) {
		reqfile_format(&r, buf, len);
		if (count_cells(buf) != count_cells(REQFILE_HEADER) ||
		    !cell(buf, "outcome") || strcmp(cell(buf, "outcome"), "timeout") != 0)
			fail_msg("len %zu: '%s' lost its columns", len, buf);
	}
}

/* Numbers no run has (a time of 1e200 ms) leave no room: no row, rather
 * than a row with its columns cut. */
static void numbers_that_leave_no_room_give_no_row(void **state)
{
	struct reqfile_row r = sent;
	char buf[REQFILE_ROW_MIN];

	(void)state;
	r.t_sched_ms = r.t_start_ms = r.t_end_ms = 1e200;
	assert_int_equal(reqfile_format(&r, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

/* ---- reading back ---- */

static void write_rows(const struct reqfile_row *rows, size_t n)
{
	FILE *f = fopen(path, "wb");
	char buf[768];

	assert_non_null(f);
	assert_true(fputs(REQFILE_HEADER, f) >= 0);
	for (size_t i = 0; i < n; i++) {
		size_t len = reqfile_format(&rows[i], buf, sizeof(buf));

		assert_int_equal(fwrite(buf, 1, len, f), len);
	}
	assert_int_equal(fclose(f), 0);
}

static void assert_same_time(double got, double want)
{
	if (isnan(want) ? !isnan(got) : got != want)
		fail_msg("time %.3f, want %.3f", got, want);
}

static void every_outcome_round_trips_through_a_file(void **state)
{
	const struct reqfile_row rows[] = {
		sent,
		{ 8, 1100, 1100.5, 1101.25, 404, REQ_HTTP, "GET /nope", NULL },
		{ 9, 1200, 1200.125, 2200.125, 0, REQ_TIMEOUT, "POST /leak/chan",
		  "Operation timed out after 1000 milliseconds with 0 bytes received" },
		{ 10, 1300, 1300.5, 1300.75, 0, REQ_ERROR, "GET /leak",
		  "Failed to connect to 127.0.0.1 port 8080: Connection refused" },
		{ 11, 1400, NAN, NAN, 0, REQ_DROPPED, "GET /leak",
		  "dropped: the concurrency cap was reached" },
		{ 12, 1500, 1500.25, 9000.5, 0, REQ_ABORTED, "GET /leak",
		  "aborted: the run was stopped" },
		/* What only the outcome column says: without it, a 503 with no
		 * error would read as http. */
		{ 13, 1600, 1600.5, 1700.5, 503, REQ_TIMEOUT, "GET /slow", NULL },
	};
	size_t n = sizeof(rows) / sizeof(rows[0]), i = 0;
	struct reqfile_reader *rd;
	struct reqfile_row r;

	(void)state;
	write_rows(rows, n);
	rd = reqfile_open(path);
	assert_non_null(rd);
	for (; reqfile_next(rd, &r); i++) {
		assert_true(i < n);
		assert_int_equal(r.seq, rows[i].seq);
		assert_same_time(r.t_sched_ms, rows[i].t_sched_ms);
		assert_same_time(r.t_start_ms, rows[i].t_start_ms);
		assert_same_time(r.t_end_ms, rows[i].t_end_ms);
		assert_int_equal(r.status, rows[i].status);
		if (r.outcome != rows[i].outcome)
			fail_msg("row %zu: outcome %s, want %s", i, reqfile_outcome_name(r.outcome),
				 reqfile_outcome_name(rows[i].outcome));
		assert_string_equal(r.target, rows[i].target);
		if (rows[i].error)
			assert_string_equal(r.error, rows[i].error);
		else
			assert_null(r.error);
	}
	assert_int_equal(i, n);
	reqfile_close(rd);
}

/* The outcome column is believed over the error text: an "ok" whose
 * error happens to say "timed out" stays ok. */
static void the_outcome_column_decides_over_the_error_text(void **state)
{
	const struct reqfile_row rows[] = {
		{ 1, 10, 11, 12, 200, REQ_OK, "GET /x", "server said: timed out upstream" },
		{ 2, 20, 21, 22, 0, REQ_ERROR, "GET /x", "dropped: looks like one" },
		{ 3, 30, 31, 32, 503, REQ_TIMEOUT, "GET /x", NULL },
	};
	struct reqfile_reader *rd;
	struct reqfile_row r;

	(void)state;
	write_rows(rows, 3);
	rd = reqfile_open(path);
	assert_non_null(rd);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(reqfile_next(rd, &r), 1);
		assert_int_equal(r.outcome, rows[i].outcome);
	}
	assert_int_equal(reqfile_next(rd, &r), 0);
	reqfile_close(rd);
}

/* A tab written as a space reads back as a space: the row keeps its columns. */
static void text_with_tabs_reads_back_with_spaces(void **state)
{
	struct reqfile_row row = sent, r;
	struct reqfile_reader *rd;

	(void)state;
	row.outcome = REQ_ERROR;
	row.error = "a\tb\nc";
	write_rows(&row, 1);
	rd = reqfile_open(path);
	assert_non_null(rd);
	assert_int_equal(reqfile_next(rd, &r), 1);
	assert_string_equal(r.error, "a b c");
	assert_int_equal(r.outcome, REQ_ERROR);
	assert_int_equal(reqfile_next(rd, &r), 0);
	reqfile_close(rd);
}

/* requests.tsv before the outcome and target columns: the outcome comes
 * from the error text, else from the status. */
static void old_files_without_an_outcome_get_it_from_status_and_error(void **state)
{
	static const struct {
		const char *row;
		enum reqfile_outcome want;
		long status;
	} rows[] = {
		{ "1\t10.000\t10.500\t12.000\t2.000\t1.500\t200\t-\n", REQ_OK, 200 },
		{ "2\t20.000\t20.500\t22.000\t2.000\t1.500\t299\t-\n", REQ_OK, 299 },
		{ "3\t30.000\t30.500\t32.000\t2.000\t1.500\t404\t-\n", REQ_HTTP, 404 },
		{ "4\t40.000\t40.500\t42.000\t2.000\t1.500\t199\t-\n", REQ_HTTP, 199 },
		{ "5\t50.000\t50.500\t52.000\t2.000\t1.500\t301\t-\n", REQ_HTTP, 301 },
		{ "6\t60.000\t-\t-\t-\t-\t-\tdropped: concurrency cap reached\n", REQ_DROPPED, 0 },
		{ "7\t70.000\t70.500\t1070.500\t1000.500\t1000.000\t0\t"
		  "Operation timed out after 1000 milliseconds with 0 bytes received\n", REQ_TIMEOUT, 0 },
		{ "8\t80.000\t80.500\t81.000\t1.000\t0.500\t0\tConnection timed out\n", REQ_TIMEOUT, 0 },
		{ "9\t90.000\t90.500\t91.000\t1.000\t0.500\t0\t"
		  "Failed to connect to 127.0.0.1 port 8080: Connection refused\n", REQ_ERROR, 0 },
		{ "10\t100.000\t100.500\t900.000\t800.000\t799.500\t0\taborted: the run was stopped\n",
		  REQ_ABORTED, 0 },
		{ "11\t110.000\t110.500\t112.000\t2.000\t1.500\t300\t-\n", REQ_HTTP, 300 },
	};
	size_t n = sizeof(rows) / sizeof(rows[0]), i;
	char text[4096];
	size_t at;
	struct reqfile_reader *rd;
	struct reqfile_row r;

	(void)state;
	at = (size_t)snprintf(text, sizeof(text), "seq\tt_sched_ms\tt_start_ms\tt_end_ms\t"
						  "latency_ms\tservice_ms\tstatus\terror\n");
	for (i = 0; i < n; i++)
		at += (size_t)snprintf(text + at, sizeof(text) - at, "%s", rows[i].row);
	assert_true(at < sizeof(text));
	put_file(text);
	rd = reqfile_open(path);
	assert_non_null(rd);
	for (i = 0; reqfile_next(rd, &r); i++) {
		assert_true(i < n);
		assert_int_equal(r.seq, i + 1);
		assert_int_equal(r.status, rows[i].status);
		assert_null(r.target); /* no target column */
		if (r.outcome != rows[i].want)
			fail_msg("'%.40s...': outcome %s, want %s", rows[i].row,
				 reqfile_outcome_name(r.outcome), reqfile_outcome_name(rows[i].want));
	}
	assert_int_equal(i, n);
	reqfile_close(rd);
}

/* Columns by name: the same rows in another column order read the same. */
static void columns_are_read_by_name_not_place(void **state)
{
	struct reqfile_reader *rd;
	struct reqfile_row r;

	(void)state;
	put_file("error\ttarget\toutcome\tstatus\tt_end_ms\tt_start_ms\tt_sched_ms\tseq\n"
		 "-\tGET /leak\tok\t200\t1012.750\t1000.500\t1000.250\t7\n"
		 "Connection refused\tPOST /x\terror\t0\t5.000\t4.000\t3.000\t8\n");
	rd = reqfile_open(path);
	assert_non_null(rd);
	assert_int_equal(reqfile_next(rd, &r), 1);
	assert_int_equal(r.seq, 7);
	assert_true(r.t_sched_ms == 1000.25);
	assert_true(r.t_start_ms == 1000.5);
	assert_true(r.t_end_ms == 1012.75);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.outcome, REQ_OK);
	assert_string_equal(r.target, "GET /leak");
	assert_null(r.error);
	assert_int_equal(reqfile_next(rd, &r), 1);
	assert_int_equal(r.seq, 8);
	assert_int_equal(r.outcome, REQ_ERROR);
	assert_string_equal(r.target, "POST /x");
	assert_string_equal(r.error, "Connection refused");
	assert_int_equal(reqfile_next(rd, &r), 0);
	reqfile_close(rd);
}

static void a_header_only_file_has_no_rows(void **state)
{
	struct reqfile_reader *rd;
	struct reqfile_row r;

	(void)state;
	put_file(REQFILE_HEADER);
	rd = reqfile_open(path);
	assert_non_null(rd);
	assert_int_equal(reqfile_next(rd, &r), 0);
	reqfile_close(rd);
}

static void a_missing_file_cannot_be_opened(void **state)
{
	char missing[PATH_MAX];

	(void)state;
	snprintf(missing, sizeof(missing), "%s/no-such.tsv", dir);
	errno = 0;
	assert_null(reqfile_open(missing));
	assert_int_equal(errno, ENOENT);
	reqfile_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(outcomes_have_the_six_names),
		cmocka_unit_test(an_outcome_out_of_range_is_named_error),
		cmocka_unit_test(a_sent_row_has_every_column_in_header_order),
		cmocka_unit_test(a_row_never_sent_has_dashes_for_times_and_status),
		cmocka_unit_test(a_missing_or_empty_text_is_a_dash),
		cmocka_unit_test(tabs_newlines_and_crs_in_text_become_spaces),
		cmocka_unit_test(a_long_error_is_cut_and_the_row_stays_whole),
		cmocka_unit_test(a_long_target_and_error_are_both_cut_to_a_whole_row),
		cmocka_unit_test(a_buffer_under_the_minimum_gets_an_empty_string),
		cmocka_unit_test(a_long_runs_row_stays_whole_in_the_smallest_buffer),
		cmocka_unit_test(numbers_that_leave_no_room_give_no_row),
		cmocka_unit_test(every_outcome_round_trips_through_a_file),
		cmocka_unit_test(the_outcome_column_decides_over_the_error_text),
		cmocka_unit_test(text_with_tabs_reads_back_with_spaces),
		cmocka_unit_test(old_files_without_an_outcome_get_it_from_status_and_error),
		cmocka_unit_test(columns_are_read_by_name_not_place),
		cmocka_unit_test(a_header_only_file_has_no_rows),
		cmocka_unit_test(a_missing_file_cannot_be_opened),
	};
	return cmocka_run_group_tests_name("reqfile", tests, make_dir, remove_dir);
}
