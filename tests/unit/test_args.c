/* test_args.c - strict numbers for flags and lab values, and the open-file limit */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "args.h"

/* A value args_* never produces: a refused text must leave it in place. */
#define UNTOUCHED_L 424242L
#define UNTOUCHED_D 4242.5

static void refused_long(const char *s, long min, long max)
{
	long v = UNTOUCHED_L;

	if (args_long(s, min, max, &v) != -1)
		fail_msg("args_long('%s', %ld, %ld) should be refused", s ? s : "(null)", min, max);
	if (v != UNTOUCHED_L)
		fail_msg("args_long('%s') was refused but wrote %ld", s ? s : "(null)", v);
}

static void accepted_long(const char *s, long min, long max, long want)
{
	long v = UNTOUCHED_L;

	if (args_long(s, min, max, &v) != 0)
		fail_msg("args_long('%s', %ld, %ld) should be accepted", s, min, max);
	if (v != want)
		fail_msg("args_long('%s'): got %ld, want %ld", s, v, want);
}

static void refused_double(const char *s, double min, double max)
{
	double v = UNTOUCHED_D;

	if (args_double(s, min, max, &v) != -1)
		fail_msg("args_double('%s', %g, %g) should be refused", s ? s : "(null)", min, max);
	if (v != UNTOUCHED_D)
		fail_msg("args_double('%s') was refused but wrote %g", s ? s : "(null)", v);
}

static void accepted_double(const char *s, double min, double max, double want)
{
	double v = UNTOUCHED_D;

	if (args_double(s, min, max, &v) != 0)
		fail_msg("args_double('%s', %g, %g) should be accepted", s, min, max);
	if (v != want)
		fail_msg("args_double('%s'): got %.17g, want %.17g", s, v, want);
}

/* ---- args_long ---- */

static void whole_numbers_in_range_are_accepted(void **state)
{
	(void)state;
	accepted_long("1", 1, 1024, 1);
	accepted_long("42", 1, 1024, 42);
	accepted_long("1024", 1, 1024, 1024);
	accepted_long("0", 0, 10, 0);
	accepted_long("8080", 1, 65535, 8080);
	/* Base 10 always: a leading zero is not octal. */
	accepted_long("010", 0, 100, 10);
	accepted_long("0009", 0, 100, 9);
}

static void nothing_to_read_is_refused(void **state)
{
	(void)state;
	refused_long(NULL, 0, 10);
	refused_long("", 0, 10);
	refused_long("-", -10, 10);
	refused_long("+", -10, 10);
}

/* strtol would skip leading blanks; a flag value with them is a typo. */
static void leading_blanks_are_refused(void **state)
{
	(void)state;
	refused_long(" 5", 0, 10);
	refused_long("\t5", 0, 10);
	refused_long("\n5", 0, 10);
	refused_long(" -5", -10, 10);
}

static void trailing_text_is_refused(void **state)
{
	(void)state;
	refused_long("5 ", 0, 10);
	refused_long("5\n", 0, 10);
	refused_long("5x", 0, 10);
	refused_long("2m", 0, 10);
	refused_long("1.0", 0, 10);
	refused_long("1e3", 0, 10000);
	refused_long("0x10", 0, 100);
	refused_long("5 5", 0, 100);
}

/* The sign trick strtoul falls for: "-1" is not a huge positive number. */
static void a_minus_sign_makes_a_negative_number_the_bounds_can_refuse(void **state)
{
	(void)state;
	refused_long("-1", 0, LONG_MAX);
	refused_long("-1", 1, 1024);
	accepted_long("-5", -10, 10, -5);
	accepted_long("-0", 0, 10, 0);
	refused_long("--5", -10, 10);
	refused_long("- 5", -10, 10);
	refused_long("+-5", -10, 10);
	refused_long("-+5", -10, 10);
}

/* strtol's own leading '+' passes; the bounds still apply. */
static void a_plus_sign_is_read_as_strtol_reads_it(void **state)
{
	(void)state;
	accepted_long("+5", 0, 10, 5);
	refused_long("+11", 0, 10);
	refused_long("++5", 0, 10);
}

static void bounds_are_inclusive_and_one_past_is_refused(void **state)
{
	(void)state;
	accepted_long("10", 10, 60000, 10);
	accepted_long("60000", 10, 60000, 60000);
	refused_long("9", 10, 60000);
	refused_long("60001", 10, 60000);
	refused_long("0", 1, 1024);
	refused_long("1025", 1, 1024);
	accepted_long("7", 7, 7, 7);
	refused_long("6", 7, 7);
	refused_long("8", 7, 7);
}

static void overflow_is_refused_not_clamped(void **state)
{
	char text[64];

	(void)state;
	snprintf(text, sizeof(text), "%ld", LONG_MAX);
	accepted_long(text, 0, LONG_MAX, LONG_MAX);
	snprintf(text, sizeof(text), "%ld", LONG_MIN);
	accepted_long(text, LONG_MIN, 0, LONG_MIN);
	/* One past either end: strtol clamps and sets ERANGE. */
	snprintf(text, sizeof(text), "%lu", (unsigned long)LONG_MAX + 1);
	refused_long(text, LONG_MIN, LONG_MAX);
	snprintf(text, sizeof(text), "-%lu", (unsigned long)LONG_MAX + 2);
	refused_long(text, LONG_MIN, LONG_MAX);
	refused_long("99999999999999999999999999999", LONG_MIN, LONG_MAX);
	refused_long("-99999999999999999999999999999", LONG_MIN, LONG_MAX);
}

/* A failed parse must not leave a stale errno deciding the next one. */
static void an_overflow_does_not_spoil_the_next_parse(void **state)
{
	(void)state;
	refused_long("99999999999999999999999999999", 0, LONG_MAX);
	accepted_long("12", 0, 100, 12);
	refused_double("1" "0000000000000000000000000000000000000000000000000000000000000000000000"
		       "0000000000000000000000000000000000000000000000000000000000000000000000"
		       "0000000000000000000000000000000000000000000000000000000000000000000000"
		       "0000000000000000000000000000000000000000000000000000000000000000000000"
		       "0000000000000000000000000000000000000000000000000000000000000000000000",
		       0, 1e308);
	accepted_double("1.5", 0, 10, 1.5);
}

/* ---- args_double ---- */

static void plain_decimals_in_range_are_accepted(void **state)
{
	(void)state;
	accepted_double("1", 0, 100, 1);
	accepted_double("2.5", 0, 100, 2.5);
	accepted_double("0.001", 0.001, 86400, 0.001);
	accepted_double("86400", 0.001, 86400, 86400);
	accepted_double("0", 0, 1, 0);
	accepted_double("007.250", 0, 100, 7.25);
}

/* "Digits and one '.'": a dot at either end still has its digits. */
static void a_dot_at_either_end_is_a_number(void **state)
{
	(void)state;
	accepted_double(".5", 0, 1, 0.5);
	accepted_double("5.", 0, 10, 5);
}

static void no_digits_or_two_dots_are_refused(void **state)
{
	(void)state;
	refused_double(NULL, 0, 10);
	refused_double("", 0, 10);
	refused_double(".", 0, 10);
	refused_double("..", 0, 10);
	refused_double("1.2.3", 0, 10);
	refused_double("1..2", 0, 10);
}

/* What strtod would take but a plain decimal is not. */
static void signs_exponents_hex_and_words_are_refused(void **state)
{
	(void)state;
	refused_double("-1", -10, 10);
	refused_double("+1", -10, 10);
	refused_double("1e3", 0, 1e6);
	refused_double("1E3", 0, 1e6);
	refused_double("0x10", 0, 100);
	refused_double("0x1p3", 0, 100);
	refused_double("inf", 0, 1e308);
	refused_double("infinity", 0, 1e308);
	refused_double("nan", 0, 1e308);
	refused_double("NAN", 0, 1e308);
}

static void blanks_and_trailing_text_are_refused(void **state)
{
	(void)state;
	refused_double(" 1", 0, 10);
	refused_double("\t1", 0, 10);
	refused_double("1 ", 0, 10);
	refused_double("1\n", 0, 10);
	refused_double("1s", 0, 10);
	refused_double("1,5", 0, 10);
	refused_double("1.5x", 0, 10);
}

static void double_bounds_are_inclusive_and_outside_is_refused(void **state)
{
	(void)state;
	accepted_double("0.001", 0.001, 1, 0.001);
	accepted_double("1", 0.001, 1, 1);
	refused_double("0.0009", 0.001, 1);
	refused_double("1.0001", 0.001, 1);
	refused_double("0", 0.001, 86400);
	refused_double("86400.001", 0.001, 86400);
}

/* Too big for a double: strtod's HUGE_VAL and ERANGE, not infinity. */
static void a_decimal_too_big_for_a_double_is_refused(void **state)
{
	char big[400];

	(void)state;
	memset(big, '9', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	refused_double(big, 0, 1e308);
	refused_double(big, 0, INFINITY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_numbers_in_range_are_accepted),
		cmocka_unit_test(nothing_to_read_is_refused),
		cmocka_unit_test(leading_blanks_are_refused),
		cmocka_unit_test(trailing_text_is_refused),
		cmocka_unit_test(a_minus_sign_makes_a_negative_number_the_bounds_can_refuse),
		cmocka_unit_test(a_plus_sign_is_read_as_strtol_reads_it),
		cmocka_unit_test(bounds_are_inclusive_and_one_past_is_refused),
		cmocka_unit_test(overflow_is_refused_not_clamped),
		cmocka_unit_test(an_overflow_does_not_spoil_the_next_parse),
		cmocka_unit_test(plain_decimals_in_range_are_accepted),
		cmocka_unit_test(a_dot_at_either_end_is_a_number),
		cmocka_unit_test(no_digits_or_two_dots_are_refused),
		cmocka_unit_test(signs_exponents_hex_and_words_are_refused),
		cmocka_unit_test(blanks_and_trailing_text_are_refused),
		cmocka_unit_test(double_bounds_are_inclusive_and_outside_is_refused),
		cmocka_unit_test(a_decimal_too_big_for_a_double_is_refused),
	};
	return cmocka_run_group_tests_name("args", tests, NULL, NULL);
}
