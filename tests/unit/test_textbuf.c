/* test_textbuf.c - text built in pieces into a bounded buffer */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "textbuf.h"

static void init_starts_an_empty_string(void **state)
{
	(void)state;
	char buf[8] = "dirty!!";
	struct textbuf t;

	textbuf_init(&t, buf, sizeof(buf));
	assert_string_equal(buf, "");
	assert_ptr_equal(t.buf, buf);
	assert_int_equal(t.len, sizeof(buf));
	assert_int_equal(t.used, 0);
}

static void pieces_are_appended_in_order(void **state)
{
	(void)state;
	char buf[64];
	struct textbuf t;

	textbuf_init(&t, buf, sizeof(buf));
	textbuf_printf(&t, "queued %d", 17);
	textbuf_printf(&t, "%s", "");
	textbuf_printf(&t, ", %s %.1f", "slope", 2.25);
	assert_string_equal(buf, "queued 17, slope 2.2");
	assert_int_equal(t.used, strlen("queued 17, slope 2.2"));
}

/* A first pass with no buffer measures what a second pass writes. */
static void no_buffer_measures(void **state)
{
	(void)state;
	struct textbuf t;

	textbuf_init(&t, NULL, 0);
	textbuf_printf(&t, "%s=%d\n", "gomaxprocs", 4);
	textbuf_printf(&t, "%05d", 42);
	assert_int_equal(t.used, strlen("gomaxprocs=4\n00042"));
}

/* Cut at the end of the buffer, NUL-terminated; used counts every byte
 * asked for, and nothing after the cut lands (the text stays a prefix). */
static void text_past_the_end_is_cut_and_counted(void **state)
{
	(void)state;
	char buf[8];
	struct textbuf t;

	memset(buf, 'x', sizeof(buf));
	textbuf_init(&t, buf, sizeof(buf));
	textbuf_printf(&t, "abcde");
	textbuf_printf(&t, "fghij");
	assert_string_equal(buf, "abcdefg");
	assert_int_equal(t.used, 10);
	textbuf_printf(&t, "k");
	assert_string_equal(buf, "abcdefg");
	assert_int_equal(t.used, 11);
	/* Exactly full: the last byte is the NUL. */
	textbuf_init(&t, buf, sizeof(buf));
	textbuf_printf(&t, "1234567");
	assert_string_equal(buf, "1234567");
	assert_int_equal(t.used, 7);
	textbuf_printf(&t, "8");
	assert_string_equal(buf, "1234567");
	assert_int_equal(t.used, 8);
}

/* A one-byte buffer holds the NUL only. */
static void a_one_byte_buffer_stays_empty(void **state)
{
	(void)state;
	char buf[1] = { 'x' };
	struct textbuf t;

	textbuf_init(&t, buf, sizeof(buf));
	textbuf_printf(&t, "abc");
	assert_int_equal(buf[0], '\0');
	assert_int_equal(t.used, 3);
}

static void put_v(struct textbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put_v(struct textbuf *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	textbuf_vprintf(t, fmt, ap);
	va_end(ap);
}

static void vprintf_takes_a_va_list(void **state)
{
	(void)state;
	char buf[32];
	struct textbuf t;

	textbuf_init(&t, buf, sizeof(buf));
	put_v(&t, "%s %ld", "leaks", 20L);
	put_v(&t, "%c", '!');
	assert_string_equal(buf, "leaks 20!");
	assert_int_equal(t.used, 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_starts_an_empty_string),
		cmocka_unit_test(pieces_are_appended_in_order),
		cmocka_unit_test(no_buffer_measures),
		cmocka_unit_test(text_past_the_end_is_cut_and_counted),
		cmocka_unit_test(a_one_byte_buffer_stays_empty),
		cmocka_unit_test(vprintf_takes_a_va_list),
	};
	return cmocka_run_group_tests_name("textbuf", tests, NULL, NULL);
}
