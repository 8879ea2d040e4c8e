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
	assert_int_equal(L.u.sum.needspinning, SCHEDTRACE_NONE);
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
	assert_int_equal(L.u.sum.nticks, 4);
	assert_int_equal(L.u.sum.ticks[0], 154);
	assert_int_equal(L.u.sum.ticks[3], 156);
	/* One tick per P, or the line was damaged. */
	assert_int_equal(parse("SCHED 3045ms: gomaxprocs=2 idleprocs=0 threads=8 spinningthreads=0 "
			       "needspinning=1 idlethreads=1 runqueue=6 [ 2 3 ] schedticks=[ 154 ]"),
			 SCHEDTRACE_EBRACKET);
}

/* nmidlelocked and stopwait are int32 counters in the runtime: Go 1.19 and
 * 1.27 print nmidlelocked=-1 on early lines. */
static void signed_counters_parse(void **state)
{
	(void)state;
	assert_int_equal(parse("SCHED 0ms: gomaxprocs=2 idleprocs=2 threads=3 spinningthreads=0 "
			       "needspinning=0 idlethreads=0 runqueue=0 gcwaiting=false "
			       "nmidlelocked=-1 stopwait=0 sysmonwait=false"), SCHEDTRACE_OK);
	assert_int_equal(L.kind, SCHEDTRACE_SUMMARY);
	assert_int_equal(L.u.sum.detail, 1);
	assert_int_equal(parse("SCHED 0ms: gomaxprocs=2 idleprocs=2 threads=3 spinningthreads=0 "
			       "idlethreads=0 runqueue=0 gcwaiting=0 nmidlelocked=-1 stopwait=-2 sysmonwait=0"),
			 SCHEDTRACE_OK);
	/* A sign and nothing else is no number. */
	assert_int_equal(parse("SCHED 0ms: gomaxprocs=2 idleprocs=2 threads=3 spinningthreads=0 "
			       "idlethreads=0 runqueue=0 gcwaiting=0 nmidlelocked=- stopwait=0 sysmonwait=0"),
			 SCHEDTRACE_ENUMBER);
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
	assert_int_equal(L.u.p.schedtick, 3);
	assert_int_equal(parse("  P0: status=0 schedtick=0 syscalltick=0 m=-1 runqsize=0 gfreecnt=0 timerslen=0"),
			 SCHEDTRACE_OK);
	/* Every field the runtime prints, or the line was cut. */
	assert_int_equal(parse("  P0: status=0 schedtick=0 m=nil"), SCHEDTRACE_EMISSING);
	assert_int_equal(parse("  P0: status=1 schedtick=3 syscalltick=0 m=0 runqsize=5 gfreecnt=0"),
			 SCHEDTRACE_EMISSING);
	assert_int_equal(parse("  P0: status=1 schedtick=3 syscalltick=0 m= runqsize=5 gfreecnt=0 timerslen=0"),
			 SCHEDTRACE_ENUMBER);
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

	/* _Gleaked (10) and _Gdeadextra (11), Go >= 1.26, scan bit or not. */
	assert_int_equal(parse("  G7: status=10(chan receive) m=nil lockedm=nil"), SCHEDTRACE_OK);
	assert_int_equal(L.u.g.status, 10);
	assert_memory_equal(L.u.g.reason, "chan receive", L.u.g.reason_len);
	assert_int_equal(parse("  G7: status=4106(chan receive) m=nil lockedm=nil"), SCHEDTRACE_OK);
	assert_int_equal(L.u.g.status, 10);
	assert_int_equal(parse("  G8: status=11() m=nil lockedm=nil"), SCHEDTRACE_OK);
	assert_int_equal(L.u.g.status, 11);
}

/* A G line cut by a dying process is never counted. */
static void cut_g_lines_are_errors(void **state)
{
	(void)state;
	static const char *const cut[] = {
		"  G2: status=4(chan receive) m=",
		"  G2: status=4(chan receive) m=nil",
		"  G2: status=4(chan receive) m=nil lockedm=",
		"  G2: status=4(chan receive)",
		"  G2: status=4(chan rec",
		"  G2: status=4",
		"  G2: status=",
		"  G2: sta",
		"  G2",
	};
	for (size_t i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		if (parse(cut[i]) == SCHEDTRACE_OK)
			fail_msg("'%s' parsed as whole", cut[i]);
		assert_int_equal(L.kind, SCHEDTRACE_G);
	}
}

static void m_lines_are_recognised(void **state)
{
	(void)state;
	assert_int_equal(parse("  M4: p=nil curg=nil mallocing=0 throwing=0 preemptoff= locks=0 dying=0 "
			       "spinning=false blocked=true lockedg=nil"), SCHEDTRACE_OK);
	assert_int_equal(L.kind, SCHEDTRACE_M);
	assert_int_equal(L.u.m_id, 4);
	assert_int_equal(parse("  M1: p=-1 curg=-1 mallocing=0 throwing=0 preemptoff= locks=0 dying=0 "
			       "spinning=false blocked=false lockedg=-1"), SCHEDTRACE_OK);
}

/* preemptoff is free text: leaklab's own pprof polls stop the world with
 * "goroutine profile", ReadMemStats with "read mem stats". */
static void m_lines_with_spaces_in_preemptoff(void **state)
{
	(void)state;
	static const char *const ok[] = {
		"  M0: p=0 curg=1 mallocing=0 throwing=0 preemptoff=goroutine profile locks=1 dying=0 "
		"spinning=false blocked=false lockedg=nil",
		"  M0: p=0 curg=1 mallocing=0 throwing=0 preemptoff=read mem stats locks=1 dying=0 "
		"spinning=false blocked=false lockedg=nil",
		"  M3: p=1 curg=20 mallocing=0 throwing=0 preemptoff=profile cleanup locks=2 dying=0 "
		"spinning=false blocked=false lockedg=nil",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(parse(ok[i]), SCHEDTRACE_OK);
		assert_int_equal(L.kind, SCHEDTRACE_M);
	}
	assert_int_equal(parse("  M0: p=0 curg=1 mallocing=0 throwing=0 preemptoff=read mem"),
			 SCHEDTRACE_EMISSING);
}

static void application_lines_are_other(void **state)
{
	(void)state;
	const char *lines[] = {
		"", "hello", "leakserver: lifetime 10m0s reached, exiting",
		"  Pizza: 3", "  P: x", "  Gx1: y", "  P12 no colon", "  P1: hello", "  G1: waiting",
		"SCHEDULER: job 7 done", "SCHEDULED task 5", "SCHEDULE 1ms:", "S", "SCH",
		"log: SCHEDULER 5", "xSCHEDyms:",
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
		{ "SCHED ", SCHEDTRACE_EPREFIX },
		{ "SCHED 12", SCHEDTRACE_EPREFIX },
		{ "SCHED 12m", SCHEDTRACE_EPREFIX },
		/* The runtime's head with a program's output inside it, as real
		 * captures show: "SCHED " then the program's line. */
		{ "SCHED log line 1133 g2", SCHEDTRACE_EPREFIX },
		{ "SCHED SCHEDULER: job 104 done", SCHEDTRACE_EPREFIX },
		{ "SCHED xms: gomaxprocs=1", SCHEDTRACE_EPREFIX },
		{ "SCHED 10s: gomaxprocs=1", SCHEDTRACE_EPREFIX },
		{ "the quick brown fox jumps over the lazy dogSCHED ", SCHEDTRACE_EPREFIX },
		{ "fragSCHED ment", SCHEDTRACE_EPREFIX },
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
		{ "SCHED 100ms: gomaxprocs=1 idleprocs=0 threads=5 spinningthreads=0 idlethreads=0 runqueue=1 [-1]",
		  SCHEDTRACE_EBRACKET },
		{ "SCHED 100ms: gomaxprocs=1 idleprocs=0 threads=5 spinningthreads=0 idlethreads=0 runqueue=1 [0]x",
		  SCHEDTRACE_EFIELD },
		/* A program's fragment glued after the line's last field. */
		{ "SCHED 100ms: gomaxprocs=1 idleprocs=0 threads=5 spinningthreads=0 idlethreads=0 runqueue=1 "
		  "[ 0 ] schedticks=[ 5 ]hello", SCHEDTRACE_EFIELD },
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

/* A summary after a fragment the program wrote without a newline is a
 * sample; the text before it is the program's. */
static void summaries_start_anywhere_in_the_line(void **state)
{
	(void)state;
	const char *line = "fragfragSCHED 5ms: gomaxprocs=1 idleprocs=0 threads=3 spinningthreads=0 "
			   "needspinning=0 idlethreads=0 runqueue=3 [ 4 ] schedticks=[ 9 ]";

	assert_int_equal(parse(line), SCHEDTRACE_OK);
	assert_int_equal(L.kind, SCHEDTRACE_SUMMARY);
	assert_int_equal(L.start, 8);
	assert_int_equal(L.cut_at, (size_t)-1);
	assert_int_equal(L.u.sum.uptime_ms, 5);
	assert_int_equal(L.u.sum.local[0], 4);
	/* Its own SCHED words do not fool it. */
	assert_int_equal(parse("SCHEDULER SCHED 5: SCHED 7ms: gomaxprocs=1 idleprocs=0 threads=3 "
			       "spinningthreads=0 idlethreads=0 runqueue=2 [1]"), SCHEDTRACE_OK);
	assert_int_equal(L.start, 19);
	assert_int_equal(L.u.sum.uptime_ms, 7);
	/* A log prefix, as log.Print would glue it. */
	assert_int_equal(parse("2026/11/27 log: SCHED 5ms: gomaxprocs=1 idleprocs=0 threads=4 "
			       "spinningthreads=0 idlethreads=0 runqueue=9 [9]"), SCHEDTRACE_OK);
	assert_int_equal(L.start, 16);
	/* P, M and G lines too. */
	assert_int_equal(parse("frag  G12: status=4(chan receive) m=nil lockedm=nil"), SCHEDTRACE_OK);
	assert_int_equal(L.kind, SCHEDTRACE_G);
	assert_int_equal(L.start, 4);
	/* A damaged summary after a fragment: the fragment is the program's. */
	assert_int_equal(parse("fragSCHED 5ms: gomaxprocs=1 idlepr"), SCHEDTRACE_EMISSING);
	assert_int_equal(L.kind, SCHEDTRACE_SUMMARY);
	assert_int_equal(L.start, 4);
	/* A process that died mid-line and started again on the same file:
	 * the cut line, then a whole one. */
	assert_int_equal(parse("SCHED 9000ms: gomaxprocs=1 idlepSCHED 0ms: gomaxprocs=1 idleprocs=0 "
			       "threads=3 spinningthreads=0 idlethreads=0 runqueue=0 [0]"), SCHEDTRACE_OK);
	assert_int_equal(L.cut_at, 0);
	assert_int_equal(L.start, 32);
	assert_int_equal(L.u.sum.uptime_ms, 0);
}

/* The rest of a trace line that the program's own newline cut in two:
 * the rest of a summary (a new one began) or of a P, M or G line. */
static void tails_of_cut_lines(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int kind;
	} tails[] = {
		{ "rocs=0 threads=5 spinningthreads=0 idlethreads=1 runqueue=2 [3]", SCHEDTRACE_SUMMARY },
		{ " threads=5 spinningthreads=0 needspinning=0 idlethreads=1 runqueue=2 [ 3 ] schedticks=[ 7 ]",
		  SCHEDTRACE_SUMMARY },
		{ "=0 gcwaiting=false nmidlelocked=-1 stopwait=0 sysmonwait=false", SCHEDTRACE_SUMMARY },
		{ " schedticks=[ 14 12 ]", SCHEDTRACE_SUMMARY },
		{ "704ms: gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 runqueue=0 [ 0 0 ]",
		  SCHEDTRACE_SUMMARY },
		{ "ED 81ms: gomaxprocs=2 idleprocs=1 threads=4 spinningthreads=0 needspinning=0 idlethreads=2 "
		  "runqueue=0 gcwaiting=false nmidlelocked=0 stopwait=0 sysmonwait=false", SCHEDTRACE_SUMMARY },
		/* bytes of the program inside it too */
		{ "o2x idleprocs= 0j threads=q5", SCHEDTRACE_SUMMARY },
		/* a P line's words, then a summary's: a summary began */
		{ "e=nil lockedm=nil idleprocs=1", SCHEDTRACE_SUMMARY },
		{ "eceive) m=nil lockedm=nil", SCHEDTRACE_G },
		{ ") m=-1 lockedm=-1", SCHEDTRACE_G },
		{ "ick=3 syscalltick=0 m=0 runqsize=5 gfreecnt=0 timerslen=0", SCHEDTRACE_G },
		{ "tatus=1 schedtick=3 syscalltick=0 m=0 runqsize=5 gfreecnt=0 timerslen=0", SCHEDTRACE_G },
		{ "ats locks=0 dying=0 spinning=false blocked=false lockedg=nil", SCHEDTRACE_G },
	};
	static const char *const not_tails[] = {
		"", "hello", "config: [a b]", "values [1 2 3]", "x m=nil", "worker threads=4 status=ok",
		"a threads=x [1]", "xidlethreads=3", "p=1 curg=2", "SCH",
	};
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		int kind = schedtrace_is_tail(tails[i].text, strlen(tails[i].text));

		if (kind != tails[i].kind)
			fail_msg("'%s': got %d, want %d", tails[i].text, kind, tails[i].kind);
	}
	for (size_t i = 0; i < sizeof(not_tails) / sizeof(not_tails[0]); i++)
		if (schedtrace_is_tail(not_tails[i], strlen(not_tails[i])))
			fail_msg("'%s' is no tail", not_tails[i]);
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

/* The captures no other output damaged, from Go 1.19, 1.26 and 1.27:
 * every line parses, and the summaries, P lines and G lines counted are
 * those grep finds (grep -cE 'SCHED [0-9]+ms: gomaxprocs=', '^  P[0-9]+:
 * status=', '^  G[0-9]+: status='). The damaged captures (bytes, lines,
 * frag and schedwords of some versions, sigkill) are the collector's. */
static void every_line_of_the_undamaged_fixtures_parses(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		int summaries, p_lines, g_lines;
	} files[] = {
		{ "go1.19-gmp1-leak20.log", 56, 0, 0 },
		{ "go1.19-gmp4-leak20.log", 31, 0, 0 },
		{ "go1.19-gmp2-detail-chan10.log", 8, 16, 137 },
		{ "go1.19-gmp1-4-2-leak18.log", 42, 0, 0 },
		{ "go1.26-gmp1-leak20.log", 56, 0, 0 },
		{ "go1.26-gmp4-leak20.log", 31, 0, 0 },
		{ "go1.26-gmp2-detail-chan10.log", 8, 16, 148 },
		{ "go1.26-gmp2-detail-leak10.log", 10, 20, 190 },
		{ "go1.26-gmp1-4-2-leak18.log", 42, 0, 0 },
		{ "go1.19-prog-frag.log", 172, 0, 0 },
		{ "go1.19-prog-frag-detail.log", 170, 340, 849 },
		{ "go1.19-prog-gomaxprocs.log", 28, 0, 0 },
		{ "go1.19-prog-gomaxprocs-detail.log", 27, 58, 290 },
		{ "go1.19-prog-locked.log", 74, 148, 367 },
		{ "go1.19-prog-stw.log", 93, 186, 1705 },
		{ "go1.19-prog-leakprofile.log", 8, 16, 109 },
		{ "go1.19-prog-deadlock.log", 11, 22, 84 },
		{ "go1.26-prog-frag-detail.log", 170, 340, 849 },
		{ "go1.26-prog-gomaxprocs.log", 28, 0, 0 },
		{ "go1.26-prog-gomaxprocs-detail.log", 28, 63, 301 },
		{ "go1.26-prog-locked.log", 75, 150, 374 },
		{ "go1.26-prog-stw.log", 91, 182, 1680 },
		{ "go1.26-prog-leakprofile.log", 8, 16, 119 },
		{ "go1.26-prog-deadlock.log", 11, 22, 81 },
		{ "go1.27-prog-frag.log", 175, 0, 0 },
		{ "go1.27-prog-gomaxprocs.log", 29, 0, 0 },
		{ "go1.27-prog-gomaxprocs-detail.log", 29, 60, 312 },
		{ "go1.27-prog-locked.log", 75, 150, 374 },
		{ "go1.27-prog-stw.log", 93, 186, 1702 },
		{ "go1.27-prog-leakprofile.log", 8, 16, 119 },
		{ "go1.27-prog-deadlock.log", 11, 22, 84 },
		{ "go1.27-prog-schedwords.log", 198, 0, 0 },
		{ "go1.27-prog-panic.log", 12, 2, 11 },
		{ "go1.27-prog-sigquit.log", 11, 2, 9 },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[256], *line = NULL;
		size_t cap = 0;
		ssize_t n;
		int sched = 0, plines = 0, glines = 0;
		FILE *f;

		snprintf(path, sizeof(path), "tests/fixtures/%s", files[i].file);
		f = fopen(path, "r");
		if (!f)
			fail_msg("cannot open %s (run from the top directory)", path);
		while ((n = getline(&line, &cap, f)) > 0) {
			enum schedtrace_err err;

			if (line[n - 1] == '\n')
				n--;
			err = schedtrace_parse_line(line, (size_t)n, &L);
			if (err)
				fail_msg("%s: '%.*s': %s", files[i].file, (int)n, line, schedtrace_strerror(err));
			plines += L.kind == SCHEDTRACE_P;
			glines += L.kind == SCHEDTRACE_G;
			if (L.kind == SCHEDTRACE_SUMMARY) {
				sched++;
				if (!L.u.sum.detail)
					assert_int_equal(L.u.sum.nlocal, L.u.sum.gomaxprocs);
				if (strncmp(files[i].file, "go1.19", 6) == 0)
					assert_int_equal(L.u.sum.needspinning, SCHEDTRACE_NONE);
				else
					assert_true(L.u.sum.needspinning >= 0);
			}
		}
		free(line);
		fclose(f);
		if (sched != files[i].summaries || plines != files[i].p_lines || glines != files[i].g_lines)
			fail_msg("%s: %d summaries, %d P lines, %d G lines; want %d, %d, %d", files[i].file,
				 sched, plines, glines, files[i].summaries, files[i].p_lines, files[i].g_lines);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(source_notes_line_parses),
		cmocka_unit_test(go119_line_has_no_needspinning),
		cmocka_unit_test(go125_spaced_brackets_and_schedticks),
		cmocka_unit_test(fields_are_read_by_key_not_column),
		cmocka_unit_test(signed_counters_parse),
		cmocka_unit_test(detail_summary_old_and_new_booleans),
		cmocka_unit_test(p_lines_give_runqsize),
		cmocka_unit_test(g_lines_give_status_and_reason),
		cmocka_unit_test(cut_g_lines_are_errors),
		cmocka_unit_test(m_lines_are_recognised),
		cmocka_unit_test(m_lines_with_spaces_in_preemptoff),
		cmocka_unit_test(summaries_start_anywhere_in_the_line),
		cmocka_unit_test(tails_of_cut_lines),
		cmocka_unit_test(application_lines_are_other),
		cmocka_unit_test(damaged_sched_lines_are_errors),
		cmocka_unit_test(numbers_past_2_63_are_range_errors),
		cmocka_unit_test(crlf_and_nul_bytes),
		cmocka_unit_test(too_many_ps_is_an_error),
		cmocka_unit_test(every_error_has_a_message),
		cmocka_unit_test(every_line_of_the_undamaged_fixtures_parses),
	};
	return cmocka_run_group_tests_name("schedtrace", tests, NULL, NULL);
}
