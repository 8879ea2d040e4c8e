/* test_utf8.c - valid UTF-8 sequences and the columns of a string */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

static size_t seq(const char *s)
{
	return utf8_seq((const unsigned char *)s, strlen(s) ? strlen(s) : 1);
}

static void every_length_of_a_valid_sequence(void **state)
{
	(void)state;
	assert_int_equal(seq("a"), 1);
	assert_int_equal(seq("\xc3\xa9"), 2);              /* é */
	assert_int_equal(seq("\xe5\xad\xa6"), 3);          /* 学 */
	assert_int_equal(seq("\xf0\x9f\x98\x80"), 4);      /* U+1F600 */
	assert_int_equal(seq("\xef\xbf\xbd"), 3);          /* U+FFFD itself */
}

static void what_is_not_utf8_is_zero(void **state)
{
	(void)state;
	assert_int_equal(seq("\x80"), 0);                  /* a lone continuation */
	assert_int_equal(seq("\xc0\xaf"), 0);              /* overlong '/' */
	assert_int_equal(seq("\xe0\x80\xaf"), 0);          /* overlong, 3 bytes */
	assert_int_equal(seq("\xed\xa0\x80"), 0);          /* a surrogate */
	assert_int_equal(seq("\xf4\x90\x80\x80"), 0);      /* past U+10FFFF */
	assert_int_equal(seq("\xf5\x80\x80\x80"), 0);
	assert_int_equal(seq("\xe9"), 0);                  /* Latin-1 é */
	assert_int_equal(seq("\xc3("), 0);                 /* cut by another byte */
}

static void a_sequence_past_the_bytes_given_is_zero(void **state)
{
	(void)state;
	assert_int_equal(utf8_seq((const unsigned char *)"\xe5\xad\xa6", 2), 0);
	assert_int_equal(utf8_seq((const unsigned char *)"\xe5\xad\xa6", 3), 3);
	assert_int_equal(utf8_seq((const unsigned char *)"a", 0), 0);
	/* A NUL ends it: a cut string given 4 is not read past its end. */
	assert_int_equal(utf8_seq((const unsigned char *)"\xe5\xad", 4), 0);
}

static void columns_count_characters_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(utf8_cols(""), 0);
	assert_int_equal(utf8_cols("time slice"), 10);
	assert_int_equal(utf8_cols("requisições"), 11);
	assert_int_equal(utf8_cols("caf\xe9"), 4);          /* a bad byte is one */
}

static void a_cut_keeps_whole_characters(void **state)
{
	(void)state;
	char s[64];

	snprintf(s, sizeof(s), "enviadas até já");
	utf8_cut(s, 11);
	assert_string_equal(s, "enviadas at");
	snprintf(s, sizeof(s), "enviadas até já");
	utf8_cut(s, 12);
	assert_string_equal(s, "enviadas até");
	assert_int_equal(utf8_cols(s), 12);
	utf8_cut(s, 40);
	assert_string_equal(s, "enviadas até");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_length_of_a_valid_sequence),
		cmocka_unit_test(what_is_not_utf8_is_zero),
		cmocka_unit_test(a_sequence_past_the_bytes_given_is_zero),
		cmocka_unit_test(columns_count_characters_not_bytes),
		cmocka_unit_test(a_cut_keeps_whole_characters),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
