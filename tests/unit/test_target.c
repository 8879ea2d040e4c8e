/* test_target.c - the loopback guard */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "target.h"

static void loopback_hosts(void **state)
{
	(void)state;
	const char *yes[] = { "127.0.0.1", "127.1.2.3", "127.255.255.255", "localhost", "LOCALHOST",
			      "localhost.", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1",
			      "[::ffff:127.0.0.2]" };
	const char *no[] = { "128.0.0.1", "10.0.0.1", "192.168.1.1", "0.0.0.0", "::", "[::]",
			     "127.0.0.1.evil.com", "localhost.evil.com", "evil.com", "127.1",
			     "0x7f.0.0.1", "::2", "[::1%lo]", "", "fe80::1", "::ffff:10.0.0.1" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!target_host_is_loopback(yes[i]))
			fail_msg("'%s' is loopback", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (target_host_is_loopback(no[i]))
			fail_msg("'%s' is not loopback", no[i]);
}

static void urls_on_this_machine_pass(void **state)
{
	(void)state;
	char err[512];
	const char *urls[] = { "http://127.0.0.1:8080/leak", "http://localhost/", "http://[::1]:9/x",
			       "https://127.0.0.1/", "http://user:pw@127.0.0.1/" };

	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++)
		if (target_check(urls[i], 0, err, sizeof(err)) != 0)
			fail_msg("'%s' should pass: %s", urls[i], err);
}

static void remote_urls_are_refused_unless_allowed(void **state)
{
	(void)state;
	char err[512];
	const char *urls[] = { "http://127.0.0.1@evil.com/", "http://evil.com/?127.0.0.1",
			       "http://10.0.0.5:8080/leak", "http://127.0.0.1.nip.io/",
			       "http://[::ffff:8.8.8.8]/", "http://evil.com#@127.0.0.1/" };

	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		if (target_check(urls[i], 0, err, sizeof(err)) == 0)
			fail_msg("'%s' should be refused", urls[i]);
		assert_non_null(strstr(err, "--allow-remote"));
		assert_int_equal(target_check(urls[i], 1, err, sizeof(err)), 0);
	}
}

static void bad_urls_are_errors(void **state)
{
	(void)state;
	char err[512];

	assert_int_equal(target_check("ftp://127.0.0.1/", 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "only http and https"));
	assert_non_null(strstr(err, "'ftp://127.0.0.1/': only http and https URLs can be driven"));
	/* libcurl's own reason sits in the parentheses; its words change
	 * with its version, ours do not. */
	assert_int_equal(target_check("not a url", 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "'not a url' is not a URL ("));
	assert_non_null(strstr(err, "); expected e.g. http://127.0.0.1:8080/leak"));
	/* An empty host: libcurl (7.88) refuses it itself ("No host part"),
	 * before target_check's own "has no host" could. */
	assert_int_equal(target_check("http://", 1, err, sizeof(err)), -1);
	assert_true(strstr(err, "'http://' is not a URL (") || strstr(err, "'http://' has no host"));
	assert_null(strstr(err, "--allow-remote"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loopback_hosts),
		cmocka_unit_test(urls_on_this_machine_pass),
		cmocka_unit_test(remote_urls_are_refused_unless_allowed),
		cmocka_unit_test(bad_urls_are_errors),
	};
	return cmocka_run_group_tests_name("target", tests, NULL, NULL);
}
