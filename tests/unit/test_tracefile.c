/* test_tracefile.c - trace.tsv and waits.tsv: headers, rows, rewriting, reading */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tracefile.h"

#define FIXED "t_ms\tuptime_ms\tgomaxprocs\tidleprocs\tthreads\tspinningthreads\tneedspinning\t" \
	"idlethreads\trunqueue\tlocal_sum\tqueued"
#define DETAIL "\tg_runnable\tg_running\tg_syscall\tg_waiting\tg_leaked"

/* Every test's files live in one mkdtemp directory, emptied after each
 * test and removed at the end. */
static char dir[] = "/tmp/leaklab-test-tracefile-XXXXXX";
static char path[PATH_MAX], tmp_path[PATH_MAX];

static int make_dir(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/trace.tsv", dir);
	snprintf(tmp_path, sizeof(tmp_path), "%s/trace.tsv.tmp", dir);
	return 0;
}

static int empty_dir(void **state)
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
	return 0;
}

static int remove_dir(void **state)
{
	return empty_dir(state) == 0 ? rmdir(dir) : -1;
}

/* The whole of path, with stdio (free it). */
static char *slurp(const char *p)
{
	FILE *f = fopen(p, "r");
	char *buf = malloc(1 << 16);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 16) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void put(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* ---- headers ---- */

static void headers_name_every_column_of_the_shape(void **state)
{
	(void)state;
	static const struct {
		struct trace_shape sh;
		const char *want;
	} cases[] = {
		{ { 0, 0, 0 }, FIXED "\n" },
		{ { 0, 1, 0 }, FIXED "\tp0\n" },
		{ { 1, 2, 1 }, FIXED DETAIL "\tp0\tp1\ttick0\ttick1\n" },
		{ { 0, 12, 1 }, FIXED "\tp0\tp1\tp2\tp3\tp4\tp5\tp6\tp7\tp8\tp9\tp10\tp11"
				"\ttick0\ttick1\ttick2\ttick3\ttick4\ttick5\ttick6\ttick7\ttick8\ttick9\ttick10\ttick11\n" },
		{ { 1, 0, 0 }, FIXED DETAIL "\n" },
	};
	char buf[4096];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = trace_format_header(&cases[i].sh, buf);

		assert_string_equal(buf, cases[i].want);
		assert_int_equal(n, strlen(cases[i].want));
	}
}

/* ---- rows ---- */

static void row_numbers_are_plain_decimal_and_dashes(void **state)
{
	(void)state;
	const struct trace_shape sh = { 1, 4, 1 };
	const int64_t local[2] = { 10, 99 }, ticks[2] = { 1000, -1 };
	struct trace_row r = {
		.t_ms = 1234.5678, .uptime_ms = INT64_MAX, .gomaxprocs = 4, .idleprocs = 0, .threads = 9,
		.spinningthreads = 10, .needspinning = TRACE_NONE, .idlethreads = 99, .runqueue = 100,
		.local_sum = -1, .queued = 101,
		.detail = 1, .g_runnable = 0, .g_running = 1, .g_syscall = 2, .g_waiting = INT64_MIN + 1,
		.g_leaked = 0,
		.np = 2, .local = local, .nticks = 2, .ticks = ticks,
	};
	char buf[4096];
	const char *want = "1234.568\t9223372036854775807\t4\t0\t9\t10\t-\t99\t100\t-1\t101"
		"\t0\t1\t2\t-9223372036854775807\t0"
		"\t10\t99\t-\t-"
		"\t1000\t-1\t-\t-\n";

	assert_int_equal(trace_format_row(&sh, &r, buf), strlen(want));
	assert_string_equal(buf, want);
	/* A row without G states in a shape with them: dashes. */
	r.detail = 0;
	r.nticks = 0;
	trace_format_row(&sh, &r, buf);
	assert_non_null(strstr(buf, "\t101\t-\t-\t-\t-\t-\t10\t99\t-\t-\t-\t-\t-\t-\n"));
}

/* t_ms with microsecond resolution; no negative, NaN or endless time. */
static void times_have_three_decimals(void **state)
{
	(void)state;
	static const struct {
		double ms;
		const char *want;
	} cases[] = {
		{ 0, "0.000" }, { 0.0004, "0.000" }, { 1.5, "1.500" }, { 2.0006, "2.001" }, { 9.9996, "10.000" },
		{ 123456789.125, "123456789.125" }, { -3, "0.000" }, { NAN, "0.000" },
		{ 1e16, "9000000000000000.000" }, { INFINITY, "9000000000000000.000" },
	};
	const struct trace_shape sh = { 0, 0, 0 };
	char buf[512], want[512];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct trace_row r = { .t_ms = cases[i].ms, .uptime_ms = 1, .gomaxprocs = 1, .idleprocs = 0,
			.threads = 2, .spinningthreads = 0, .needspinning = 0, .idlethreads = 0, .runqueue = 0,
			.local_sum = 0, .queued = 0 };

		snprintf(want, sizeof(want), "%s\t1\t1\t0\t2\t0\t0\t0\t0\t0\t0\n", cases[i].want);
		trace_format_row(&sh, &r, buf);
		if (strcmp(buf, want) != 0)
			fail_msg("%g: '%s', want '%s'", cases[i].ms, buf, want);
	}
}

/* The widest row there can be (1024 Ps, G states, ticks, every number 20
 * characters) fits in trace_line_max, and so does its header. */
static void the_line_max_holds_the_widest_row(void **state)
{
	(void)state;
	const struct trace_shape sh = { 1, SCHEDTRACE_MAX_P, 1 };
	size_t max = trace_line_max(&sh), n;
	int64_t *v = malloc(SCHEDTRACE_MAX_P * sizeof(*v));
	char *buf = malloc(max + 4096);
	const int64_t w = INT64_MIN + 1;   /* "-9223372036854775807" */
	struct trace_row r = {
		.t_ms = 9e15, .uptime_ms = w, .gomaxprocs = w, .idleprocs = w, .threads = w,
		.spinningthreads = w, .needspinning = w, .idlethreads = w, .runqueue = w, .local_sum = w,
		.queued = w, .detail = 1, .g_runnable = w, .g_running = w, .g_syscall = w, .g_waiting = w,
		.g_leaked = w, .np = SCHEDTRACE_MAX_P, .nticks = SCHEDTRACE_MAX_P,
	};

	assert_non_null(v);
	assert_non_null(buf);
	for (int i = 0; i < SCHEDTRACE_MAX_P; i++)
		v[i] = w;
	r.local = r.ticks = v;
	memset(buf, 0x5a, max + 4096);
	n = trace_format_row(&sh, &r, buf);
	/* 16 + 2 x 1024 cells of 20 characters and a tab, less one tab, plus
	 * the newline: every one written. */
	{
		/* The named columns: those of a header without Ps. */
		struct trace_shape named = { 1, 0, 0 };
		char head[512];
		size_t h = trace_format_header(&named, head), cols = 1;

		for (size_t i = 0; i < h; i++)
			cols += head[i] == '\t';
		assert_int_equal(cols, 16);
		assert_int_equal(n, (cols + 2 * SCHEDTRACE_MAX_P) * 21);
	}
	assert_true(n + 1 <= max);
	for (size_t i = max; i < max + 4096; i++)
		if ((unsigned char)buf[i] != 0x5a)
			fail_msg("byte %zu past trace_line_max() written", i);
	assert_int_equal(strncmp(buf + n - 22, "\t-9223372036854775807\n", 22), 0);
	n = trace_format_header(&sh, buf);
	assert_true(n + 1 <= max);
	assert_non_null(strstr(buf, "\tp1023\ttick0\t"));
	assert_int_equal(strcmp(buf + n - 10, "\ttick1023\n"), 0);
	free(buf);
	free(v);
}

/* ---- rewriting ---- */

/* A narrow table made wide: the new header, every old cell in place,
 * the new cells '-', and the caller's stream now appends to the new file. */
static void a_rewrite_widens_the_table_in_place(void **state)
{
	(void)state;
	const struct trace_shape from = { 0, 2, 1 }, to = { 1, 4, 1 };
	FILE *f = fopen(path, "w");
	char *got;

	assert_non_null(f);
	assert_true(fputs(FIXED "\tp0\tp1\ttick0\ttick1\n"
			  "1.000\t0\t2\t0\t4\t0\t-\t0\t1\t5\t6\t2\t3\t70\t71\n"
			  "2.000\t10\t2\t0\t4\t0\t-\t0\t0\t1\t1\t1\t0\t80\t81\n"
			  /* cut by a crash before it: the rest is '-' */
			  "3.000\t20\n", f) >= 0);
	assert_int_equal(trace_rewrite(path, f, &from, &to), 0);
	assert_int_equal(access(tmp_path, F_OK), -1);
	assert_true(fputs("4.000\t30\t4\t0\t5\t0\t0\t0\t0\t0\t0\t0\t0\t0\t1\t0\t0\t0\t0\t0\t1\t2\t3\t4\n", f) >= 0);
	assert_int_equal(fclose(f), 0);
	got = slurp(path);
	assert_string_equal(got,
		FIXED DETAIL "\tp0\tp1\tp2\tp3\ttick0\ttick1\ttick2\ttick3\n"
		"1.000\t0\t2\t0\t4\t0\t-\t0\t1\t5\t6\t-\t-\t-\t-\t-\t2\t3\t-\t-\t70\t71\t-\t-\n"
		"2.000\t10\t2\t0\t4\t0\t-\t0\t0\t1\t1\t-\t-\t-\t-\t-\t1\t0\t-\t-\t80\t81\t-\t-\n"
		"3.000\t20\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\n"
		"4.000\t30\t4\t0\t5\t0\t0\t0\t0\t0\t0\t0\t0\t0\t1\t0\t0\t0\t0\t0\t1\t2\t3\t4\n");
	free(got);
}

/* G states already there stay there when the Ps grow; no ticks before,
 * none after. */
static void a_rewrite_keeps_the_g_states(void **state)
{
	(void)state;
	const struct trace_shape from = { 1, 1, 0 }, to = { 1, 2, 0 };
	FILE *f = fopen(path, "w");
	char *got;

	assert_non_null(f);
	assert_true(fputs(FIXED DETAIL "\tp0\n"
			  "1.000\t0\t1\t0\t4\t0\t0\t0\t1\t2\t3\t7\t1\t0\t9\t4\t2\n", f) >= 0);
	assert_int_equal(trace_rewrite(path, f, &from, &to), 0);
	assert_int_equal(fclose(f), 0);
	got = slurp(path);
	assert_string_equal(got, FIXED DETAIL "\tp0\tp1\n"
		"1.000\t0\t1\t0\t4\t0\t0\t0\t1\t2\t3\t7\t1\t0\t9\t4\t2\t-\n");
	free(got);
}

static void a_rewrite_of_a_missing_file_fails_and_leaves_nothing(void **state)
{
	(void)state;
	const struct trace_shape from = { 0, 1, 0 }, to = { 0, 2, 0 };
	FILE *f = fopen("/dev/null", "w");

	assert_non_null(f);
	errno = 0;
	assert_int_equal(trace_rewrite(path, f, &from, &to), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(access(tmp_path, F_OK), -1);
	fclose(f);
}

/* The new file cannot be written whole (a file size limit, as a full disk
 * would): -1, errno set, the old file as it was, and no .tmp left. */
static void a_failed_rewrite_leaves_the_old_file(void **state)
{
	(void)state;
	const struct trace_shape from = { 0, 1, 0 }, to = { 1, 256, 1 };
	const char old[] = FIXED "\tp0\n1.000\t0\t1\t0\t4\t0\t-\t0\t1\t2\t3\t2\n";
	struct rlimit was, lim;
	void (*was_sig)(int);
	FILE *f;
	char *got;
	int rc, e;

	put(path, old);
	f = fopen(path, "a");
	assert_non_null(f);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
	lim = was;
	lim.rlim_cur = 1024;  /* the old file fits, the new one (about 4 KiB) does not */
	was_sig = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	errno = 0;
	rc = trace_rewrite(path, f, &from, &to);
	e = errno;
	setrlimit(RLIMIT_FSIZE, &was);
	signal(SIGXFSZ, was_sig);
	assert_int_equal(rc, -1);
	assert_int_equal(e, EFBIG);
	assert_int_equal(access(tmp_path, F_OK), -1);
	got = slurp(path);
	assert_string_equal(got, old);
	free(got);
	fclose(f);
}

/* ---- reading ---- */

/* Columns by name in any order; an old file without g_leaked; a cell
 * that is no number is unknown, a fraction is cut to its whole part. */
static void rows_are_read_by_column_name(void **state)
{
	(void)state;
	struct trace_reader *tr;
	const struct trace_shape *sh;
	struct trace_row r;

	put(path, "queued\tp1\tt_ms\tp0\tuptime_ms\tg_waiting\tg_runnable\tg_running\tg_syscall\ttick1\ttick0\t"
		"gomaxprocs\tidleprocs\tthreads\tspinningthreads\tidlethreads\trunqueue\tlocal_sum\n"
		"9\t4\t1.5\t3\t100\t12\t1\t2\t0\t71\t70\t2\t0\t5\t0\t1\t2\t7\n"
		"x\t-\t2000.25\t1.5\t200\t-\t\t2\t0\t81\t80\t2\t1\t5\t0\t1\t2\t7\n");
	tr = trace_open(path);
	assert_non_null(tr);
	sh = trace_reader_shape(tr);
	assert_int_equal(sh->detail, 1);
	assert_int_equal(sh->np, 2);
	assert_int_equal(sh->ticks, 1);

	assert_int_equal(trace_next(tr, &r), 1);
	assert_true(r.t_ms == 1.5);
	assert_int_equal(r.uptime_ms, 100);
	assert_int_equal(r.gomaxprocs, 2);
	assert_int_equal(r.idleprocs, 0);
	assert_int_equal(r.threads, 5);
	assert_int_equal(r.needspinning, TRACE_NONE);   /* no such column: Go <= 1.20 */
	assert_int_equal(r.idlethreads, 1);
	assert_int_equal(r.runqueue, 2);
	assert_int_equal(r.local_sum, 7);
	assert_int_equal(r.queued, 9);
	assert_int_equal(r.detail, 1);
	assert_int_equal(r.g_runnable, 1);
	assert_int_equal(r.g_running, 2);
	assert_int_equal(r.g_syscall, 0);
	assert_int_equal(r.g_waiting, 12);
	assert_int_equal(r.g_leaked, TRACE_NONE);       /* before Go 1.26's column */
	assert_int_equal(r.np, 2);
	assert_int_equal(r.local[0], 3);
	assert_int_equal(r.local[1], 4);
	assert_int_equal(r.nticks, 2);
	assert_int_equal(r.ticks[0], 70);
	assert_int_equal(r.ticks[1], 71);

	assert_int_equal(trace_next(tr, &r), 1);
	assert_true(r.t_ms == 2000.25);
	assert_int_equal(r.queued, TRACE_NONE);          /* "x" */
	assert_int_equal(r.local[0], 1);                 /* "1.5" */
	assert_int_equal(r.local[1], TRACE_NONE);        /* "-" */
	assert_int_equal(r.g_runnable, TRACE_NONE);      /* "" */
	assert_int_equal(r.g_waiting, TRACE_NONE);
	assert_int_equal(r.detail, 0);                   /* no waiting count: no G states */
	assert_int_equal(trace_next(tr, &r), 0);
	trace_close(tr);
	trace_close(NULL);
}

/* What trace_format_row writes, trace_next reads back. */
static void rows_written_read_back(void **state)
{
	(void)state;
	const struct trace_shape sh = { 1, 2, 1 };
	const int64_t local[2] = { 3, 4 }, ticks[2] = { 70, 71 };
	const struct trace_row w = {
		.t_ms = 250.125, .uptime_ms = 200, .gomaxprocs = 2, .idleprocs = 0, .threads = 6,
		.spinningthreads = 1, .needspinning = 0, .idlethreads = 2, .runqueue = 5, .local_sum = 7,
		.queued = 12, .detail = 1, .g_runnable = 12, .g_running = 2, .g_syscall = 1, .g_waiting = 30,
		.g_leaked = 10, .np = 2, .local = local, .nticks = 2, .ticks = ticks,
	};
	char text[8192], *o = text;
	struct trace_reader *tr;
	struct trace_row r;

	o += trace_format_header(&sh, o);
	trace_format_row(&sh, &w, o);
	put(path, text);
	assert_non_null(tr = trace_open(path));
	assert_int_equal(trace_next(tr, &r), 1);
	assert_true(r.t_ms == w.t_ms);
	assert_int_equal(r.uptime_ms, w.uptime_ms);
	assert_int_equal(r.spinningthreads, w.spinningthreads);
	assert_int_equal(r.needspinning, w.needspinning);
	assert_int_equal(r.idlethreads, w.idlethreads);
	assert_int_equal(r.runqueue, w.runqueue);
	assert_int_equal(r.local_sum, w.local_sum);
	assert_int_equal(r.queued, w.queued);
	assert_int_equal(r.g_runnable, w.g_runnable);
	assert_int_equal(r.g_running, w.g_running);
	assert_int_equal(r.g_syscall, w.g_syscall);
	assert_int_equal(r.g_waiting, w.g_waiting);
	assert_int_equal(r.g_leaked, w.g_leaked);
	assert_int_equal(r.local[1], 4);
	assert_int_equal(r.ticks[1], 71);
	assert_int_equal(trace_next(tr, &r), 0);
	trace_close(tr);
}

static void a_missing_trace_cannot_be_opened(void **state)
{
	(void)state;
	errno = 0;
	assert_null(trace_open(path));
	assert_int_equal(errno, ENOENT);
}

/* ---- waits.tsv ---- */

static void a_wait_row_names_its_sample_and_reason(void **state)
{
	(void)state;
	char buf[256];

	assert_string_equal(TRACE_WAITS_HEADER, "t_ms\tuptime_ms\treason\tcount\n");
	assert_int_equal(trace_format_wait(1234.5, 1200, "chan receive", 12, 3, buf),
			 strlen("1234.500\t1200\tchan receive\t3\n"));
	assert_string_equal(buf, "1234.500\t1200\tchan receive\t3\n");
	/* A tab, a newline or a CR in the reason would break the table. */
	trace_format_wait(0, 0, "a\tb\nc\rd", 7, 10, buf);
	assert_string_equal(buf, "0.000\t0\ta b c d\t10\n");
	/* Only len bytes of the reason: it points into a parsed line. */
	trace_format_wait(5, 5, "select (no cases) m=nil", 6, 1, buf);
	assert_string_equal(buf, "5.000\t5\tselect\t1\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(headers_name_every_column_of_the_shape, empty_dir),
		cmocka_unit_test_teardown(row_numbers_are_plain_decimal_and_dashes, empty_dir),
		cmocka_unit_test_teardown(times_have_three_decimals, empty_dir),
		cmocka_unit_test_teardown(the_line_max_holds_the_widest_row, empty_dir),
		cmocka_unit_test_teardown(a_rewrite_widens_the_table_in_place, empty_dir),
		cmocka_unit_test_teardown(a_rewrite_keeps_the_g_states, empty_dir),
		cmocka_unit_test_teardown(a_rewrite_of_a_missing_file_fails_and_leaves_nothing, empty_dir),
		cmocka_unit_test_teardown(a_failed_rewrite_leaves_the_old_file, empty_dir),
		cmocka_unit_test_teardown(rows_are_read_by_column_name, empty_dir),
		cmocka_unit_test_teardown(rows_written_read_back, empty_dir),
		cmocka_unit_test_teardown(a_missing_trace_cannot_be_opened, empty_dir),
		cmocka_unit_test_teardown(a_wait_row_names_its_sample_and_reason, empty_dir),
	};
	return cmocka_run_group_tests_name("tracefile", tests, make_dir, remove_dir);
}
