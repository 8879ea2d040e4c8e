/* test_schedtrace.c - the schedtrace line parser, every Go format */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedtrace.h"

static struct schedtrace_line L;

static enum schedtrace_err parse(const char *s)
{
	return schedtrace_parse_line(s, strlen(s), &L);
}

static void source_notes_line_parses(void **state)
{
	(void)state;
	assert_int_equal(parse("SCHED 412ms: gomaxprocs=1 idleprocs=0 threads=6 spinningthreads=0 "
			       "needspinning=1 idlethreads=2 runqueue=1 [1]"), SCHEDTRACE_OK);
	assert_int_equal(L.kind, SCHEDTRACE_SUMMARY);
	assert_int_equal(L.u.sum.uptime_ms, 412);
	assert_int_equal(L.u.sum.gomaxprocs, 1);
	assert_int_equal(L.u.sum.idleprocs, 0);
	assert_int_equal(L.u.sum.threads, 6);
	assert_int_equal(L.u.sum.spinningthreads, 0);
	assert_int_equal(L.u.sum.needspinning, 1);
	assert_int_equal(L.u.sum.idlethreads, 2);
	assert_int_equal(L.u.sum.runqueue, 1);
	assert_int_equal(L.u.sum.nlocal, 1);
	assert_int_equal(L.u.sum.local[0], 1);
	assert_int_equal(L.u.sum.detail, 0);
}

static void go119_line_has_no_needspinning(void **state)
{
	(void)state;
	assert_int_equal(parse("SCHED 2830ms: gomaxprocs=4 idleprocs=0 threads=8 spinningthreads=0 "
			       "idlethreads=1 runqueue=12 [0 4 0 0]"), SCHEDTRACE_OK);
	assert_int_equal(L.u.sum.needspinning, -1);
	assert_int_equal(L.u.sum.runqueue, 12);
	assert_int_equal(L.u.sum.nlocal, 4);
	assert_int_equal(L.u.sum.local[1], 4);
}

static void go125_spaced_brackets_and_schedticks(void **state)
{
	(void)state;
	assert_int_equal(parse("SCHED 3045ms: gomaxprocs=4 idleprocs=0 threads=8 spinningthreads=0 "
			       "needspinning=1 idlethreads=1 runqueue=6 [ 2 3 2 3 ] "
			       "schedticks=[ 154 150 154 156 ]"), SCHEDTRACE_OK);
	assert_int_equal(L.u.sum.nlocal, 4);
	assert_int_equal(L.u.sum.local[0], 2);
	assert_int_equal(L.u.sum.local[3], 3);
	assert_int_equal(L.u.sum.runqueue, 6);
}

static void fields_are_read_by_key_not_column(void **state)
{
	(void)state;
	assert_int_equal(parse("SCHED 5ms: runqueue=7 [3] threads=2 future=[ 1 2 ] gomaxprocs=1 "
			       "idlethreads=0 idleprocs=0 spinningthreads=0 newthing=x"), SCHEDTRACE_OK);
	assert_int_equal(L.u.sum.runqueue, 7);
	assert_int_equal(L.u.sum.threads, 2);
	assert_int_equal(L.u.sum.local[0], 3);
}

static void detail_summary_old_and_new_booleans(void **state)
{
	(void)state;
	assert_int_equal(parse("SCHED 0ms: gomaxprocs=2 idleprocs=1 threads=6 spinningthreads=0 "
			       "idlethreads=1 runqueue=0 gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0"),
			 SCHEDTRACE_OK);
	assert_int_equal(L.u.sum.detail, 1);
	assert_int_equal(L.u.sum.nlocal, 0);
	assert_int_equal(parse("SCHED 207ms: gomaxprocs=2 idleprocs=2 threads=6 spinningthreads=0 "
			       "needspinning=0 idlethreads=2 runqueue=3 gcwaiting=false nmidlelocked=0 "
			       "stopwait=0 sysmonwait=true"), SCHEDTRACE_OK);
	assert_int_equal(L.u.sum.detail, 1);
	assert_int_equal(L.u.sum.runqueue, 3);
	/* Cut before sysmonwait: not a sample. */
	assert_int_equal(parse("SCHED 207ms: gomaxprocs=2 idleprocs=2 threads=6 spinningthreads=0 "
			       "needspinning=0 idlethreads=2 runqueue=3 gcwaiting=false nmidlelocked=0"),
			 SCHEDTRACE_EMISSING);
	assert_int_equal(parse("SCHED 1ms: gomaxprocs=2 idleprocs=2 threads=6 spinningthreads=0 "
			       "idlethreads=2 runqueue=3 gcwaiting=maybe nmidlelocked=0 stopwait=0 sysmonwait=0"),
			 SCHEDTRACE_ENUMBER);
}

static void p_lines_give_runqsize(void **state)
{
	(void)state;
	assert_int_equal(parse("  P1: status=1 schedtick=3 syscalltick=0 m=0 runqsize=5 gfreecnt=0 timerslen=0"),
			 SCHEDTRACE_OK);
	assert_int_equal(L.kind, SCHEDTRACE_P);
	assert_int_equal(L.u.p.id, 1);
	assert_int_equal(L.u.p.status, 1);
	assert_int_equal(L.u.p.runqsize, 5);
	assert_int_equal(parse("  P0: status=0 schedtick=0 syscalltick=0 m=-1 runqsize=0 gfreecnt=0 timerslen=0"),
			 SCHEDTRACE_OK);
	assert_int_equal(parse("  P0: status=0 schedtick=0 m=nil"), SCHEDTRACE_EMISSING);
}

static void g_lines_give_status_and_reason(void **state)
{
	(void)state;
	assert_int_equal(parse("  G1: status=4(chan receive) m=nil lockedm=nil"), SCHEDTRACE_OK);
	assert_int_equal(L.kind, SCHEDTRACE_G);
	assert_int_equal(L.u.g.id, 1);
	assert_int_equal(L.u.g.status, 4);
	assert_int_equal(L.u.g.reason_len, strlen("chan receive"));
	assert_memory_equal(L.u.g.reason, "chan receive", L.u.g.reason_len);

	assert_int_equal(parse("  G2: status=4(force gc (idle)) m=-1 lockedm=-1"), SCHEDTRACE_OK);
	assert_int_equal(L.u.g.reason_len, strlen("force gc (idle)"));
	assert_memory_equal(L.u.g.reason, "force gc (idle)", L.u.g.reason_len);

	assert_int_equal(parse("  G17: status=6() m=1 lockedm=1"), SCHEDTRACE_OK);
	assert_int_equal(L.u.g.status, 6);
	assert_int_equal(L.u.g.reason_len, 0);

	/* The GC scan bit is not a state of its own. */
	assert_int_equal(parse("  G9: status=4097(select) m=nil lockedm=nil"), SCHEDTRACE_OK);
	assert_int_equal(L.u.g.status, 1);
	assert_int_equal(parse("  G9: status=4(select m=nil"), SCHEDTRACE_EBRACKET);
}

static void m_lines_are_recognised(void **state)
{
	(void)state;
	assert_int_equal(parse("  M4: p=nil curg=nil mallocing=0 throwing=0 preemptoff= locks=0 dying=0 "
			       "spinning=false blocked=true lockedg=nil"), SCHEDTRACE_OK);
	assert_int_equal(L.kind, SCHEDTRACE_M);
	assert_int_equal(L.u.m_id, 4);
}

static void application_lines_are_other(void **state)
{
	(void)state;
	const char *lines[] = {
		"", "hello", "leakserver: lifetime 10m0s reached, exiting",
		"2024/01/01 12:00:00 SCHED 100ms: gomaxprocs=1", "  Pizza: 3", "  P: x", "  Gx1: y",
		"  P12 no colon",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		assert_int_equal(parse(lines[i]), SCHEDTRACE_OK);
		assert_int_equal(L.kind, SCHEDTRACE_OTHER);
	}
}

static void damaged_sched_lines_are_errors(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		enum schedtrace_err err;
	} cases[] = {
		{ "SCHED", SCHEDTRACE_EPREFIX },
		{ "SCHEDULE 1ms:", SCHEDTRACE_EPREFIX },
		{ "SCHED xms: gomaxprocs=1", SCHEDTRACE_EPREFIX },
		{ "SCHED 10s: gomaxprocs=1", SCHEDTRACE_EPREFIX },
		/* Interleaved application output inside the line. */
		{ "SCHED 100ms: gomaxprocs=1 idlepleakserver: hello", SCHEDTRACE_EFIELD },
		{ "SCHED 100ms: gomaxprocs=1 idleprocs=0 threads=5 spinningthreads=0 idlethreads=0 runqueue=1hello [0]",
		  SCHEDTRACE_ENUMBER },
		/* Cut by a dying process. */
		{ "SCHED 100ms: gomaxprocs=1 idleprocs=0 threads=5", SCHEDTRACE_EMISSING },
		{ "SCHED 100ms: gomaxprocs=1 idleprocs=0 threads=5 spinningthreads=0 idlethreads=0 runqueue=1",
		  SCHEDTRACE_EMISSING },
		{ "SCHED 100ms: gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 idlethreads=0 runqueue=1 [0 1",
		  SCHEDTRACE_EBRACKET },
		{ "SCHED 100ms: gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 idlethreads=0 runqueue=1 [0 x]",
		  SCHEDTRACE_EBRACKET },
		{ "SCHED 100ms: gomaxprocs=1 gomaxprocs=1 idleprocs=0 threads=5 spinningthreads=0 idlethreads=0 runqueue=1 [0]",
		  SCHEDTRACE_EDUP },
		{ "SCHED 100ms: gomaxprocs=1 idleprocs=0 threads=5 spinningthreads=0 idlethreads=0 runqueue=1 [0] [0]",
		  SCHEDTRACE_EDUP },
		{ "SCHED 100ms: gomaxprocs=1 idleprocs=0 threads=5 spinningthreads=0 idlethreads=0 runqueue=-1 [0]",
		  SCHEDTRACE_ENUMBER },
		{ "SCHED 100ms: gomaxprocs=1 idleprocs=0 threads=5 spinningthreads=0 idlethreads=0 runqueue=1 [0] x=[ 1",
		  SCHEDTRACE_EBRACKET },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum schedtrace_err err = parse(cases[i].line);

		if (err != cases[i].err)
			fail_msg("'%s': got %s, want %s", cases[i].line, schedtrace_strerror(err),
				 schedtrace_strerror(cases[i].err));
		assert_int_equal(L.kind, SCHEDTRACE_SUMMARY);
	}
}

static void numbers_past_2_63_are_range_errors(void **state)
{
	(void)state;
	assert_int_equal(parse("SCHED 1ms: gomaxprocs=1 idleprocs=0 threads=9223372036854775807 "
			       "spinningthreads=0 idlethreads=0 runqueue=0 [0]"), SCHEDTRACE_OK);
	assert_int_equal(L.u.sum.threads, INT64_MAX);
	assert_int_equal(parse("SCHED 1ms: gomaxprocs=1 idleprocs=0 threads=9223372036854775808 "
			       "spinningthreads=0 idlethreads=0 runqueue=0 [0]"), SCHEDTRACE_ERANGE);
	assert_int_equal(parse("SCHED 99999999999999999999ms: gomaxprocs=1"), SCHEDTRACE_ERANGE);
	assert_int_equal(parse("SCHED 1ms: gomaxprocs=1 idleprocs=0 threads=1 spinningthreads=0 "
			       "idlethreads=0 runqueue=0 [18446744073709551616]"), SCHEDTRACE_ERANGE);
}

static void crlf_and_nul_bytes(void **state)
{
	(void)state;
	const char crlf[] = "SCHED 1ms: gomaxprocs=1 idleprocs=0 threads=1 spinningthreads=0 "
			    "idlethreads=0 runqueue=2 [3]\r";
	const char nul[] = "SCHED 1ms: gomaxprocs=1 idleprocs=0 threads=1\0 spinningthreads=0 "
			   "idlethreads=0 runqueue=2 [3]";

	assert_int_equal(schedtrace_parse_line(crlf, sizeof(crlf) - 1, &L), SCHEDTRACE_OK);
	assert_int_equal(L.u.sum.local[0], 3);
	assert_int_not_equal(schedtrace_parse_line(nul, sizeof(nul) - 1, &L), SCHEDTRACE_OK);
}

static void too_many_ps_is_an_error(void **state)
{
	(void)state;
	size_t cap = 64 + 2 * (SCHEDTRACE_MAX_P + 1) + 8, n;
	char *s = malloc(cap);
	int i;

	n = (size_t)snprintf(s, cap, "SCHED 1ms: gomaxprocs=1 idleprocs=0 threads=1 spinningthreads=0 "
			     "idlethreads=0 runqueue=0 [");
	for (i = 0; i < SCHEDTRACE_MAX_P + 1; i++) {
		s = realloc(s, n + 4);
		s[n++] = '0';
		s[n++] = ' ';
	}
	s[n++] = ']';
	assert_int_equal(schedtrace_parse_line(s, n, &L), SCHEDTRACE_ETOOMANYP);
	free(s);
}

static void every_error_has_a_message(void **state)
{
	(void)state;
	for (int e = 0; e < SCHEDTRACE_NERR; e++)
		assert_non_null(schedtrace_strerror((enum schedtrace_err)e));
	assert_string_equal(schedtrace_strerror((enum schedtrace_err)999), "unknown error");
}

/* Every SCHED line of every captured fixture parses. */
static void every_fixture_line_parses(void **state)
{
	(void)state;
	static const char *const files[] = {
		"go1.19-gmp1-leak20.log", "go1.19-gmp4-leak20.log", "go1.19-gmp2-detail-chan10.log",
		"go1.26-gmp1-leak20.log", "go1.26-gmp4-leak20.log", "go1.26-gmp2-detail-chan10.log",
		"go1.26-gmp2-detail-leak10.log", "go1.19-gmp1-4-2-leak18.log", "go1.26-gmp1-4-2-leak18.log",
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[256], *line = NULL;
		size_t cap = 0;
		ssize_t n;
		int sched = 0;
		FILE *f;

		snprintf(path, sizeof(path), "tests/fixtures/%s", files[i]);
		f = fopen(path, "r");
		if (!f)
			fail_msg("cannot open %s (run from the top directory)", path);
		while ((n = getline(&line, &cap, f)) > 0) {
			enum schedtrace_err err;

			if (line[n - 1] == '\n')
				n--;
			err = schedtrace_parse_line(line, (size_t)n, &L);
			if (err)
				fail_msg("%s: '%.*s': %s", files[i], (int)n, line, schedtrace_strerror(err));
			if (L.kind == SCHEDTRACE_SUMMARY) {
				sched++;
				if (!L.u.sum.detail)
					assert_int_equal(L.u.sum.nlocal, L.u.sum.gomaxprocs);
				if (strncmp(files[i], "go1.19", 6) == 0)
					assert_int_equal(L.u.sum.needspinning, -1);
				else
					assert_true(L.u.sum.needspinning >= 0);
			}
		}
		free(line);
		fclose(f);
		assert_true(sched > 5);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(source_notes_line_parses),
		cmocka_unit_test(go119_line_has_no_needspinning),
		cmocka_unit_test(go125_spaced_brackets_and_schedticks),
		cmocka_unit_test(fields_are_read_by_key_not_column),
		cmocka_unit_test(detail_summary_old_and_new_booleans),
		cmocka_unit_test(p_lines_give_runqsize),
		cmocka_unit_test(g_lines_give_status_and_reason),
		cmocka_unit_test(m_lines_are_recognised),
		cmocka_unit_test(application_lines_are_other),
		cmocka_unit_test(damaged_sched_lines_are_errors),
		cmocka_unit_test(numbers_past_2_63_are_range_errors),
		cmocka_unit_test(crlf_and_nul_bytes),
		cmocka_unit_test(too_many_ps_is_an_error),
		cmocka_unit_test(every_error_has_a_message),
		cmocka_unit_test(every_fixture_line_parses),
	};
	return cmocka_run_group_tests_name("schedtrace", tests, NULL, NULL);
}
