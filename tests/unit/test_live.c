/* test_live.c - the live view's frame: its size on every terminal, its words */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "live.h"
#include "portuguese.h"

static struct live lv;
static char buf[1 << 20];
static char lines[128][4096];   /* the frame's rows, escapes taken out */

/* A run of lab 01's shape: n samples a second apart, queued = sent - 1. */
static void feed(int n, int np, int blocked)
{
	int64_t local[128] = { 0 };   /* np goes up to 100 */
	struct trace_row row;

	live_init(&lv, "01-cpu-leak", "Runnable leak: one for {} per request", 33200, 40);
	live_pause(&lv, 22000, 32000);
	memset(&row, 0, sizeof(row));
	row.local = local;
	row.np = np;
	row.detail = 0;
	for (int k = 0; k < n; k++) {
		row.t_ms = 1000.0 * k;
		row.queued = blocked ? 0 : (k > 0 ? k - 1 : 0);
		row.runqueue = row.queued / 2;
		for (int p = 0; p < np; p++)
			local[p] = p % 3;
		live_sample(&lv, &row, (uint64_t)k);
	}
	lv.now_ms = 1000.0 * n;
	lv.now_sent = (uint64_t)n;
	lv.goroutines = n + 5;
	lv.probe_ms = 12.5;
}

/* Split a frame into its rows as the terminal shows them: CSI escapes
 * out, UTF-8 characters counted one column each. Returns the row count;
 * widths[] gets each row's columns. */
static int rows_of(const char *f, int *widths)
{
	int r = 0, w = 0;
	size_t at = 0;

	assert_memory_equal(f, "\033[H", 3);
	for (const char *p = f + 3; *p; p++) {
		if (*p == '\033') {
			assert_int_equal(p[1], '[');
			p += 2;
			while (*p && !(*p >= '@' && *p <= '~'))
				p++;
			assert_true(*p != '\0');
			continue;
		}
		if (*p == '\r') {
			assert_int_equal(p[1], '\n');
			lines[r][at] = '\0';
			widths[r++] = w;
			w = 0;
			at = 0;
			p++;
			continue;
		}
		assert_true(*p != '\n');   /* a bare newline would not return the cursor */
		if (((unsigned char)*p & 0xc0) != 0x80)
			w++;
		if (at + 1 < sizeof(lines[0]))
			lines[r][at++] = *p;
	}
	lines[r][at] = '\0';
	widths[r++] = w;
	return r;
}

/* Every terminal from 80x24 up, every P count, colour or not, UTF-8 or
 * ASCII: exactly the terminal's rows, nothing in the last column. */
static void the_frame_fits_every_terminal(void **state)
{
	(void)state;
	static const int sizes[][2] = { { 80, 24 }, { 81, 25 }, { 100, 30 }, { 132, 43 }, { 200, 60 }, { 300, 100 } };
	static const int nps[] = { 0, 1, 2, 4, 7, 16, 64, 100 };
	int widths[128];

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		for (size_t p = 0; p < sizeof(nps) / sizeof(nps[0]); p++)
			for (int mode = 0; mode < 4; mode++) {
				int cols = sizes[s][0], rows = sizes[s][1], n;
				size_t len;

				feed(40, nps[p], p % 2);
				len = live_frame(&lv, cols, rows, mode & 1, mode & 2, buf, sizeof(buf));
				assert_true(len < sizeof(buf));
				assert_int_equal(live_frame(&lv, cols, rows, mode & 1, mode & 2, NULL, 0), len);
				assert_string_equal(buf + len - 3, "\033[J");
				n = rows_of(buf, widths);
				if (n != rows)
					fail_msg("%dx%d, %d Ps, mode %d: %d rows", cols, rows, nps[p], mode, n);
				for (int r = 0; r < n; r++)
					if (widths[r] > cols - 1)
						fail_msg("%dx%d, %d Ps: row %d is %d wide: %s", cols, rows, nps[p], r,
							 widths[r], lines[r]);
			}
}

static void a_small_terminal_is_asked_to_grow(void **state)
{
	(void)state;
	int widths[128];

	feed(10, 1, 0);
	live_frame(&lv, 79, 24, 0, 1, buf, sizeof(buf));
	assert_int_equal(rows_of(buf, widths), 1);
	assert_non_null(strstr(lines[0], "the terminal is 79x24; the view needs 80x24"));
	live_frame(&lv, 20, 5, 0, 1, buf, sizeof(buf));
	assert_int_equal(rows_of(buf, widths), 1);
	assert_true(widths[0] <= 19);
}

/* Draw the frame and split it into lines[]; returns the row count. */
static int draw(int cols, int rows, int color, int utf8, int *widths)
{
	assert_true(live_frame(&lv, cols, rows, color, utf8, buf, sizeof(buf)) < sizeof(buf));
	return rows_of(buf, widths);
}

static int find_row(int n, const char *text)
{
	for (int r = 0; r < n; r++)
		if (strstr(lines[r], text))
			return r;
	return -1;
}

static void it_says_what_a_student_reads(void **state)
{
	(void)state;
	int widths[128], n;

	feed(20, 4, 0);
	n = draw(80, 24, 0, 1, widths);
	assert_true(find_row(n, " 01-cpu-leak   Runnable leak: one for {} per request") == 0);
	assert_true(find_row(n, "20.0 s of 33.2 s") == 1);
	assert_true(find_row(n, "sent 20 of 40") == 1);
	assert_true(find_row(n, "queued 18  goroutines 25  probe 12.5 ms") == 2);
	assert_true(find_row(n, "pause") > 0);
	assert_true(find_row(n, " global ") > 0);
	assert_true(find_row(n, " P3 ") > 0);
	assert_true(find_row(n, "Ctrl-C stops the run") == 23);
	/* A message that came meanwhile takes the footer. */
	snprintf(lv.note, sizeof(lv.note), "leaklab: run: warning: something");
	n = draw(80, 24, 0, 1, widths);
	assert_true(find_row(n, "warning: something") == 23);
	/* Before the first sample: no numbers yet, and said so. */
	live_init(&lv, "x", "y", 1000, 1);
	n = draw(80, 24, 0, 0, widths);
	assert_int_equal(n, 24);
	assert_true(find_row(n, "waiting for the first schedtrace sample") == 2);
}

/* The words a row shows, as one string (spaces squeezed). */
static void words_of(const char *row, char *out, size_t len)
{
	size_t k = 0;

	for (const char *p = row; *p && k + 1 < len; p++)
		if (*p != ' ' || (k && out[k - 1] != ' '))
			out[k++] = *p;
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
}

/* At 80x24, the size the README promises, nothing is cut: every shipped
 * lab's title whole (on two rows when it must), the numbers whole words
 * even when they are long, and the requests' dots visible on the bars. */
static void nothing_is_cut_at_80x24(void **state)
{
	static const char *const titles[] = {
		"Runnable leak: one for {} per request, GOMAXPROCS=1",
		"Runnable leak with GOMAXPROCS=4: the queue spreads over four Ps",
		"Blocked leak: one <-ch per request, nobody sends",
		"Fixed: the goroutine ends (bounded spin, context time-out)",
		"Latency: each spinner costs every request a time slice",
		"Burst of 50 spinners into GOMAXPROCS=4: global and local queues",
		"Blocked leak on a mutex: Lock() that never returns",
		"Two leaks per request: which tool sees which",
		"Your own service: a shop, and a client that gives up after 200 ms",
		"Leak hunt: is there a leak in this shop, and where?",
		"Vazamento bloqueado: um <-ch por requisição, ninguém envia; e um título bem longo para quebrar",
	};
	int widths[128], n;
	char joined[1024], w0[512], w1[512];

	(void)state;
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		feed(20, 1, 1);
		snprintf(lv.name, sizeof(lv.name), "%02zu-some-lab", i + 1);
		snprintf(lv.title, sizeof(lv.title), "%s", titles[i]);
		lv.leaked = 12345;
		lv.goroutines = 123456;
		lv.probe_ms = 1234.5;
		lv.threads = 12;
		n = draw(80, 24, 0, 1, widths);
		assert_int_equal(n, 24);
		words_of(lines[0], w0, sizeof(w0));
		words_of(lines[1], w1, sizeof(w1));
		/* the title, whole, on the first row or the first two */
		snprintf(joined, sizeof(joined), "%s %s", w0, w1);
		if (!strstr(w0, titles[i]) && !strstr(joined, titles[i]))
			fail_msg("title %zu cut: '%s' / '%s'", i, lines[0], lines[1]);
		/* the numbers: whole items, never a piece of a word */
		for (int r = 1; r <= 3; r++)
			if (strstr(lines[r], "queued ")) {
				const char *end = lines[r] + strlen(lines[r]);

				while (end > lines[r] && end[-1] == ' ')
					end--;
				assert_true(end > lines[r] && end[-1] >= '0' && end[-1] <= '9');
				assert_non_null(strstr(lines[r], "goroutines 123456"));
				assert_null(strstr(lines[r], "spinnin "));
			}
	}
	/* A runnable leak: the requests' dots on top of the queue's columns. */
	feed(30, 1, 0);
	n = draw(80, 24, 0, 0, widths);
	{
		int dots = 0;

		for (int r = 4; r < 18 && r < n; r++)
			for (const char *p = lines[r] + 7; *p; p++)
				dots += *p == '*';
		assert_true(dots >= 20);
	}
	/* A long message in the footer: whole words, and a mark that it goes on. */
	feed(20, 1, 0);
	snprintf(lv.note, sizeof(lv.note), "leaklab: run: warning: %s", "two Go runtimes write their schedtrace to "
		 "this stderr (their uptimes interleave: 1000 ms, then 1002 ms): a wrapper, or a child");
	n = draw(80, 24, 0, 1, widths);
	assert_non_null(strstr(lines[23], " ..."));
	assert_null(strstr(lines[23], "wrappe "));
}

/* Sixteen Ps on 24 rows: the bars that do not fit share one. */
static void ps_that_do_not_fit_share_a_bar(void **state)
{
	(void)state;
	int widths[128], n;

	feed(20, 16, 0);
	n = draw(80, 24, 0, 1, widths);
	assert_true(find_row(n, " P0 ") > 0);
	assert_true(find_row(n, "-P15 ") > 0);
	assert_int_equal(find_row(n, " P15 "), -1);
	n = draw(120, 60, 0, 1, widths);
	assert_true(find_row(n, " P15 ") > 0);
	assert_int_equal(find_row(n, "-P15 "), -1);
}

/* Runnable: the columns reach the dots. Blocked: the dots climb alone. */
static void runnable_fills_blocked_leaves_dots(void **state)
{
	(void)state;
	int widths[128], n, dots = 0, blocks = 0;

	feed(30, 1, 1);
	n = draw(80, 24, 0, 0, widths);
	for (int r = 5; r < 16 && r < n; r++)
		for (const char *p = lines[r] + 7; *p; p++) {
			dots += *p == '*';
			blocks += *p == '#';
		}
	assert_true(dots > 10);
	assert_int_equal(blocks, 0);
	feed(30, 1, 0);
	n = draw(80, 24, 0, 0, widths);
	dots = blocks = 0;
	for (int r = 5; r < 16 && r < n; r++)
		for (const char *p = lines[r] + 7; *p; p++) {
			dots += *p == '*';
			blocks += *p == '#';
		}
	assert_true(blocks > 30);
}

/* A long run keeps a bounded history, and its newest point. */
static void history_is_bounded(void **state)
{
	(void)state;

	feed(LIVE_HIST * 3 + 7, 1, 0);
	assert_true(lv.n <= LIVE_HIST);
	assert_true(lv.n >= LIVE_HIST / 2);
	assert_true(lv.t_ms[lv.n - 1] == 1000.0 * (LIVE_HIST * 3 + 6));
	for (size_t i = 1; i < lv.n; i++)
		assert_true(lv.t_ms[i] > lv.t_ms[i - 1]);
}

/* In Portuguese (longer words, accents: a column is not a byte) the
 * frame still fits 80x24 and every terminal, its words Portuguese. */
static void portuguese_fits_80x24(void **state)
{
	(void)state;
	int widths[128], n;

	if (!use_portuguese())
		return;
	assert_true(i18n_pt());
	the_frame_fits_every_terminal(state);
	feed(20, 4, 0);
	lv.leaked = 12345;
	n = draw(80, 24, 0, 1, widths);
	assert_int_equal(n, 24);
	for (int r = 0; r < n; r++)
		if (widths[r] > 79)
			fail_msg("row %d is %d wide: %s", r, widths[r], lines[r]);
	assert_true(find_row(n, "20.0 s de 33.2 s") == 1);
	assert_true(find_row(n, "enviadas 20 de 40") == 1);
	assert_true(find_row(n, "queued 18  goroutines 25  vazadas 12345  sonda 12.5 ms") == 2);
	assert_true(find_row(n, "(tempo desde o início do programa)") > 0);
	assert_true(find_row(n, "pausa") > 0);
	assert_true(find_row(n, "Ctrl-C para a execução") == 23);
	setenv("LANGUAGE", "C", 1);
	setenv("LC_ALL", "C", 1);
	i18n_init("build/leaklab");
	n = draw(80, 24, 0, 1, widths);
	assert_true(find_row(n, "Ctrl-C stops the run") == 23);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_frame_fits_every_terminal),
		cmocka_unit_test(a_small_terminal_is_asked_to_grow),
		cmocka_unit_test(it_says_what_a_student_reads),
		cmocka_unit_test(ps_that_do_not_fit_share_a_bar),
		cmocka_unit_test(nothing_is_cut_at_80x24),
		cmocka_unit_test(runnable_fills_blocked_leaves_dots),
		cmocka_unit_test(history_is_bounded),
		cmocka_unit_test(portuguese_fits_80x24),
	};
	return cmocka_run_group_tests_name("live", tests, NULL, NULL);
}
