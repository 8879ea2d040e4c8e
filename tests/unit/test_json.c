/* test_json.c - the strict JSON reader: every value, every escape, every error with its place */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"

static struct json *ok(const char *text)
{
	struct json_error e;
	struct json *v = json_parse(text, strlen(text), &e);

	if (!v)
		fail_msg("'%s' did not parse: %d:%d: %s", text, e.line, e.column, e.msg);
	return v;
}

/* text is refused, at line:column, with a message holding want. */
static void bad_at(const char *text, size_t len, int line, int column, const char *want)
{
	struct json_error e;
	struct json *v = json_parse(text, len, &e);

	if (v) {
		json_free(v);
		fail_msg("'%s' parsed, it should not", text);
	}
	if (e.line != line || e.column != column || !strstr(e.msg, want))
		fail_msg("'%s': got %d:%d '%s' (offset %zu), want %d:%d '%s'", text, e.line, e.column, e.msg, e.offset,
			 line, column, want);
}

#define BAD(text, line, column, want) bad_at(text, sizeof(text) - 1, line, column, want)

static void scalars_parse(void **state)
{
	struct json *v;
	int isnum;

	(void)state;
	v = ok("null");
	assert_int_equal(v->type, JSON_NULL);
	json_free(v);
	v = ok(" true ");
	assert_int_equal(v->type, JSON_TRUE);
	assert_int_equal(json_bool(v, -1), 1);
	json_free(v);
	v = ok("false");
	assert_int_equal(json_bool(v, -1), 0);
	json_free(v);
	v = ok("\t\r\n 42 \n");
	assert_true(json_num(v, &isnum) == 42.0);
	assert_int_equal(isnum, 1);
	json_free(v);
	v = ok("\"x\"");
	assert_string_equal(json_str(v, NULL), "x");
	assert_true(json_num(v, &isnum) == 0.0);
	assert_int_equal(isnum, 0);
	assert_int_equal(json_bool(v, 7), 7);
	json_free(v);
}

static void numbers_follow_the_grammar(void **state)
{
	static const struct { const char *text; double want; } good[] = {
		{ "0", 0 }, { "-0", 0 }, { "1", 1 }, { "-12", -12 }, { "3.25", 3.25 }, { "-0.5", -0.5 },
		{ "1e3", 1000 }, { "1E+3", 1000 }, { "25e-1", 2.5 }, { "0.0e0", 0 },
		{ "1.7976931348623157e308", 1.7976931348623157e308 }, { "1e-400", 0 },
		{ "123456789012345678901234567890", 1.2345678901234568e29 },
	};
	struct json *v;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		v = ok(good[i].text);
		assert_int_equal(v->type, JSON_NUMBER);
		if (fabs(v->num - good[i].want) > fabs(good[i].want) * 1e-15)
			fail_msg("%s read as %.17g", good[i].text, v->num);
		json_free(v);
	}
	v = ok("-0");
	assert_true(signbit(v->num));
	json_free(v);
	BAD("01", 1, 2, "leading zero");
	BAD("-", 1, 2, "needs a digit");
	BAD("+1", 1, 1, "expected a value");
	BAD(".5", 1, 1, "expected a value");
	BAD("1.", 1, 3, "decimal point");
	BAD("1.e3", 1, 3, "decimal point");
	BAD("1e", 1, 3, "exponent");
	BAD("1e+", 1, 4, "exponent");
	BAD("1e400", 1, 1, "out of range");
	BAD("-1e400", 1, 1, "out of range");
	BAD("NaN", 1, 1, "expected a value");
	BAD("Infinity", 1, 1, "expected a value");
	BAD("0x10", 1, 2, "text after the value");
	BAD("1 2", 1, 3, "text after the value");
}

static void a_very_long_number_is_refused(void **state)
{
	char text[700];

	(void)state;
	memset(text, '1', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	bad_at(text, strlen(text), 1, 1, "longer than");
}

static void strings_decode_every_escape(void **state)
{
	struct json *v;

	(void)state;
	v = ok("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"");
	assert_string_equal(v->str, "a\"b\\c/d\be\ff\ng\rh\ti");
	assert_int_equal(v->len, strlen("a\"b\\c/d\be\ff\ng\rh\ti"));
	json_free(v);
	/* \u: one, two and three bytes of UTF-8; hex in either case. */
	v = ok("\"\\u0041\\u00e9\\u00C9\\u4e2d\\u20AC\"");
	assert_string_equal(v->str, "A\xc3\xa9\xc3\x89\xe4\xb8\xad\xe2\x82\xac");
	json_free(v);
	/* A surrogate pair is one code point: U+1F600 as four bytes. */
	v = ok("\"\\ud83d\\ude00!\"");
	assert_string_equal(v->str, "\xf0\x9f\x98\x80!");
	json_free(v);
	v = ok("\"\\uDBFF\\uDFFF\"");
	assert_string_equal(v->str, "\xf4\x8f\xbf\xbf");
	json_free(v);
	/* \u0000 is kept: len counts it, the C string stops there. */
	v = ok("\"a\\u0000b\"");
	assert_int_equal(v->len, 3);
	assert_memory_equal(v->str, "a\0b", 3);
	json_free(v);
	/* UTF-8 as it is: accents, CJK, four-byte; an empty string. */
	v = ok("[\"Z\xc3\xa9\", \"\xe6\x9d\x8e\xe9\x9b\xb7\", \"\xf0\x9f\x98\x80\", \"\"]");
	assert_string_equal(json_str(json_at(v, 0), NULL), "Z\xc3\xa9");
	assert_string_equal(json_str(json_at(v, 1), NULL), "\xe6\x9d\x8e\xe9\x9b\xb7");
	assert_string_equal(json_str(json_at(v, 2), NULL), "\xf0\x9f\x98\x80");
	assert_string_equal(json_str(json_at(v, 3), NULL), "");
	json_free(v);
}

static void bad_strings_say_where(void **state)
{
	(void)state;
	BAD("\"abc", 1, 1, "unterminated string");
	BAD("\"abc\\", 1, 1, "unterminated string");
	BAD("\"a\\x\"", 1, 3, "unknown escape '\\x'");
	BAD("\"a\\u12\"", 1, 3, "four hex digits");
	BAD("\"a\\u12g4\"", 1, 3, "four hex digits");
	BAD("\"\\ud83d\"", 1, 2, "high surrogate");
	BAD("\"\\ud83dx\"", 1, 2, "high surrogate");
	BAD("\"\\ud83d\\u0041\"", 1, 2, "high surrogate");
	BAD("\"\\ude00\"", 1, 2, "low surrogate");
	BAD("\"a\tb\"", 1, 3, "control character 0x09");
	BAD("\"a\nb\"", 1, 3, "control character 0x0a");
	BAD("\"\xff\"", 1, 2, "invalid UTF-8");
	BAD("\"\xc3\"", 1, 2, "invalid UTF-8");
	BAD("\"\xc0\xaf\"", 1, 2, "invalid UTF-8");            /* overlong '/' */
	BAD("\"\xed\xa0\x80\"", 1, 2, "invalid UTF-8");        /* a surrogate in UTF-8 */
	BAD("\"\xf4\x90\x80\x80\"", 1, 2, "invalid UTF-8");    /* past U+10FFFF */
	BAD("'a'", 1, 1, "expected a value");
}

static void arrays_and_objects_nest(void **state)
{
	struct json *v;
	const struct json *a;

	(void)state;
	v = ok("{\"verdict\": \"runnable leak\", \"partial\": false, \"n\": [1, [2, {}], []], \"o\": {\"k\": null}}");
	assert_int_equal(v->type, JSON_OBJECT);
	assert_int_equal(v->n, 4);
	assert_string_equal(json_str(json_get(v, "verdict"), "?"), "runnable leak");
	assert_int_equal(json_bool(json_get(v, "partial"), -1), 0);
	a = json_get(v, "n");
	assert_int_equal(a->type, JSON_ARRAY);
	assert_int_equal(a->n, 3);
	assert_true(json_num(json_at(a, 0), NULL) == 1.0);
	assert_int_equal(json_at(a, 1)->n, 2);
	assert_int_equal(json_at(json_at(a, 1), 1)->type, JSON_OBJECT);
	assert_int_equal(json_at(a, 2)->n, 0);
	assert_null(json_at(a, 3));
	assert_int_equal(json_get(json_get(v, "o"), "k")->type, JSON_NULL);
	/* Members keep their keys and their order. */
	assert_string_equal(v->kids->key, "verdict");
	assert_string_equal(v->kids->next->key, "partial");
	json_free(v);
	v = ok("[]");
	assert_int_equal(v->n, 0);
	assert_null(v->kids);
	json_free(v);
	v = ok("{ }");
	assert_int_equal(v->n, 0);
	json_free(v);
}

static void lookups_tolerate_absence(void **state)
{
	struct json *v = ok("{\"a\": 1, \"a\": 2, \"s\": \"x\", \"e\\u0301\": 3}");
	int isnum = 7;

	(void)state;
	/* A key twice: the last counts. */
	assert_true(json_num(json_get(v, "a"), NULL) == 2.0);
	assert_int_equal(v->n, 4);
	assert_null(json_get(v, "missing"));
	assert_null(json_get(NULL, "a"));
	assert_null(json_get(v, NULL));
	assert_null(json_get(json_get(v, "s"), "a"));      /* not an object */
	assert_true(json_num(json_get(v, "e\xcc\x81"), NULL) == 3.0);
	assert_string_equal(json_str(NULL, "fallback"), "fallback");
	assert_string_equal(json_str(json_get(v, "a"), "fallback"), "fallback");
	assert_null(json_str(json_get(v, "a"), NULL));
	assert_true(json_num(NULL, &isnum) == 0.0);
	assert_int_equal(isnum, 0);
	assert_int_equal(json_bool(NULL, 5), 5);
	assert_null(json_at(NULL, 0));
	assert_null(json_at(json_get(v, "s"), 0));
	assert_string_equal(json_type_name(JSON_OBJECT), "object");
	assert_string_equal(json_type_name(JSON_NULL), "null");
	assert_string_equal(json_type_name((enum json_type)99), "?");
	json_free(v);
	json_free(NULL);
}

static void bad_structure_says_where(void **state)
{
	(void)state;
	BAD("", 1, 1, "found the end");
	BAD("   ", 1, 4, "found the end");
	BAD("[1,]", 1, 4, "trailing comma before ']'");
	BAD("{\"a\":1,}", 1, 8, "trailing comma before '}'");
	BAD("[1 2]", 1, 4, "expected ',' or ']'");
	BAD("{\"a\" 1}", 1, 6, "expected ':'");
	BAD("{\"a\":1 \"b\":2}", 1, 8, "expected ',' or '}'");
	BAD("{a:1}", 1, 2, "key in double quotes");
	BAD("{1:1}", 1, 2, "key in double quotes");
	BAD("{\"a\":}", 1, 6, "expected a value");
	BAD("[,1]", 1, 2, "expected a value");
	BAD("[1", 1, 1, "array is never closed");
	BAD("{\"a\":1", 1, 1, "object is never closed");
	BAD("[1]]", 1, 4, "text after the value: ']'");
	BAD("tru", 1, 1, "true, false, null");
	BAD("nul", 1, 1, "true, false, null");
	BAD("True", 1, 1, "expected a value");
	BAD("[1] // a comment", 1, 5, "text after the value: '/'");
	BAD("/* c */ 1", 1, 1, "expected a value, found '/'");
	BAD("[\x01]", 1, 2, "byte 0x01");
	/* Lines and columns count from 1, a column in bytes. */
	BAD("{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7, "expected ':'");
	BAD("[\n\n\n   x]", 4, 4, "expected a value, found 'x'");
	BAD("[\"\xc3\xa9\", x]", 1, 8, "found 'x'");
}

static void the_offset_counts_bytes(void **state)
{
	struct json_error e;

	(void)state;
	assert_null(json_parse("{\n \"a\": [1, 2,, 3]}", 19, &e));
	assert_int_equal(e.offset, 14);
	assert_int_equal(e.line, 2);
	assert_int_equal(e.column, 13);
	/* A NULL err is fine. */
	assert_null(json_parse("[", 1, NULL));
}

static void length_not_nul_bounds_the_text(void **state)
{
	struct json *v;
	struct json_error e;

	(void)state;
	/* The text is len bytes: what follows does not count. */
	v = json_parse("[1]garbage", 3, &e);
	assert_non_null(v);
	json_free(v);
	assert_null(json_parse("\"abc\"", 3, &e));
	assert_string_equal(e.msg, "unterminated string (no closing '\"')");
	assert_null(json_parse("12345", 0, &e));
	/* A NUL inside the text is no whitespace. */
	assert_null(json_parse("1\0", 2, &e));
	assert_int_equal(e.offset, 1);
	assert_null(json_parse("\"\\ud83d\\ude0", 12, &e));   /* a pair cut short */
	assert_null(json_parse("1e", 2, &e));
	assert_null(json_parse("\"\xe4\xb8", 3, &e));         /* UTF-8 cut short */
	assert_string_equal(e.msg, "invalid UTF-8 (byte 0xe4) in a string");
	assert_null(json_parse(NULL, 0, &e));
}

static void a_byte_order_mark_is_skipped(void **state)
{
	struct json *v = ok("\xef\xbb\xbf{\"a\": 1}");

	(void)state;
	assert_true(json_num(json_get(v, "a"), NULL) == 1.0);
	json_free(v);
	BAD("1\xef\xbb\xbf", 1, 2, "text after the value: byte 0xef");
}

static void depth_is_bounded(void **state)
{
	char deep[JSON_MAX_DEPTH * 2 + 4];
	struct json *v;
	struct json_error e;
	int i;

	(void)state;
	/* As deep as allowed parses. */
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		deep[i] = '[';
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		deep[JSON_MAX_DEPTH + i] = ']';
	v = json_parse(deep, 2 * JSON_MAX_DEPTH, &e);
	assert_non_null(v);
	json_free(v);
	/* One more is refused where it starts, without recursing on. */
	memmove(deep + 1, deep, 2 * JSON_MAX_DEPTH);
	deep[0] = '[';
	deep[2 * JSON_MAX_DEPTH + 1] = ']';
	assert_null(json_parse(deep, 2 * JSON_MAX_DEPTH + 2, &e));
	assert_int_equal(e.offset, JSON_MAX_DEPTH);
	assert_non_null(strstr(e.msg, "nested deeper than 64"));
	/* A bound of one's own. */
	assert_null(json_parse_bounded("{\"a\":[{}]}", 10, 2, 0, &e));
	assert_int_equal(e.offset, 6);
	v = json_parse_bounded("{\"a\":[{}]}", 10, 3, 0, &e);
	assert_non_null(v);
	json_free(v);
}

static void a_deep_bomb_fails_cleanly(void **state)
{
	size_t n = 1000000;
	char *s = malloc(n);
	struct json_error e;

	(void)state;
	assert_non_null(s);
	memset(s, '[', n);
	assert_null(json_parse(s, n, &e));
	assert_non_null(strstr(e.msg, "nested deeper"));
	memset(s, '{', n);
	assert_null(json_parse(s, n, &e));
	free(s);
}

static void size_is_bounded(void **state)
{
	struct json_error e;
	struct json *v;

	(void)state;
	assert_null(json_parse_bounded("[1, 2, 3]", 9, 0, 8, &e));
	assert_int_equal(e.offset, 0);
	assert_non_null(strstr(e.msg, "9 bytes, more than the 8"));
	v = json_parse_bounded("[1, 2, 3]", 9, 0, 9, &e);
	assert_non_null(v);
	json_free(v);
	assert_null(json_parse("x", (size_t)JSON_MAX_BYTES + 1, &e));
	assert_non_null(strstr(e.msg, "more than"));
}

static void a_wide_array_is_read_whole(void **state)
{
	size_t n = 100000, len = 0;
	char *s = malloc(n * 8 + 4);
	struct json *v;
	const struct json *k;
	size_t i = 0;

	(void)state;
	assert_non_null(s);
	s[len++] = '[';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, 16, "%s%zu", i ? "," : "", i);
	s[len++] = ']';
	v = json_parse(s, len, NULL);
	assert_non_null(v);
	assert_int_equal(v->n, n);
	i = 0;
	for (k = v->kids; k; k = k->next, i++)
		if (k->num != (double)i)
			fail_msg("element %zu is %g", i, k->num);
	assert_int_equal(i, n);
	json_free(v);
	free(s);
}

/* A summary.json as leaklab writes it reads back whole. */
static void a_summary_reads_back(void **state)
{
	static const char text[] =
		"{\n  \"verdict\": \"runnable leak\",\n  \"partial\": false,\n  \"requests_sent\": 60,\n"
		"  \"queued_slope_per_s\": 2.9512,\n  \"queued_per_leak\": 0.98,\n  \"time_slice_ms\": null,\n"
		"  \"waiting_on\": {\"chan receive\": 40},\n  \"student\": \"<b>Z\\u00e9</b> \\\"x\\\"\",\n"
		"  \"top_stack\": \"main.leak.func1 (/src/main.go:42)\"\n}\n";
	char path[] = "/tmp/leaklab-test-json-XXXXXX";
	int fd = mkstemp(path);
	struct json_error e;
	struct json *v;
	int isnum;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
	close(fd);
	v = json_load(path, 0, &e);
	assert_non_null(v);
	assert_string_equal(json_str(json_get(v, "student"), ""), "<b>Z\xc3\xa9</b> \"x\"");
	assert_true(json_num(json_get(v, "queued_slope_per_s"), &isnum) == 2.9512);
	assert_int_equal(isnum, 1);
	json_num(json_get(v, "time_slice_ms"), &isnum);
	assert_int_equal(isnum, 0);
	assert_true(json_num(json_get(json_get(v, "waiting_on"), "chan receive"), NULL) == 40.0);
	json_free(v);
	/* Bounded by the caller. */
	assert_null(json_load(path, 10, &e));
	assert_non_null(strstr(e.msg, "longer than 10 bytes"));
	unlink(path);
	/* A file that is not there: the reason, no place. */
	assert_null(json_load(path, 0, &e));
	assert_int_equal(e.line, 0);
	assert_string_equal(e.msg, "No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scalars_parse),
		cmocka_unit_test(numbers_follow_the_grammar),
		cmocka_unit_test(a_very_long_number_is_refused),
		cmocka_unit_test(strings_decode_every_escape),
		cmocka_unit_test(bad_strings_say_where),
		cmocka_unit_test(arrays_and_objects_nest),
		cmocka_unit_test(lookups_tolerate_absence),
		cmocka_unit_test(bad_structure_says_where),
		cmocka_unit_test(the_offset_counts_bytes),
		cmocka_unit_test(length_not_nul_bounds_the_text),
		cmocka_unit_test(a_byte_order_mark_is_skipped),
		cmocka_unit_test(depth_is_bounded),
		cmocka_unit_test(a_deep_bomb_fails_cleanly),
		cmocka_unit_test(size_is_bounded),
		cmocka_unit_test(a_wide_array_is_read_whole),
		cmocka_unit_test(a_summary_reads_back),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
