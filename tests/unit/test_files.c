/* test_files.c - whole-file reads under a size limit, and writes */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"

/* Every test's files live in one mkdtemp directory, emptied and removed
 * at the end even when a test fails. */
static char dir[] = "/tmp/leaklab-test-files-XXXXXX";

static int make_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];

	(void)state;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (unlink(path) != 0)
			rmdir(path);
	}
	closedir(d);
	return rmdir(dir);
}

static const char *path_of(const char *name)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* Put exactly len bytes in dir/name, with stdio, not the module under test. */
static const char *put(const char *name, const char *bytes, size_t len)
{
	const char *path = path_of(name);
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* n bytes that differ from one offset to the next, NULs included. */
static char *pattern(size_t n)
{
	char *p = malloc(n ? n : 1);

	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		p[i] = (char)(i * 7 + i / 251);
	return p;
}

/* ---- files_read ---- */

static void a_small_file_is_read_whole_and_nul_terminated(void **state)
{
	const char text[] = "name = x\nrate = 5/s for 10s\n";
	size_t len = 999;
	char *buf;

	(void)state;
	buf = files_read(put("small", text, sizeof(text) - 1), 1024, &len);
	assert_non_null(buf);
	assert_int_equal(len, sizeof(text) - 1);
	assert_memory_equal(buf, text, len);
	assert_int_equal(buf[len], '\0');
	free(buf);
}

static void an_empty_file_is_an_empty_string_not_an_error(void **state)
{
	size_t len = 999;
	char *buf;

	(void)state;
	buf = files_read(put("empty", "", 0), 1024, &len);
	assert_non_null(buf);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);
	/* A zero limit still admits zero bytes. */
	len = 999;
	buf = files_read(path_of("empty"), 0, &len);
	assert_non_null(buf);
	assert_int_equal(len, 0);
	free(buf);
}

static void a_file_of_exactly_max_bytes_is_read(void **state)
{
	char *bytes = pattern(100), *buf;
	size_t len = 0;

	(void)state;
	buf = files_read(put("exact", bytes, 100), 100, &len);
	assert_non_null(buf);
	assert_int_equal(len, 100);
	assert_memory_equal(buf, bytes, 100);
	assert_int_equal(buf[100], '\0');
	free(buf);
	free(bytes);
}

static void one_byte_over_max_is_efbig_and_len_untouched(void **state)
{
	char *bytes = pattern(101);
	size_t len = 999;

	(void)state;
	errno = 0;
	assert_null(files_read(put("over", bytes, 101), 100, &len));
	assert_int_equal(errno, EFBIG);
	assert_int_equal(len, 999);
	free(bytes);
}

/* The first read buffer is 64 KiB: a file on, just past and well past
 * that size, and a limit on either side of the file's end. */
static void files_past_the_first_buffer_are_read_byte_for_byte(void **state)
{
	static const size_t sizes[] = { 65534, 65535, 65536, 65537, 131071, 131072, 300001 };

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i], len = 0;
		char *bytes = pattern(n), *buf;
		const char *path = put("big", bytes, n);

		buf = files_read(path, n, &len);
		if (!buf)
			fail_msg("%zu bytes with max %zu: %s", n, n, strerror(errno));
		assert_int_equal(len, n);
		assert_memory_equal(buf, bytes, n);
		assert_int_equal(buf[n], '\0');
		free(buf);
		errno = 0;
		if (files_read(path, n - 1, &len) || errno != EFBIG)
			fail_msg("%zu bytes with max %zu: want EFBIG, errno %d", n, n - 1, errno);
		free(bytes);
	}
}

/* len, not strlen: a NUL inside the file is data. */
static void nul_bytes_are_kept_and_counted(void **state)
{
	const char bytes[] = "a\0b\0\0c";
	size_t len = 0;
	char *buf;

	(void)state;
	buf = files_read(put("nul", bytes, sizeof(bytes) - 1), 64, &len);
	assert_non_null(buf);
	assert_int_equal(len, 6);
	assert_memory_equal(buf, bytes, 6);
	free(buf);
}

/* A device that never ends is refused at the limit, not read forever. */
static void an_endless_file_stops_at_the_limit(void **state)
{
	size_t len = 999;

	(void)state;
	if (access("/dev/zero", R_OK) != 0) {
		print_message("skip: no /dev/zero here\n");
		skip();
	}
	errno = 0;
	assert_null(files_read("/dev/zero", 1000, &len));
	assert_int_equal(errno, EFBIG);
	assert_int_equal(len, 999);
}

static void a_missing_file_is_null_with_enoent(void **state)
{
	size_t len = 999;

	(void)state;
	errno = 0;
	assert_null(files_read(path_of("no-such-file"), 1024, &len));
	assert_int_equal(errno, ENOENT);
	assert_int_equal(len, 999);
	errno = 0;
	assert_null(files_read(path_of("no-such-dir/file"), 1024, &len));
	assert_int_equal(errno, ENOENT);
}

/* fopen takes a directory; the read that follows must fail, not give "". */
static void a_directory_is_an_error_not_an_empty_file(void **state)
{
	size_t len = 999;

	(void)state;
	errno = 0;
	assert_null(files_read(dir, 1024, &len));
	assert_int_equal(errno, EISDIR);
	assert_int_equal(len, 999);
}

static void an_unreadable_file_is_null_with_eacces(void **state)
{
	size_t len = 999;
	const char *path;

	(void)state;
	if (geteuid() == 0) {
		print_message("skip: running as root, which reads a file of mode 0 anyway\n");
		skip();
	}
	path = put("secret", "x", 1);
	assert_int_equal(chmod(path, 0), 0);
	errno = 0;
	assert_null(files_read(path, 1024, &len));
	assert_int_equal(errno, EACCES);
}

/* ---- files_write ---- */

static void text_written_to_dir_and_name_reads_back(void **state)
{
	const char text[] = "seq\tt_ms\n1\t2.5\n";
	size_t len = 0;
	char *buf;

	(void)state;
	assert_int_equal(files_write(dir, "out.tsv", text, sizeof(text) - 1), 0);
	buf = files_read(path_of("out.tsv"), 1024, &len);
	assert_non_null(buf);
	assert_int_equal(len, sizeof(text) - 1);
	assert_string_equal(buf, text);
	free(buf);
}

static void a_null_dir_writes_to_the_name_as_a_path(void **state)
{
	size_t len = 0;
	char *buf;

	(void)state;
	assert_int_equal(files_write(NULL, path_of("plain"), "abc", 3), 0);
	buf = files_read(path_of("plain"), 1024, &len);
	assert_non_null(buf);
	assert_string_equal(buf, "abc");
	free(buf);
}

/* Only len bytes go out: a NUL inside is data, text past len is not. */
static void exactly_len_bytes_are_written(void **state)
{
	const char bytes[] = "a\0b-not-this";
	size_t len = 0;
	char *buf;

	(void)state;
	assert_int_equal(files_write(dir, "len", bytes, 3), 0);
	buf = files_read(path_of("len"), 1024, &len);
	assert_non_null(buf);
	assert_int_equal(len, 3);
	assert_memory_equal(buf, "a\0b", 3);
	free(buf);
	assert_int_equal(files_write(dir, "zero", "ignored", 0), 0);
	buf = files_read(path_of("zero"), 1024, &len);
	assert_non_null(buf);
	assert_int_equal(len, 0);
	free(buf);
}

static void a_shorter_write_replaces_a_longer_file(void **state)
{
	size_t len = 0;
	char *buf;

	(void)state;
	assert_int_equal(files_write(dir, "again", "a much longer first text\n", 25), 0);
	assert_int_equal(files_write(dir, "again", "short\n", 6), 0);
	buf = files_read(path_of("again"), 1024, &len);
	assert_non_null(buf);
	assert_string_equal(buf, "short\n");
	free(buf);
}

static void writing_into_a_missing_dir_is_minus_one_with_enoent(void **state)
{
	(void)state;
	errno = 0;
	assert_int_equal(files_write(path_of("no-such-dir"), "x", "abc", 3), -1);
	assert_int_equal(errno, ENOENT);
}

/* /dev/full takes the open and the buffered write; only the flush at
 * fclose reports the full disk, and that must not be lost. */
static void a_full_disk_is_minus_one_with_enospc(void **state)
{
	char text[8192];

	(void)state;
	if (access("/dev/full", W_OK) != 0) {
		print_message("skip: no /dev/full here\n");
		skip();
	}
	memset(text, 'x', sizeof(text));
	errno = 0;
	assert_int_equal(files_write(NULL, "/dev/full", "abc", 3), -1);
	assert_int_equal(errno, ENOSPC);
	errno = 0;
	assert_int_equal(files_write(NULL, "/dev/full", text, sizeof(text)), -1);
	assert_int_equal(errno, ENOSPC);
}

/* A dir/name longer than PATH_MAX, cut to fit, would be another file:
 * it is refused as the kernel would refuse the whole path. */
static void a_path_too_long_is_refused_not_cut(void **state)
{
	char name[PATH_MAX + 64];
	size_t at = 0, rem = PATH_MAX - 3 - (strlen(dir) + 1);
	struct stat st;
	int rc, e;

	(void)state;
	/* dir/././.../target, cut after PATH_MAX - 1 bytes: dir/././.../ta */
	if (rem % 2)
		name[at++] = '/';
	for (; at + 1 < rem; at += 2)
		memcpy(name + at, "./", 2);
	snprintf(name + at, sizeof(name) - at, "target");
	assert_int_equal(strlen(dir) + 1 + at + 2, PATH_MAX - 1);
	errno = 0;
	rc = files_write(dir, name, "abc", 3);
	e = errno;
	if (stat(path_of("ta"), &st) == 0)
		fail_msg("the text went to %s/ta (returned %d)", dir, rc);
	assert_int_equal(rc, -1);
	assert_int_equal(e, ENAMETOOLONG);
}

/* ---- files_raise_open_limit ---- */

static void the_open_file_limit_is_raised_to_the_hard_limit(void **state)
{
	struct rlimit rl, low;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	/* Lower it first, so the call has something to raise. */
	low = rl;
	low.rlim_cur = rl.rlim_max < 64 ? rl.rlim_max : 64;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	files_raise_open_limit();
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur != rl.rlim_max)
		fail_msg("soft limit %llu, hard %llu", (unsigned long long)rl.rlim_cur,
			 (unsigned long long)rl.rlim_max);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_open_file_limit_is_raised_to_the_hard_limit),
		cmocka_unit_test(a_small_file_is_read_whole_and_nul_terminated),
		cmocka_unit_test(an_empty_file_is_an_empty_string_not_an_error),
		cmocka_unit_test(a_file_of_exactly_max_bytes_is_read),
		cmocka_unit_test(one_byte_over_max_is_efbig_and_len_untouched),
		cmocka_unit_test(files_past_the_first_buffer_are_read_byte_for_byte),
		cmocka_unit_test(nul_bytes_are_kept_and_counted),
		cmocka_unit_test(an_endless_file_stops_at_the_limit),
		cmocka_unit_test(a_missing_file_is_null_with_enoent),
		cmocka_unit_test(a_directory_is_an_error_not_an_empty_file),
		cmocka_unit_test(an_unreadable_file_is_null_with_eacces),
		cmocka_unit_test(text_written_to_dir_and_name_reads_back),
		cmocka_unit_test(a_path_too_long_is_refused_not_cut),
		cmocka_unit_test(a_null_dir_writes_to_the_name_as_a_path),
		cmocka_unit_test(exactly_len_bytes_are_written),
		cmocka_unit_test(a_shorter_write_replaces_a_longer_file),
		cmocka_unit_test(writing_into_a_missing_dir_is_minus_one_with_enoent),
		cmocka_unit_test(a_full_disk_is_minus_one_with_enospc),
	};
	return cmocka_run_group_tests_name("files", tests, make_dir, remove_dir);
}
