/* test_collector.c - the streaming collector: resync, damage, widths, detail */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "collector.h"

struct run {
	char *trace, *waits, *tee, *raw;
	size_t trace_n, waits_n, tee_n, raw_n;
	struct collector_stats st;
	int nsamples;
	int64_t last_queued;
};

static void on_sample(void *ud, const struct trace_row *s)
{
	struct run *r = ud;

	r->nsamples++;
	r->last_queued = s->queued;
}

/* Feed text in pieces of `step` bytes (0: all at once). */
static void collect(struct run *r, const char *text, size_t len, size_t step)
{
	FILE *trace, *waits, *tee, *raw;
	struct collector_opts o;
	struct collector *c;
	size_t off = 0;

	memset(r, 0, sizeof(*r));
	trace = open_memstream(&r->trace, &r->trace_n);
	waits = open_memstream(&r->waits, &r->waits_n);
	tee = open_memstream(&r->tee, &r->tee_n);
	raw = open_memstream(&r->raw, &r->raw_n);
	memset(&o, 0, sizeof(o));
	o.trace = trace;
	o.waits = waits;
	o.tee = tee;
	o.raw = raw;
	o.on_sample = on_sample;
	o.ud = r;
	c = collector_new(&o);
	assert_non_null(c);
	if (step == 0)
		step = len ? len : 1;
	while (off < len) {
		size_t n = len - off < step ? len - off : step;

		assert_int_equal(collector_feed(c, text + off, n, (double)off), 0);
		off += n;
	}
	assert_int_equal(collector_finish(c, (double)len), 0);
	collector_get_stats(c, &r->st);
	collector_free(c);
	fclose(trace);
	fclose(waits);
	fclose(tee);
	fclose(raw);
}

#ifdef __GLIBC__
/* Bytes malloc has handed out: from the heap and, for large blocks, mmap. */
static size_t heap_in_use(void)
{
	struct mallinfo2 m = mallinfo2();

	return m.uordblks + m.hblkhd;
}
#endif

/* Does heap_in_use() see an allocation? Not under valgrind or ASan, whose
 * allocators glibc's mallinfo2 does not see; not without glibc. */
static int heap_is_visible(void)
{
	int seen = 0;
#ifdef __GLIBC__
	size_t base = heap_in_use();
	char *volatile p = malloc(1 << 20);

	assert_non_null(p);
	p[0] = 1;
	seen = heap_in_use() >= base + (1 << 20);
	free(p);
#endif
	return seen;
}

/* The most heap in use, past what it was once the collector existed,
 * while text is fed in pieces of step bytes to sinks that keep nothing.
 * Call only when heap_is_visible(). */
static size_t peak_growth(const char *text, size_t len, size_t step)
{
	size_t peak = 0;
#ifdef __GLIBC__
	FILE *sink = fopen("/dev/null", "w");
	struct collector_opts o;
	struct collector *c;
	size_t base;

	assert_non_null(sink);
	memset(&o, 0, sizeof(o));
	o.trace = o.waits = o.tee = o.raw = sink;
	c = collector_new(&o);
	assert_non_null(c);
	fputc('\n', sink);   /* its stdio buffer, allocated now */
	base = heap_in_use();
	for (size_t off = 0; off < len; off += step) {
		size_t now;

		assert_int_equal(collector_feed(c, text + off, len - off < step ? len - off : step, (double)off), 0);
		now = heap_in_use();
		if (now > base && now - base > peak)
			peak = now - base;
	}
	collector_finish(c, (double)len);
	collector_free(c);
	fclose(sink);
#else
	(void)text;
	(void)len;
	(void)step;
#endif
	return peak;
}

static void run_free(struct run *r)
{
	free(r->trace);
	free(r->waits);
	free(r->tee);
	free(r->raw);
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

#define L1 "SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 idlethreads=0 runqueue=0 [0]\n"
#define L2 "SCHED 100ms: gomaxprocs=1 idleprocs=0 threads=5 spinningthreads=0 idlethreads=1 runqueue=2 [3]\n"

static void every_byte_reaches_raw_whatever_the_split(void **state)
{
	(void)state;
	const char text[] = L1 "app says hi\n" L2 "no newline at the end";
	struct run r;

	for (size_t step = 1; step < sizeof(text); step += 7) {
		collect(&r, text, sizeof(text) - 1, step);
		assert_int_equal(r.raw_n, sizeof(text) - 1);
		assert_memory_equal(r.raw, text, sizeof(text) - 1);
		assert_int_equal(r.st.samples, 2);
		assert_int_equal(r.st.malformed, 0);
		assert_string_equal(r.tee, "app says hi\nno newline at the end");
		assert_int_equal(r.last_queued, 5);
		run_free(&r);
	}
}

static void rows_have_the_spec_columns(void **state)
{
	(void)state;
	struct run r;

	collect(&r, L1 L2, strlen(L1 L2), 0);
	assert_string_equal(r.trace,
		"t_ms\tuptime_ms\tgomaxprocs\tidleprocs\tthreads\tspinningthreads\tneedspinning\t"
		"idlethreads\trunqueue\tlocal_sum\tqueued\tp0\n"
		"0.000\t0\t1\t0\t4\t0\t-\t0\t0\t0\t0\t0\n"
		"0.000\t100\t1\t0\t5\t0\t-\t1\t2\t3\t5\t3\n");
	run_free(&r);
}

static void a_line_split_by_app_output_is_malformed(void **state)
{
	(void)state;
	/* The runtime writes a SCHED line in pieces; the app's own write
	 * lands in the middle and brings its newline. */
	const char text[] = L1
		"SCHED 100ms: gomaxprocs=1 idlepserver: request done\n"
		"rocs=0 threads=5 spinningthreads=0 idlethreads=1 runqueue=2 [3]\n" L2;
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.samples, 2);
	/* Both halves are cut trace lines: counted, not passed on. */
	assert_int_equal(r.st.malformed, 2);
	assert_int_equal(r.st.other_lines, 0);
	assert_string_equal(r.tee, "");
	assert_int_equal(count_lines(r.trace), 3);
	run_free(&r);
}

static void a_truncated_last_line_is_malformed(void **state)
{
	(void)state;
	const char text[] = L1 "SCHED 200ms: gomaxprocs=1 idleprocs=0 thr";
	struct run r;

	collect(&r, text, sizeof(text) - 1, 3);
	assert_int_equal(r.st.samples, 1);
	assert_int_equal(r.st.malformed, 1);
	run_free(&r);
}

static void crlf_lines_parse(void **state)
{
	(void)state;
	const char text[] =
		"SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 idlethreads=0 runqueue=0 [0]\r\n"
		"SCHED 1ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 idlethreads=0 runqueue=4 [1]\r\n";
	struct run r;

	collect(&r, text, sizeof(text) - 1, 5);
	assert_int_equal(r.st.samples, 2);
	assert_int_equal(r.last_queued, 5);
	run_free(&r);
}

/* An application line of 1 MiB, a SCHED line of 1 MiB, then a summary. */
static char *one_mib_lines(size_t big, size_t *len)
{
	char *text = malloc(2 * big + 512);
	size_t n = 0;

	assert_non_null(text);
	memset(text, 'x', big);
	n = big;
	text[n++] = '\n';
	memcpy(text + n, "SCHED 5ms: gomaxprocs=1 ", 24);
	memset(text + n + 24, 'y', big);
	n += 24 + big;
	text[n++] = '\n';
	memcpy(text + n, L2, strlen(L2));
	n += strlen(L2);
	*len = n;
	return text;
}

/* The application's line passes through whole, the SCHED line is
 * malformed, and the stream goes on. */
static void a_one_mib_line_passes_through_whole(void **state)
{
	(void)state;
	size_t big = 1024 * 1024, n;
	char *text = one_mib_lines(big, &n);
	struct run r;

	collect(&r, text, n, 4096);
	assert_int_equal(r.st.samples, 1);
	assert_int_equal(r.st.malformed, 1);
	assert_int_equal(r.st.other_lines, 1);
	assert_int_equal(r.tee_n, big + 1);
	assert_memory_equal(r.tee, text, big + 1);
	assert_int_equal(r.raw_n, n);
	run_free(&r);
	free(text);
}

/* While it streams, the collector holds no more than its own line
 * buffer, whatever the line's length. */
static void a_one_mib_line_costs_no_memory(void **state)
{
	(void)state;
	size_t n;
	char *text;

	if (!heap_is_visible()) {
		print_message("skip: mallinfo2 sees no heap here (valgrind or ASan)\n");
		skip();
	}
	text = one_mib_lines(1024 * 1024, &n);
	assert_true(peak_growth(text, n, 4096) < 64 * 1024);
	free(text);
}

static void nul_bytes_do_not_stop_the_stream(void **state)
{
	(void)state;
	const char text[] = L1 "SCHED 1ms: gomaxprocs=1 idle\0procs=0 threads=4 spinningthreads=0 "
			    "idlethreads=0 runqueue=0 [0]\n" "bin\0ary\n" L2;
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.samples, 2);
	assert_int_equal(r.st.malformed, 1);
	assert_int_equal(r.st.other_lines, 1);
	assert_int_equal(r.raw_n, sizeof(text) - 1);
	run_free(&r);
}

static void empty_input_gives_a_header_only(void **state)
{
	(void)state;
	struct run r;

	collect(&r, "", 0, 0);
	assert_int_equal(r.st.samples, 0);
	assert_int_equal(count_lines(r.trace), 1);
	assert_non_null(strstr(r.trace, "queued\n"));
	run_free(&r);
}

/* A log prefix glued before a summary: the summary is a sample, the prefix
 * the program's. */
static void a_summary_after_a_prefix_is_a_sample(void **state)
{
	(void)state;
	const char text[] = "2026/11/27 log: SCHED 5ms: gomaxprocs=1 idleprocs=0 threads=4 "
			    "spinningthreads=0 idlethreads=0 runqueue=9 [9]\n" L1;
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.samples, 2);
	assert_int_equal(r.st.other_lines, 0);
	assert_string_equal(r.tee, "2026/11/27 log: ");
	assert_non_null(strstr(r.trace, "\t5\t1\t0\t4\t0\t-\t0\t9\t9\t18\t9\n"));
	run_free(&r);
}

/* Programs that write fragments without a newline: the runtime's summary
 * then starts after the fragment (issue: 78-98% of samples were lost). */
static void fragments_before_summaries_are_teed_and_samples_kept(void **state)
{
	(void)state;
	const char text[] =
		"fragfragSCHED 5ms: gomaxprocs=1 idleprocs=0 threads=3 spinningthreads=0 needspinning=0 "
		"idlethreads=0 runqueue=3 [ 4 ] schedticks=[ 9 ]\n"
		"ment\n"
		"xSCHED 10ms: gomaxprocs=1 idleprocs=0 threads=3 spinningthreads=0 needspinning=0 "
		"idlethreads=0 runqueue=1 [ 0 ] schedticks=[ 12 ]\n"
		"SCHEDULER: job 7 done\n";
	struct run r;

	for (size_t step = 1; step < sizeof(text); step += 5) {
		collect(&r, text, sizeof(text) - 1, step);
		assert_int_equal(r.st.samples, 2);
		assert_int_equal(r.st.malformed, 0);
		assert_string_equal(r.tee, "fragfragment\nxSCHEDULER: job 7 done\n");
		assert_non_null(strstr(r.trace, "\tqueued\tp0\ttick0\n"));
		assert_non_null(strstr(r.trace, "\t5\t1\t0\t3\t0\t0\t0\t3\t4\t7\t4\t9\n"));
		assert_non_null(strstr(r.trace, "\t10\t1\t0\t3\t0\t0\t0\t1\t0\t1\t0\t12\n"));
		run_free(&r);
	}
}

static void gomaxprocs_1_4_2_keeps_columns_aligned(void **state)
{
	(void)state;
	const char text[] =
		"SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 idlethreads=0 runqueue=1 [1]\n"
		"SCHED 1ms: gomaxprocs=4 idleprocs=0 threads=4 spinningthreads=0 idlethreads=0 runqueue=1 [ 1 2 3 4 ]\n"
		"SCHED 2ms: gomaxprocs=2 idleprocs=0 threads=4 spinningthreads=0 idlethreads=0 runqueue=1 [ 5 6 ]\n";
	char path[] = "/tmp/leaklab-test-XXXXXX";
	int fd = mkstemp(path);
	struct collector_opts o;
	struct collector_stats st;
	struct collector *c;
	char buf[2048];
	size_t n;
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	memset(&o, 0, sizeof(o));
	o.trace = f;
	o.trace_path = path;
	c = collector_new(&o);
	assert_int_equal(collector_feed(c, text, sizeof(text) - 1, 1.5), 0);
	assert_int_equal(collector_finish(c, 2), 0);
	collector_get_stats(c, &st);
	assert_int_equal(st.max_p, 4);
	assert_int_equal(st.rewrites, 1);
	assert_int_equal(st.stale_header, 0);
	collector_free(c);
	fclose(f);

	f = fopen(path, "r");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	unlink(path);
	assert_string_equal(buf,
		"t_ms\tuptime_ms\tgomaxprocs\tidleprocs\tthreads\tspinningthreads\tneedspinning\t"
		"idlethreads\trunqueue\tlocal_sum\tqueued\tp0\tp1\tp2\tp3\n"
		"1.500\t0\t1\t0\t4\t0\t-\t0\t1\t1\t2\t1\t-\t-\t-\n"
		"1.500\t1\t4\t0\t4\t0\t-\t0\t1\t10\t11\t1\t2\t3\t4\n"
		"1.500\t2\t2\t0\t4\t0\t-\t0\t1\t11\t12\t5\t6\t-\t-\n");
}

/* Without a path to rewrite, a shape that grows leaves the header as it
 * was, and says so. */
static void a_wider_shape_without_a_path_is_a_stale_header(void **state)
{
	(void)state;
	const char text[] =
		"SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 idlethreads=0 runqueue=1 [1]\n"
		"SCHED 1ms: gomaxprocs=4 idleprocs=0 threads=4 spinningthreads=0 idlethreads=0 runqueue=1 [ 1 2 3 4 ]\n";
	char *trace = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&trace, &n);
	struct collector_opts o;
	struct collector_stats st;
	struct collector *c;

	memset(&o, 0, sizeof(o));
	o.trace = f;
	o.trace_path = NULL;
	c = collector_new(&o);
	assert_non_null(c);
	assert_int_equal(collector_feed(c, text, sizeof(text) - 1, 1), 0);
	assert_int_equal(collector_finish(c, 2), 0);
	collector_get_stats(c, &st);
	collector_free(c);
	fclose(f);
	assert_int_equal(st.max_p, 4);
	assert_int_equal(st.stale_header, 1);
	assert_int_equal(st.rewrites, 0);
	/* The header is the first one: p0 only. */
	assert_non_null(strstr(trace, "\tqueued\tp0\n"));
	assert_int_equal(count_lines(trace), 3);
	free(trace);
}

/* A full disk: feed or finish fails and names the file that failed. */
static void feed_to_a_full_disk(const char *which)
{
	const char text[] = L1 "app line\n" L2;
	FILE *full = fopen("/dev/full", "w");
	struct collector_opts o;
	struct collector *c;
	int rc;

	assert_non_null(full);
	memset(&o, 0, sizeof(o));
	if (strcmp(which, "trace") == 0) {
		o.trace = full;
	} else {
		/* as rundir opens it: every byte at once, no buffer */
		setvbuf(full, NULL, _IONBF, 0);
		o.raw = full;
	}
	c = collector_new(&o);
	assert_non_null(c);
	rc = collector_feed(c, text, sizeof(text) - 1, 1);
	if (rc == 0)
		rc = collector_finish(c, 2);
	assert_int_equal(rc, -1);
	assert_non_null(collector_failed_file(c));
	assert_string_equal(collector_failed_file(c), which);
	collector_free(c);
	fclose(full);
}

static void a_write_failure_names_the_file(void **state)
{
	(void)state;
	if (access("/dev/full", W_OK) != 0) {
		print_message("skip: no /dev/full here\n");
		skip();
	}
	feed_to_a_full_disk("trace");
	feed_to_a_full_disk("raw");
}

#define D_SUM(ms, rq) "SCHED " #ms "ms: gomaxprocs=2 idleprocs=0 threads=6 spinningthreads=0 needspinning=0 " \
	"idlethreads=2 runqueue=" #rq " gcwaiting=false nmidlelocked=0 stopwait=0 sysmonwait=false\n"
#define D_P(i, q) "  P" #i ": status=1 schedtick=8 syscalltick=24 m=nil runqsize=" #q " gfreecnt=2 timerslen=0\n"
#define D_M "  M0: p=nil curg=nil mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=false blocked=false lockedg=nil\n"

static void detail_blocks_become_samples_with_g_states(void **state)
{
	(void)state;
	const char text[] =
		D_SUM(0, 1) D_P(0, 2) D_P(1, 3) D_M
		"  G1: status=4(chan receive) m=nil lockedm=nil\n"
		"  G2: status=4(chan receive) m=nil lockedm=nil\n"
		"  G3: status=4(force gc (idle)) m=nil lockedm=nil\n"
		"  G4: status=2() m=0 lockedm=nil\n"
		"  G5: status=1() m=nil lockedm=nil\n"
		"  G6: status=6() m=nil lockedm=nil\n"
		"app line in the middle\n"
		"  G7: status=3() m=nil lockedm=nil\n"
		D_SUM(200, 0) D_P(0, 0) D_P(1, 0)
		"  G1: status=4(chan receive) m=nil lockedm=nil\n";
	struct run r;

	collect(&r, text, sizeof(text) - 1, 11);
	assert_int_equal(r.st.samples, 2);
	assert_int_equal(r.st.detail_samples, 2);
	assert_int_equal(r.st.other_lines, 1);
	assert_int_equal(r.st.malformed, 0);
	assert_string_equal(r.tee, "app line in the middle\n");
	assert_string_equal(r.trace,
		"t_ms\tuptime_ms\tgomaxprocs\tidleprocs\tthreads\tspinningthreads\tneedspinning\t"
		"idlethreads\trunqueue\tlocal_sum\tqueued\tg_runnable\tg_running\tg_syscall\tg_waiting\t"
		"g_leaked\tp0\tp1\ttick0\ttick1\n"
		"154.000\t0\t2\t0\t6\t0\t0\t2\t1\t5\t6\t1\t1\t1\t3\t0\t2\t3\t8\t8\n"
		"902.000\t200\t2\t0\t6\t0\t0\t2\t0\t0\t0\t0\t0\t0\t1\t0\t0\t0\t8\t8\n");
	assert_string_equal(r.waits,
		"t_ms\tuptime_ms\treason\tcount\n"
		"154.000\t0\tchan receive\t2\n"
		"154.000\t0\tforce gc (idle)\t1\n"
		"902.000\t200\tchan receive\t1\n");
	run_free(&r);
}

/* A block whose summary says nmidlelocked=-1 (Go 1.19 and 1.27, early
 * lines) is a block: its lines are counted, not passed on. */
static void nmidlelocked_minus_one_opens_a_block(void **state)
{
	(void)state;
	const char text[] =
		"SCHED 0ms: gomaxprocs=2 idleprocs=2 threads=3 spinningthreads=0 needspinning=0 idlethreads=0 "
		"runqueue=0 gcwaiting=false nmidlelocked=-1 stopwait=0 sysmonwait=false\n"
		D_P(0, 0) D_P(1, 0) D_M
		"  G1: status=2() m=0 lockedm=nil\n";
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.samples, 1);
	assert_int_equal(r.st.detail_samples, 1);
	assert_int_equal(r.st.malformed, 0);
	assert_int_equal(r.st.other_lines, 0);
	assert_string_equal(r.tee, "");
	run_free(&r);
}

/* leaklab's own pprof polls stop the world: M lines then say
 * preemptoff=goroutine profile. */
static void stop_the_world_m_lines_are_whole(void **state)
{
	(void)state;
	const char text[] = D_SUM(0, 0) D_P(0, 0) D_P(1, 0)
		"  M0: p=0 curg=1 mallocing=0 throwing=0 preemptoff=goroutine profile locks=1 dying=0 "
		"spinning=false blocked=false lockedg=nil\n"
		"  M1: p=1 curg=5 mallocing=0 throwing=0 preemptoff=read mem stats locks=1 dying=0 "
		"spinning=false blocked=false lockedg=nil\n"
		"  G1: status=2() m=0 lockedm=nil\n";
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.malformed, 0);
	assert_int_equal(r.st.other_lines, 0);
	assert_int_equal(r.st.detail_samples, 1);
	run_free(&r);
}

/* Go >= 1.26: after a goroutineleak profile, the goroutines it proved
 * leaked print as status 10 until the next check. They still wait: on the
 * chart the waiting line must not drop as if the leak ended. */
static void leaked_goroutines_stay_waiting(void **state)
{
	(void)state;
	const char text[] = D_SUM(0, 0) D_P(0, 0) D_P(1, 0)
		"  G1: status=4(chan receive) m=nil lockedm=nil\n"
		"  G7: status=10(chan receive) m=nil lockedm=nil\n"
		"  G8: status=10(chan receive) m=nil lockedm=nil\n"
		"  G9: status=4106(sync.Mutex.Lock) m=nil lockedm=nil\n"
		"  G10: status=11() m=nil lockedm=nil\n"
		"  G11: status=4100(select) m=nil lockedm=nil\n"
		"  G12: status=9(preempted) m=nil lockedm=nil\n"
		"  G13: status=8() m=nil lockedm=nil\n";
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	/* g_runnable g_running g_syscall g_waiting g_leaked */
	assert_non_null(strstr(r.trace, "\t0\t1\t0\t6\t3\t0\t0\t"));
	assert_non_null(strstr(r.waits, "\tchan receive\t3\n"));
	assert_non_null(strstr(r.waits, "\tsync.Mutex.Lock\t1\n"));
	assert_non_null(strstr(r.waits, "\tselect\t1\n"));
	assert_non_null(strstr(r.waits, "\tpreempted\t1\n"));
	run_free(&r);
}

/* Application lines that start with SCHED are the program's, and do not
 * end a detailed block. */
static void scheduler_words_do_not_end_a_block(void **state)
{
	(void)state;
	const char text[] = D_SUM(0, 0) D_P(0, 0)
		"SCHEDULER: job 7 done\n"
		D_P(1, 0)
		"SCHEDULED task 5\n"
		"  G1: status=4(chan receive) m=nil lockedm=nil\n"
		"  G2: status=4(chan receive) m=nil lockedm=nil\n";
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.samples, 1);
	assert_int_equal(r.st.malformed, 0);
	assert_int_equal(r.st.other_lines, 2);
	assert_string_equal(r.tee, "SCHEDULER: job 7 done\nSCHEDULED task 5\n");
	assert_non_null(strstr(r.trace, "\t0\t0\t0\t2\t0\t0\t0\t"));
	run_free(&r);
}

/* A G line cut by a dying process is never counted; the whole ones are. */
static void a_cut_g_line_at_the_end_is_not_counted(void **state)
{
	(void)state;
	const char text[] = D_SUM(0, 1) D_P(0, 2) D_P(1, 3)
		"  G1: status=4(chan receive) m=nil lockedm=nil\n"
		"  G2: status=4(chan receive) m=";
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.samples, 1);
	assert_int_equal(r.st.detail_samples, 1);
	assert_int_equal(r.st.malformed, 1);
	assert_string_equal(r.tee, "");
	/* queued 6; one waiting goroutine, not two */
	assert_non_null(strstr(r.trace, "\t1\t5\t6\t0\t0\t0\t1\t0\t2\t3\t"));
	assert_non_null(strstr(r.waits, "\tchan receive\t1\n"));
	run_free(&r);
}

/* The runtime writes a line's newline on its own: a trace line without
 * one at the end was cut, even when it looks whole; "  G" alone too. */
static void a_last_line_without_newline_is_cut(void **state)
{
	(void)state;
	const char whole[] = D_SUM(0, 1) D_P(0, 2) D_P(1, 3)
		"  G1: status=4(chan receive) m=nil lockedm=nil\n"
		"  G2: status=4(chan receive) m=nil lockedm=nil";
	const char head[] = D_SUM(0, 1) D_P(0, 2) D_P(1, 3)
		"  G1: status=4(chan receive) m=nil lockedm=nil\n  G";
	struct run r;

	collect(&r, whole, sizeof(whole) - 1, 0);
	assert_int_equal(r.st.malformed, 1);
	assert_non_null(strstr(r.waits, "\tchan receive\t1\n"));
	run_free(&r);
	collect(&r, head, sizeof(head) - 1, 7);
	assert_int_equal(r.st.malformed, 1);
	assert_int_equal(r.st.other_lines, 0);
	assert_string_equal(r.tee, "");
	run_free(&r);
}

/* Go >= 1.25 summaries end with schedticks: one cut just before them by
 * the program's newline looks whole, and is not a sample. */
static void a_summary_cut_before_its_ticks_is_no_sample(void **state)
{
	(void)state;
	const char text[] =
		"SCHED 0ms: gomaxprocs=2 idleprocs=0 threads=4 spinningthreads=0 needspinning=0 idlethreads=0 "
		"runqueue=0 [ 0 0 ] schedticks=[ 1 2 ]\n"
		"SCHED 10ms: gomaxprocs=2 idleprocs=0 threads=4 spinningthreads=0 needspinning=0 idlethreads=0 "
		"runqueue=7 [ 0 0 ]\n"
		" schedticks=[ 14 12 ]\n"
		"SCHED 20ms: gomaxprocs=2 idleprocs=0 threads=4 spinningthreads=0 needspinning=0 idlethreads=0 "
		"runqueue=0 [ 0 0 ] schedticks=[ 15 13 ]\n"
		/* another process on the same stream: an older Go, no ticks */
		"SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 idlethreads=0 runqueue=0 [0]\n";
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.samples, 3);
	assert_int_equal(r.st.malformed, 2);
	assert_null(strstr(r.trace, "\t10\t2\t"));
	run_free(&r);
}

/* "SCHED " then the program's text mid-line: the runtime's head, broken.
 * It ends the block before it; the P, M and G lines after are orphans
 * (real capture: "fragSCHED ment" then "81ms: gomaxprocs=2 ..."). */
static void a_broken_head_ends_the_block(void **state)
{
	(void)state;
	const char text[] = D_SUM(0, 0) D_P(0, 0) D_P(1, 0)
		"  G1: status=4(chan receive) m=nil lockedm=nil\n"
		"fragSCHED ment\n"
		"81ms: gomaxprocs=2 idleprocs=1 threads=4 spinningthreads=0 needspinning=0 idlethreads=2 "
		"runqueue=0 gcwaiting=false nmidlelocked=0 stopwait=0 sysmonwait=false\n"
		D_P(0, 0) D_P(1, 0)
		"  G1: status=4(chan receive) m=nil lockedm=nil\n";
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.samples, 1);
	assert_int_equal(r.st.malformed, 2);
	assert_int_equal(r.st.orphan_lines, 3);
	assert_string_equal(r.tee, "frag");
	assert_non_null(strstr(r.waits, "\tchan receive\t1\n"));
	run_free(&r);
}

/* A summary's head cut after "SCH" by the program's newline: its rest
 * ("ED 81ms: ...") is the tail of a summary, so a new block began and the
 * open one is over; the P and G lines after it are orphans. */
static void the_tail_of_a_summary_ends_the_block(void **state)
{
	(void)state;
	const char text[] = D_SUM(0, 0) D_P(0, 0) D_P(1, 0)
		"  G1: status=4(chan receive) m=nil lockedm=nil\n"
		"SCH\n"
		"ED 81ms: gomaxprocs=2 idleprocs=1 threads=4 spinningthreads=0 needspinning=0 idlethreads=2 "
		"runqueue=0 gcwaiting=false nmidlelocked=0 stopwait=0 sysmonwait=false\n"
		D_P(0, 0) D_P(1, 0)
		"  G1: status=4(chan receive) m=nil lockedm=nil\n";
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.samples, 1);
	assert_int_equal(r.st.malformed, 1);
	assert_int_equal(r.st.orphan_lines, 3);
	assert_string_equal(r.waits, TRACE_WAITS_HEADER "0.000\t0\tchan receive\t1\n");
	run_free(&r);
}

/* P, M and G lines with no block open (their summary was damaged) are
 * trace, not the program's: not passed on. */
static void orphan_block_lines_are_not_teed(void **state)
{
	(void)state;
	const char text[] =
		"SCHED 0ms: gomaxprocs=2 idleprocs=2 threads=3 spinnhello\n"
		D_P(0, 0) D_P(1, 0) D_M
		"  G1: status=2() m=0 lockedm=nil\n"
		"bye\n";
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.samples, 0);
	assert_int_equal(r.st.malformed, 1);
	assert_int_equal(r.st.orphan_lines, 4);
	assert_string_equal(r.tee, "bye\n");
	run_free(&r);
}

/* tee gives back exactly the bytes that are not trace, in order. */
static void tee_is_the_input_minus_the_trace(void **state)
{
	(void)state;
	const char text[] =
		"start\n"
		"frag" "SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 needspinning=0 "
		"idlethreads=0 runqueue=0 [0]\n"
		"a whole line\n"
		"xy" D_SUM(100, 0) "z" D_P(0, 1) D_P(1, 0) D_M
		"  G1: status=4(chan receive) m=nil lockedm=nil\n"
		"mid-block line\n"
		"  G2: status=1() m=nil lockedm=nil\n"
		"SCHED 200ms: gomaxprocs=1 idleprocs=0 threads=5 spinningthreads=0 needspinning=0 "
		"idlethreads=1 runqueue=2 [3]\n"
		"no newline at the end";
	struct run r;

	for (size_t step = 1; step < sizeof(text); step += 13) {
		collect(&r, text, sizeof(text) - 1, step);
		assert_int_equal(r.st.samples, 3);
		assert_int_equal(r.st.malformed, 0);
		assert_string_equal(r.tee, "start\nfraga whole line\nxyzmid-block line\nno newline at the end");
		run_free(&r);
	}
}

/* Rows reach the file as their samples complete, not at the end. */
static void rows_are_written_as_samples_complete(void **state)
{
	(void)state;
	char *trace = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&trace, &n);
	struct collector_opts o;
	struct collector *c;
	const char block[] = D_SUM(0, 1) D_P(0, 2) D_P(1, 3) "  G1: status=4(chan receive) m=nil lockedm=nil\n";

	memset(&o, 0, sizeof(o));
	o.trace = f;
	c = collector_new(&o);
	assert_int_equal(collector_feed(c, L1, strlen(L1), 10), 0);
	/* fed, not finished: the header and the row are out already */
	assert_int_equal(count_lines(trace), 2);
	assert_int_equal(collector_feed(c, block, strlen(block), 20), 0);
	assert_int_equal(count_lines(trace), 2);
	assert_true(collector_deadline(c) == 20 + COLLECTOR_BLOCK_IDLE_MS);
	/* A quiet block becomes a row by the clock ... */
	assert_int_equal(collector_tick(c, 20 + COLLECTOR_BLOCK_IDLE_MS - 1), 0);
	assert_int_equal(count_lines(trace), 2);
	assert_int_equal(collector_tick(c, 20 + COLLECTOR_BLOCK_IDLE_MS), 0);
	assert_int_equal(count_lines(trace), 3);
	assert_true(isinf(collector_deadline(c)));
	/* ... and G lines after that are orphans, not a second count. */
	assert_int_equal(collector_feed(c, "  G2: status=4(chan receive) m=nil lockedm=nil\n", 48, 200), 0);
	assert_int_equal(collector_finish(c, 300), 0);
	{
		struct collector_stats st;

		collector_get_stats(c, &st);
		assert_int_equal(st.samples, 2);
		assert_int_equal(st.orphan_lines, 1);
	}
	collector_free(c);
	fclose(f);
	free(trace);
}

/* A crash (panic, fatal error, SIGQUIT) with schedtrace on prints one
 * detailed block even without scheddetail: a sample with G states, and the
 * table widens to hold them. */
static void a_crash_dump_is_a_sample_with_g_states(void **state)
{
	(void)state;
	const char text[] =
		"SCHED 0ms: gomaxprocs=2 idleprocs=2 threads=3 spinningthreads=0 needspinning=0 "
		"idlethreads=0 runqueue=0 [ 0 0 ] schedticks=[ 1 2 ]\n"
		"panic: boom\n\n"
		D_SUM(5, 0) D_P(0, 0) D_P(1, 1) D_M
		"  G1: status=2() m=0 lockedm=nil\n"
		"  G5: status=4(chan receive) m=nil lockedm=nil\n"
		"goroutine 1 [running]:\n"
		"main.main()\n"
		"\t/tmp/x/main.go:9 +0x25\n"
		"exit status 2\n";
	char path[] = "/tmp/leaklab-test-XXXXXX", buf[4096];
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct collector_opts o;
	struct collector_stats st;
	struct collector *c;
	size_t n;

	memset(&o, 0, sizeof(o));
	o.trace = f;
	o.trace_path = path;
	c = collector_new(&o);
	assert_int_equal(collector_feed(c, text, sizeof(text) - 1, 7), 0);
	assert_int_equal(collector_finish(c, 8), 0);
	collector_get_stats(c, &st);
	collector_free(c);
	fclose(f);
	assert_int_equal(st.samples, 2);
	assert_int_equal(st.detail_samples, 1);
	assert_int_equal(st.rewrites, 1);
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	unlink(path);
	assert_string_equal(buf,
		"t_ms\tuptime_ms\tgomaxprocs\tidleprocs\tthreads\tspinningthreads\tneedspinning\t"
		"idlethreads\trunqueue\tlocal_sum\tqueued\tg_runnable\tg_running\tg_syscall\tg_waiting\t"
		"g_leaked\tp0\tp1\ttick0\ttick1\n"
		"7.000\t0\t2\t2\t3\t0\t0\t0\t0\t0\t0\t-\t-\t-\t-\t-\t0\t0\t1\t2\n"
		"7.000\t5\t2\t0\t6\t0\t0\t2\t0\t1\t1\t0\t1\t0\t1\t0\t0\t1\t8\t8\n");
}

static void a_detail_block_short_of_p_lines_has_queued_unknown(void **state)
{
	(void)state;
	const char text[] = D_SUM(0, 1) D_P(0, 2) D_P(1, 3) D_SUM(200, 0) D_P(0, 0);
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	/* The second block lacks P1: a sample still, its queue unknown. */
	assert_int_equal(r.st.samples, 2);
	assert_int_equal(r.st.malformed, 0);
	assert_non_null(strstr(r.trace, "\t200\t2\t0\t6\t0\t0\t2\t0\t-\t-\t"));
	run_free(&r);
}

static void a_lost_p_line_makes_queued_unknown(void **state)
{
	(void)state;
	const char text[] = D_SUM(0, 1) D_P(0, 2) "  P1: status=1 schedtick=8 hello\n" D_SUM(200, 0) D_P(0, 0) D_P(1, 0);
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.samples, 2);
	assert_int_equal(r.st.malformed, 1);
	assert_non_null(strstr(r.trace, "\t1\t-\t-\t"));
	run_free(&r);
}

/* A detailed fixture from Go 1.19 and 1.26: the chan leak shows in waits. */
static void real_detail_traces_count_chan_receive(void **state)
{
	(void)state;
	static const char *const files[] = {
		"tests/fixtures/go1.19-gmp2-detail-chan10.log",
		"tests/fixtures/go1.26-gmp2-detail-chan10.log",
	};
	for (size_t i = 0; i < 2; i++) {
		FILE *f = fopen(files[i], "r");
		char *text = malloc(1 << 20), *last;
		struct run r;
		size_t n;

		assert_non_null(f);
		n = fread(text, 1, 1 << 20, f);
		fclose(f);
		collect(&r, text, n, 4096);
		assert_int_equal(r.st.malformed, 0);
		assert_int_equal(r.st.samples, r.st.detail_samples);
		assert_true(r.st.samples >= 5);
		/* The last count of "chan receive": the 10 leaks and G1 (main). */
		last = strstr(r.waits, "chan receive");
		assert_non_null(last);
		for (char *p = last; (p = strstr(p + 1, "chan receive")); )
			last = p;
		assert_int_equal(strtol(last + strlen("chan receive\t"), NULL, 10), 11);
		run_free(&r);
		free(text);
	}
}

/* Real traces where GOMAXPROCS went 1 -> 4 -> 2 at run time (Go 1.19 and
 * 1.26): one header with p0..p3, every row as wide, absent Ps as '-'. */
static void real_gomaxprocs_changes_stay_aligned(void **state)
{
	(void)state;
	static const char *const files[] = {
		"tests/fixtures/go1.19-gmp1-4-2-leak18.log",
		"tests/fixtures/go1.26-gmp1-4-2-leak18.log",
	};
	for (size_t i = 0; i < 2; i++) {
		char path[] = "/tmp/leaklab-test-XXXXXX", line[512];
		int fd = mkstemp(path), rows = 0, ones = 0;
		FILE *in = fopen(files[i], "r"), *out = fdopen(fd, "w");
		struct collector_opts o;
		struct collector_stats st;
		struct collector *c;
		size_t n;

		assert_non_null(in);
		memset(&o, 0, sizeof(o));
		o.trace = out;
		o.trace_path = path;
		c = collector_new(&o);
		while ((n = fread(line, 1, sizeof(line), in)) > 0)
			assert_int_equal(collector_feed(c, line, n, 1), 0);
		assert_int_equal(collector_finish(c, 2), 0);
		collector_get_stats(c, &st);
		collector_free(c);
		fclose(in);
		fclose(out);
		assert_int_equal(st.malformed, 0);
		assert_int_equal(st.max_p, 4);

		out = fopen(path, "r");
		assert_non_null(fgets(line, sizeof(line), out));
		/* Go 1.26 prints schedticks too: four more columns. */
		assert_non_null(strstr(line, i == 0 ? "\tqueued\tp0\tp1\tp2\tp3\n"
						     : "\tqueued\tp0\tp1\tp2\tp3\ttick0\ttick1\ttick2\ttick3\n"));
		while (fgets(line, sizeof(line), out)) {
			int tabs = 0;

			for (char *p = line; *p; p++)
				tabs += *p == '\t';
			assert_int_equal(tabs, i == 0 ? 14 : 18);
			rows++;
			if (strstr(line, "\t1\t") == strchr(strchr(line, '\t') + 1, '\t') && strstr(line, "\t-\t-\t-\n"))
				ones++;
		}
		fclose(out);
		unlink(path);
		assert_int_equal((uint64_t)rows, st.samples);
		assert_true(ones >= 5); /* the GOMAXPROCS=1 rows, padded */
	}
}

/* ------------------------------------------------ two runtimes, one stream */

#define LINE(u) "SCHED " #u "ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 idlethreads=0 runqueue=0 [0]\n"

static void one_runtime_is_not_mixed(void **state)
{
	static const char t[] = LINE(0) LINE(1000) LINE(2000) LINE(3000);
	struct run r;

	(void)state;
	collect(&r, t, sizeof(t) - 1, 0);
	assert_int_equal(r.st.runtimes, 1);
	assert_int_equal(r.st.mixed, 0);
	assert_int_equal(r.st.samples, 4);
	free(r.trace); free(r.waits); free(r.tee); free(r.raw);
}

static void a_restart_goes_back_once_and_is_not_mixed(void **state)
{
	static const char t[] = LINE(0) LINE(1000) LINE(2000) LINE(0) LINE(1000) LINE(2000);
	struct run r;

	(void)state;
	collect(&r, t, sizeof(t) - 1, 0);
	assert_int_equal(r.st.mixed, 0);
	assert_int_equal(r.st.samples, 6);
	free(r.trace); free(r.waits); free(r.tee); free(r.raw);
}

static void interleaved_uptimes_are_mixed(void **state)
{
	/* The trace: 1000, 1002, 2009, 2007 ... read from a file at once. */
	static const char t[] = LINE(0) LINE(0) LINE(1000) LINE(1002) LINE(2009) LINE(2007) LINE(3010) LINE(3008);
	struct run r;

	(void)state;
	collect(&r, t, sizeof(t) - 1, 0);
	assert_int_equal(r.st.mixed, 1);
	assert_int_equal(r.st.separated, 0);     /* no live times: both kept */
	assert_true(r.st.runtimes >= 2);
	assert_int_equal(r.st.samples, 8);
	assert_int_equal(r.st.back_from, 2009);
	assert_int_equal(r.st.back_to, 2007);
	/* raw keeps every byte */
	assert_int_equal(r.raw_n, sizeof(t) - 1);
	free(r.trace); free(r.waits); free(r.tee); free(r.raw);
}

/* Live: a wrapper's runtime starts at 0, the program's at 500 ms; each
 * line comes when its runtime writes it. The program's alone stay. */
static void live_runtimes_keep_the_one_started_last(void **state)
{
	char path[] = "/tmp/leaklab-test-mixed-XXXXXX", *text = NULL;
	struct collector_opts o;
	struct collector_stats st;
	struct collector *c;
	FILE *trace, *f;
	int fd, rows = 0;
	size_t cap = 0;
	ssize_t n;
	static const struct { double t; int uptime; } lines[] = {
		{ 0, 0 }, { 500, 0 }, { 1000, 1000 }, { 1500, 1000 }, { 2000, 2000 }, { 2500, 2000 },
		{ 3000, 3000 }, { 3500, 3000 },
	};
	char line[200];

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(trace = fdopen(fd, "w+"));
	memset(&o, 0, sizeof(o));
	o.trace = trace;
	o.trace_path = path;
	o.separate_runtimes = 1;
	assert_non_null(c = collector_new(&o));
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		snprintf(line, sizeof(line), "SCHED %dms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=0 "
			 "idlethreads=0 runqueue=%d [0]\n", lines[i].uptime, i % 2 ? 7 : 1);
		assert_int_equal(collector_feed(c, line, strlen(line), lines[i].t), 0);
	}
	assert_int_equal(collector_finish(c, 4000), 0);
	collector_get_stats(c, &st);
	collector_free(c);
	fflush(o.trace);
	assert_int_equal(st.mixed, 1);
	assert_int_equal(st.separated, 1);
	assert_int_equal(st.runtimes, 2);
	assert_int_equal(st.dropped, 4);
	/* The file now: the header and the program's four rows (runqueue 7). */
	assert_non_null(f = fopen(path, "r"));
	while ((n = getline(&text, &cap, f)) > 0) {
		if (rows++ == 0)
			continue;
		assert_non_null(strstr(text, "\t7\t"));
	}
	fclose(f);
	free(text);
	assert_int_equal(rows, 5);
	fclose(o.trace);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_byte_reaches_raw_whatever_the_split),
		cmocka_unit_test(rows_have_the_spec_columns),
		cmocka_unit_test(a_line_split_by_app_output_is_malformed),
		cmocka_unit_test(a_truncated_last_line_is_malformed),
		cmocka_unit_test(crlf_lines_parse),
		cmocka_unit_test(a_one_mib_line_passes_through_whole),
		cmocka_unit_test(a_one_mib_line_costs_no_memory),
		cmocka_unit_test(nul_bytes_do_not_stop_the_stream),
		cmocka_unit_test(empty_input_gives_a_header_only),
		cmocka_unit_test(a_summary_after_a_prefix_is_a_sample),
		cmocka_unit_test(fragments_before_summaries_are_teed_and_samples_kept),
		cmocka_unit_test(gomaxprocs_1_4_2_keeps_columns_aligned),
		cmocka_unit_test(a_wider_shape_without_a_path_is_a_stale_header),
		cmocka_unit_test(a_write_failure_names_the_file),
		cmocka_unit_test(detail_blocks_become_samples_with_g_states),
		cmocka_unit_test(nmidlelocked_minus_one_opens_a_block),
		cmocka_unit_test(stop_the_world_m_lines_are_whole),
		cmocka_unit_test(leaked_goroutines_stay_waiting),
		cmocka_unit_test(scheduler_words_do_not_end_a_block),
		cmocka_unit_test(a_cut_g_line_at_the_end_is_not_counted),
		cmocka_unit_test(a_last_line_without_newline_is_cut),
		cmocka_unit_test(a_broken_head_ends_the_block),
		cmocka_unit_test(the_tail_of_a_summary_ends_the_block),
		cmocka_unit_test(a_summary_cut_before_its_ticks_is_no_sample),
		cmocka_unit_test(orphan_block_lines_are_not_teed),
		cmocka_unit_test(tee_is_the_input_minus_the_trace),
		cmocka_unit_test(rows_are_written_as_samples_complete),
		cmocka_unit_test(a_crash_dump_is_a_sample_with_g_states),
		cmocka_unit_test(a_detail_block_short_of_p_lines_has_queued_unknown),
		cmocka_unit_test(a_lost_p_line_makes_queued_unknown),
		cmocka_unit_test(real_detail_traces_count_chan_receive),
		cmocka_unit_test(real_gomaxprocs_changes_stay_aligned),
		cmocka_unit_test(one_runtime_is_not_mixed),
		cmocka_unit_test(a_restart_goes_back_once_and_is_not_mixed),
		cmocka_unit_test(interleaved_uptimes_are_mixed),
		cmocka_unit_test(live_runtimes_keep_the_one_started_last),
	};
	return cmocka_run_group_tests_name("collector", tests, NULL, NULL);
}
