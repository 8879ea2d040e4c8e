/* test_term.c - text fitted to a terminal's width */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "term.h"

static char out[4096];

static int widest(const char *s)
{
	int w = 0, max = 0;

	for (; *s; s++) {
		if (*s == '\n') {
			w = 0;
			continue;
		}
		if (((unsigned char)*s & 0xc0) != 0x80 && ++w > max)
			max = w;
	}
	return max;
}

static void short_lines_stay_as_they_are(void **state)
{
	(void)state;
	assert_int_equal(term_wrap("a b c\n\nd\n", 20, out, sizeof(out)), 9);
	assert_string_equal(out, "a b c\n\nd\n");
}

static void long_lines_break_at_blanks_with_an_indent(void **state)
{
	(void)state;
	term_wrap("  the run queues grew by 9 goroutines over 10 requests\n", 24, out, sizeof(out));
	assert_string_equal(out, "  the run queues grew by\n    9 goroutines over 10\n    requests\n");
	/* "name    value": continuations under the value. */
	term_wrap("rate        5.00/s achieved, 5.00/s target\n", 30, out, sizeof(out));
	assert_string_equal(out, "rate        5.00/s achieved,\n            5.00/s target\n");
}

/* The text without its blanks and line ends: what wrapping must keep. */
static void ink(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	for (; *s && n + 1 < len; s++)
		if (*s != ' ' && *s != '\n')
			buf[n++] = *s;
	buf[n] = '\0';
}

static void nothing_is_wider_than_the_width(void **state)
{
	(void)state;
	const char *text = "verdict: runnable leak\n"
		"  the run queues grew by 17 goroutines (from 0 to about 17 over the last samples, max 18) "
		"over 15 requests: 1.11 per request, 3.97 per second (R\xc2\xb2 0.98). Runnable goroutines.\n"
		"a-word-longer-than-the-whole-width-of-the-terminal-is-cut-into-pieces-of-it\n"
		"caf\xc3\xa9 \xc3\xa9t\xc3\xa9 na \xc3\xa1rvore \xc3\xa0 tarde\n";
	static char want[4096], got[4096];

	ink(text, want, sizeof(want));
	for (int w = 8; w <= 132; w++) {
		size_t n = term_wrap(text, w, out, sizeof(out));

		assert_true(n < sizeof(out));
		if (widest(out) > w)
			fail_msg("width %d: a line of %d", w, widest(out));
		/* Only blanks and line ends change: no byte lost, none added. */
		ink(out, got, sizeof(got));
		if (strcmp(got, want) != 0)
			fail_msg("width %d: the text changed:\n%s", w, out);
	}
}

#define E4 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"   /* "éééé": 4 characters, 8 bytes */
#define E3 "\xc3\xa9\xc3\xa9\xc3\xa9"

static void utf8_counts_characters_not_bytes(void **state)
{
	(void)state;
	/* 10 characters, 20 bytes: fits in 10. */
	term_wrap(E4 E4 "\xc3\xa9\xc3\xa9\n", 10, out, sizeof(out));
	assert_int_equal(strchr(out, '\n') - out, 20);
	assert_int_equal(widest(out), 10);
	/* Words of two-byte characters break at the blanks, continuations
	 * two further in. */
	term_wrap(E4 " " E4 " " E3 "\n", 9, out, sizeof(out));
	/* "éééé éééé" is 9 columns: it fits, as "aaaa aaaa" does. */
	assert_string_equal(out, E4 " " E4 "\n  " E3 "\n");
}

/* A word that ends exactly at the width stays on its line, in ASCII and
 * in UTF-8 alike (the scan once stopped inside the last character). */
static void a_word_that_ends_at_the_width_stays_whatever_its_bytes(void **state)
{
	(void)state;
	term_wrap("aaaa aaaa aaa\n", 9, out, sizeof(out));
	assert_string_equal(out, "aaaa aaaa\n  aaa\n");
	term_wrap(E4 " " E4 " " E3 "\n", 9, out, sizeof(out));
	assert_string_equal(out, E4 " " E4 "\n  " E3 "\n");
}

static void measures_like_snprintf(void **state)
{
	(void)state;
	size_t n = term_wrap("one two three four five six\n", 10, NULL, 0);

	assert_int_equal(term_wrap("one two three four five six\n", 10, out, 5), n);
	assert_int_equal(strlen(out), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(short_lines_stay_as_they_are),
		cmocka_unit_test(long_lines_break_at_blanks_with_an_indent),
		cmocka_unit_test(nothing_is_wider_than_the_width),
		cmocka_unit_test(utf8_counts_characters_not_bytes),
		cmocka_unit_test(measures_like_snprintf),
		cmocka_unit_test(a_word_that_ends_at_the_width_stays_whatever_its_bytes),
	};
	return cmocka_run_group_tests_name("term", tests, NULL, NULL);
}
