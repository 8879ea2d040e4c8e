/* test_collector.c - the streaming collector: resync, damage, widths, detail */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector.h"

struct run {
	char *trace, *waits, *tee, *raw;
	size_t trace_n, waits_n, tee_n, raw_n;
	struct collector_stats st;
	int nsamples;
	int64_t last_queued;
};

static void on_sample(void *ud, const struct collector_sample *s)
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
	assert_int_equal(r.st.malformed, 1);
	assert_int_equal(r.st.other_lines, 1);
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

static void a_one_mib_line_costs_no_memory(void **state)
{
	(void)state;
	size_t big = 1024 * 1024;
	char *text = malloc(2 * big + 512);
	struct run r;
	size_t n = 0;

	/* An application line of 1 MiB passes through whole ... */
	memset(text, 'x', big);
	n = big;
	text[n++] = '\n';
	/* ... a SCHED line of 1 MiB is malformed ... */
	memcpy(text + n, "SCHED 5ms: gomaxprocs=1 ", 24);
	memset(text + n + 24, 'y', big);
	n += 24 + big;
	text[n++] = '\n';
	/* ... and the stream goes on. */
	memcpy(text + n, L2, strlen(L2));
	n += strlen(L2);

	collect(&r, text, n, 4096);
	assert_int_equal(r.st.samples, 1);
	assert_int_equal(r.st.malformed, 1);
	assert_int_equal(r.st.other_lines, 1);
	assert_int_equal(r.tee_n, big + 1);
	assert_int_equal(r.raw_n, n);
	run_free(&r);
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

static void sched_word_inside_an_app_line_is_not_a_sample(void **state)
{
	(void)state;
	const char text[] = "2026/11/27 log: SCHED 5ms: gomaxprocs=1 idleprocs=0 threads=4 "
			    "spinningthreads=0 idlethreads=0 runqueue=9 [9]\n" L1;
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.samples, 1);
	assert_int_equal(r.st.other_lines, 1);
	assert_int_equal(r.last_queued, 0);
	run_free(&r);
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
	assert_int_equal(st.widened, 0); /* rewritten */
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
	assert_string_equal(r.trace,
		"t_ms\tuptime_ms\tgomaxprocs\tidleprocs\tthreads\tspinningthreads\tneedspinning\t"
		"idlethreads\trunqueue\tlocal_sum\tqueued\tg_runnable\tg_running\tg_syscall\tg_waiting\tp0\tp1\n"
		"154.000\t0\t2\t0\t6\t0\t0\t2\t1\t5\t6\t1\t1\t1\t3\t2\t3\n"
		"902.000\t200\t2\t0\t6\t0\t0\t2\t0\t0\t0\t0\t0\t0\t1\t0\t0\n");
	assert_string_equal(r.waits,
		"t_ms\treason\tcount\n"
		"154.000\tchan receive\t2\n"
		"154.000\tforce gc (idle)\t1\n"
		"902.000\tchan receive\t1\n");
	run_free(&r);
}

static void a_detail_block_cut_at_the_end_is_malformed(void **state)
{
	(void)state;
	const char text[] = D_SUM(0, 1) D_P(0, 2) D_P(1, 3) D_SUM(200, 0) D_P(0, 0);
	struct run r;

	collect(&r, text, sizeof(text) - 1, 0);
	assert_int_equal(r.st.samples, 1);
	assert_int_equal(r.st.malformed, 1);
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
		assert_non_null(strstr(line, "\tqueued\tp0\tp1\tp2\tp3\n"));
		while (fgets(line, sizeof(line), out)) {
			int tabs = 0;

			for (char *p = line; *p; p++)
				tabs += *p == '\t';
			assert_int_equal(tabs, 14);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_byte_reaches_raw_whatever_the_split),
		cmocka_unit_test(rows_have_the_spec_columns),
		cmocka_unit_test(a_line_split_by_app_output_is_malformed),
		cmocka_unit_test(a_truncated_last_line_is_malformed),
		cmocka_unit_test(crlf_lines_parse),
		cmocka_unit_test(a_one_mib_line_costs_no_memory),
		cmocka_unit_test(nul_bytes_do_not_stop_the_stream),
		cmocka_unit_test(empty_input_gives_a_header_only),
		cmocka_unit_test(sched_word_inside_an_app_line_is_not_a_sample),
		cmocka_unit_test(gomaxprocs_1_4_2_keeps_columns_aligned),
		cmocka_unit_test(detail_blocks_become_samples_with_g_states),
		cmocka_unit_test(a_detail_block_cut_at_the_end_is_malformed),
		cmocka_unit_test(a_lost_p_line_makes_queued_unknown),
		cmocka_unit_test(real_detail_traces_count_chan_receive),
		cmocka_unit_test(real_gomaxprocs_changes_stay_aligned),
	};
	return cmocka_run_group_tests_name("collector", tests, NULL, NULL);
}
