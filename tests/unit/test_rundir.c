/* test_rundir.c - the run directory: where it goes, what it refuses, its files */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pollfile.h"
#include "reqfile.h"
#include "rundir.h"

/* Every test works in one mkdtemp directory (its current directory too,
 * for the default out/), emptied after each test and removed at the end. */
static char top[] = "/tmp/leaklab-test-rundir-XXXXXX";
static char cwd[PATH_MAX];
static struct rundir rd;
static char err[1024];

static int make_top(void **state)
{
	(void)state;
	if (!getcwd(cwd, sizeof(cwd)) || !mkdtemp(top))
		return -1;
	return 0;
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	if (ftw->level == 0)
		return 0;
	return remove(p);
}

/* After each test: back where we started, top empty, no file left open. */
static int empty_top(void **state)
{
	(void)state;
	rundir_close(&rd);
	if (chdir(cwd) != 0)
		return -1;
	chmod(top, 0700);
	return nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int remove_top(void **state)
{
	return empty_top(state) == 0 ? rmdir(top) : -1;
}

/* top/name in one of four buffers, in turn: copy a path to keep it. */
static const char *in_top(const char *name)
{
	static char p[4][PATH_MAX];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", top, name);
	return p[k];
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* The whole of dir/name, or NULL when it is not there (free it). */
static char *slurp(const char *dir, const char *name)
{
	char p[PATH_MAX + 256];
	FILE *f;
	char *buf;
	size_t n;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if (!(f = fopen(p, "r")))
		return NULL;
	buf = malloc(1 << 16);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 16) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void assert_file(const char *dir, const char *name, const char *want)
{
	char *got = slurp(dir, name);

	if (!got)
		fail_msg("%s/%s is missing", dir, name);
	if (strcmp(got, want) != 0)
		fail_msg("%s/%s holds '%s', want '%s'", dir, name, got, want);
	free(got);
}

/* The names in dir other than . and .., one string "a b c" (sorted). */
static void names_in(const char *dir, char *out, size_t len)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort);
	size_t at = 0;

	if (n < 0)
		fail_msg("cannot list %s", dir);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") != 0 && strcmp(list[i]->d_name, "..") != 0)
			at += (size_t)snprintf(out + at, len - at, "%s%s", at ? " " : "", list[i]->d_name);
		free(list[i]);
	}
	free(list);
}

static int is_dir(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* ---- -o DIR ---- */

static void an_empty_o_is_a_usage_error(void **state)
{
	(void)state;
	assert_int_equal(rundir_create(&rd, "", "lab", err, sizeof(err)), RUNDIR_EUSAGE);
	assert_string_equal(err, "-o '': an empty name is no directory");
}

static void an_o_that_is_a_file_is_a_usage_error(void **state)
{
	(void)state;
	char want[PATH_MAX + 64], names[256];

	put(in_top("file"), "mine\n");
	assert_int_equal(rundir_create(&rd, in_top("file"), "lab", err, sizeof(err)), RUNDIR_EUSAGE);
	snprintf(want, sizeof(want), "-o '%s' is a file, not a directory", in_top("file"));
	assert_string_equal(err, want);
	assert_file(top, "file", "mine\n");
	/* Below a file nothing can be made. */
	assert_int_equal(rundir_create(&rd, in_top("file/sub"), "lab", err, sizeof(err)), RUNDIR_EUSAGE);
	snprintf(want, sizeof(want), "-o '%s': cannot create it: Not a directory", in_top("file/sub"));
	assert_string_equal(err, want);
	names_in(top, names, sizeof(names));
	assert_string_equal(names, "file");
}

/* Someone's directory (no meta.txt of ours) is never emptied. */
static void an_o_of_foreign_files_is_refused_and_left_alone(void **state)
{
	(void)state;
	char d[PATH_MAX], want[PATH_MAX + 128], names[256];

	snprintf(d, sizeof(d), "%s", in_top("mine"));
	assert_int_equal(mkdir(d, 0755), 0);
	put(in_top("mine/notes.txt"), "my notes\n");
	put(in_top("mine/trace.tsv"), "my own table\n");
	assert_int_equal(rundir_create(&rd, d, "lab", err, sizeof(err)), RUNDIR_EUSAGE);
	snprintf(want, sizeof(want), "-o '%s' holds files and is not a leaklab run directory: "
		 "choose a new or empty directory", d);
	assert_string_equal(err, want);
	names_in(d, names, sizeof(names));
	assert_string_equal(names, "notes.txt trace.tsv");
	assert_file(d, "notes.txt", "my notes\n");
	assert_file(d, "trace.tsv", "my own table\n");
	/* A meta.txt that is not leaklab's does not make it a run. */
	put(in_top("mine/meta.txt"), "title: my meta\n");
	assert_int_equal(rundir_create(&rd, d, "lab", err, sizeof(err)), RUNDIR_EUSAGE);
	assert_file(d, "meta.txt", "title: my meta\n");
}

/* A previous run's directory: its files go, anything else stays. */
static void an_o_of_a_previous_run_is_cleared_of_its_files(void **state)
{
	(void)state;
	static const char *const run_files[] = {
		"raw-stderr.log", "stdout.log", "trace.tsv", "waits.tsv", "requests.tsv", "goroutines.tsv",
		"probe.tsv", "stacks.txt", "stacks-start.txt", "goroutineleak.txt", "summary.txt",
		"summary.json", "plot.gp", "trace.tsv.tmp", "program",
	};
	char d[PATH_MAX], p[PATH_MAX + 64], names[512];

	snprintf(d, sizeof(d), "%s", in_top("prev"));
	assert_int_equal(mkdir(d, 0755), 0);
	put(in_top("prev/meta.txt"), "leaklab_version: 0.1.0\nstate: ended\n");
	for (size_t i = 0; i < sizeof(run_files) / sizeof(run_files[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", d, run_files[i]);
		put(p, "old\n");
	}
	assert_int_equal(mkdir(in_top("prev/charts"), 0755), 0);
	put(in_top("prev/charts/queue.png"), "png");
	put(in_top("prev/charts/dashboard.svg"), "svg");
	put(in_top("prev/charts/.keep"), "");
	put(in_top("prev/notes.txt"), "the student's\n");
	assert_int_equal(mkdir(in_top("prev/mydata"), 0755), 0);

	assert_int_equal(rundir_create(&rd, d, "lab", err, sizeof(err)), RUNDIR_OK);
	assert_string_equal(rd.path, d);
	names_in(d, names, sizeof(names));
	assert_string_equal(names, "charts mydata notes.txt");
	names_in(in_top("prev/charts"), names, sizeof(names));
	assert_string_equal(names, ".keep");
	assert_file(d, "notes.txt", "the student's\n");
}

static void an_empty_or_new_o_is_used_as_it_is(void **state)
{
	(void)state;
	assert_int_equal(mkdir(in_top("empty"), 0755), 0);
	assert_int_equal(rundir_create(&rd, in_top("empty"), "lab", err, sizeof(err)), RUNDIR_OK);
	assert_string_equal(rd.path, in_top("empty"));
	/* Every missing level is made. */
	assert_int_equal(rundir_create(&rd, in_top("a/b/c"), "lab", err, sizeof(err)), RUNDIR_OK);
	assert_string_equal(rd.path, in_top("a/b/c"));
	assert_true(is_dir(in_top("a/b/c")));
	/* A relative one stays relative. */
	assert_int_equal(chdir(top), 0);
	assert_int_equal(rundir_create(&rd, "rel/x", "lab", err, sizeof(err)), RUNDIR_OK);
	assert_string_equal(rd.path, "rel/x");
	assert_true(is_dir(in_top("rel/x")));
}

static void an_o_that_cannot_be_written_is_a_usage_error(void **state)
{
	(void)state;
	char d[PATH_MAX], want[PATH_MAX + 64];

	snprintf(d, sizeof(d), "%s", in_top("ro"));
	if (geteuid() == 0) {
		print_message("skip: running as root, which may write into a directory of mode 0555\n");
		skip();
	}
	assert_int_equal(mkdir(d, 0555), 0);
	assert_int_equal(rundir_create(&rd, d, "lab", err, sizeof(err)), RUNDIR_EUSAGE);
	snprintf(want, sizeof(want), "-o '%s': Permission denied", d);
	assert_string_equal(err, want);
	chmod(d, 0755);
}

/* ---- the default place ---- */

static void stamp(char *buf, size_t len, time_t t)
{
	strftime(buf, len, "%Y%m%d-%H%M%S", localtime(&t));
}

/* out/<name>-<YYYYmmdd-HHMMSS>, and -2, -3 for more runs in that second. */
static void the_default_place_is_out_name_and_time(void **state)
{
	(void)state;
	char s[32], want[PATH_MAX], paths[3][PATH_MAX];
	int tries = 0;
	time_t t0, t1;

	assert_int_equal(chdir(top), 0);
	do {
		/* The three must be made within one second: try again if the
		 * clock moved on in between. */
		t0 = time(NULL);
		for (int i = 0; i < 3; i++) {
			assert_int_equal(rundir_create(&rd, NULL, "01-cpu-leak", err, sizeof(err)), RUNDIR_OK);
			snprintf(paths[i], sizeof(paths[i]), "%s", rd.path);
		}
		t1 = time(NULL);
	} while (t0 != t1 && ++tries < 5);
	assert_true(t0 == t1);
	stamp(s, sizeof(s), t0);
	snprintf(want, sizeof(want), "out/01-cpu-leak-%s", s);
	assert_string_equal(paths[0], want);
	snprintf(want, sizeof(want), "out/01-cpu-leak-%s-2", s);
	assert_string_equal(paths[1], want);
	snprintf(want, sizeof(want), "out/01-cpu-leak-%s-3", s);
	assert_string_equal(paths[2], want);
	for (int i = 0; i < 3; i++)
		assert_true(is_dir(paths[i]));
}

/* out/<name>-latest names the newest run, relative to out/. */
static void latest_links_to_the_newest_run(void **state)
{
	(void)state;
	char link[PATH_MAX];
	ssize_t n;

	assert_int_equal(chdir(top), 0);
	assert_int_equal(rundir_create(&rd, NULL, "lab", err, sizeof(err)), RUNDIR_OK);
	rundir_link_latest(&rd, "lab");
	n = readlink("out/lab-latest", link, sizeof(link) - 1);
	assert_true(n > 0);
	link[n] = '\0';
	assert_string_equal(link, strrchr(rd.path, '/') + 1);
	assert_true(is_dir("out/lab-latest"));
	assert_int_equal(rundir_create(&rd, NULL, "lab", err, sizeof(err)), RUNDIR_OK);
	rundir_link_latest(&rd, "lab");
	n = readlink("out/lab-latest", link, sizeof(link) - 1);
	assert_true(n > 0);
	link[n] = '\0';
	assert_string_equal(link, strrchr(rd.path, '/') + 1);
}

/* ---- its files ---- */

static void open_writes_the_tables_headers(void **state)
{
	(void)state;
	char d[PATH_MAX], names[512];

	snprintf(d, sizeof(d), "%s", in_top("run"));
	assert_int_equal(rundir_create(&rd, d, "lab", err, sizeof(err)), RUNDIR_OK);
	assert_int_equal(rundir_open(&rd, err, sizeof(err)), 0);
	/* Bytes reach the disk as they come: the program's at once, a
	 * table's row by row. */
	rundir_put(&rd, rd.raw, RUNDIR_RAW, "SCHED 0ms: gomax", 16);
	assert_file(d, "raw-stderr.log", "SCHED 0ms: gomax");
	rundir_put(&rd, rd.out, RUNDIR_STDOUT, "listening", 9);
	assert_file(d, "stdout.log", "listening");
	rundir_put(&rd, rd.probe, RUNDIR_PROBE, "500.000\t1.250\t200\n", 18);
	assert_file(d, "probe.tsv", POLLFILE_PROBE_HEADER "500.000\t1.250\t200\n");
	rundir_close(&rd);
	assert_null(rd.failed);
	names_in(d, names, sizeof(names));
	assert_string_equal(names, "goroutines.tsv probe.tsv raw-stderr.log requests.tsv stdout.log trace.tsv waits.tsv");
	assert_file(d, "goroutines.tsv", POLLFILE_GOROUTINES_HEADER);
	assert_file(d, "requests.tsv", REQFILE_HEADER);
	/* trace.tsv and waits.tsv: their writer knows their shape. */
	assert_file(d, "trace.tsv", "");
	assert_file(d, "waits.tsv", "");
}

/* The tables' headers are on disk as soon as the run directory is open:
 * a run killed before its first row (or tail -f) finds them. The
 * buffering once was set after the header was written (C11 7.21.5.6
 * forbids it; glibc kept the header in the buffer). */
static void open_puts_the_headers_on_disk_at_once(void **state)
{
	(void)state;
	char d[PATH_MAX];

	snprintf(d, sizeof(d), "%s", in_top("run"));
	assert_int_equal(rundir_create(&rd, d, "lab", err, sizeof(err)), RUNDIR_OK);
	assert_int_equal(rundir_open(&rd, err, sizeof(err)), 0);
	assert_file(d, "requests.tsv", REQFILE_HEADER);
	assert_file(d, "goroutines.tsv", POLLFILE_GOROUTINES_HEADER);
	assert_file(d, "probe.tsv", POLLFILE_PROBE_HEADER);
}

static void open_in_a_missing_directory_says_which_file(void **state)
{
	(void)state;
	char want[PATH_MAX + 128];

	assert_int_equal(rundir_create(&rd, in_top("gone"), "lab", err, sizeof(err)), RUNDIR_OK);
	assert_int_equal(rmdir(in_top("gone")), 0);
	assert_int_equal(rundir_open(&rd, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "cannot write '%s/raw-stderr.log': No such file or directory", in_top("gone"));
	assert_string_equal(err, want);
}

/* The first failure is the one reported; errno 0 still says something. */
static void the_first_failure_is_kept(void **state)
{
	(void)state;
	FILE *full;

	assert_int_equal(rundir_create(&rd, in_top("f"), "lab", err, sizeof(err)), RUNDIR_OK);
	assert_null(rd.failed);
	errno = ENOSPC;
	rundir_failed(&rd, RUNDIR_TRACE);
	errno = EBADF;
	rundir_failed(&rd, RUNDIR_REQUESTS);
	assert_string_equal(rd.failed, RUNDIR_TRACE);
	assert_int_equal(rd.failed_errno, ENOSPC);

	memset(&rd, 0, sizeof(rd));
	errno = 0;
	rundir_failed(&rd, RUNDIR_WAITS);
	assert_string_equal(rd.failed, RUNDIR_WAITS);
	assert_int_equal(rd.failed_errno, EIO);

	if (!(full = fopen("/dev/full", "w"))) {
		print_message("skip: no /dev/full here\n");
		skip();
	}
	memset(&rd, 0, sizeof(rd));
	setvbuf(full, NULL, _IONBF, 0);
	rundir_put(&rd, full, RUNDIR_RAW, "abc", 3);
	assert_string_equal(rd.failed, RUNDIR_RAW);
	assert_int_equal(rd.failed_errno, ENOSPC);
	fclose(full);
}

static void a_whole_file_is_written_or_its_failure_noted(void **state)
{
	(void)state;
	assert_int_equal(rundir_create(&rd, in_top("w"), "lab", err, sizeof(err)), RUNDIR_OK);
	rundir_write(&rd, "summary.txt", "verdict: no leak\n", 17);
	assert_null(rd.failed);
	assert_file(in_top("w"), "summary.txt", "verdict: no leak\n");
	/* The directory gone: the write fails, and names its file. */
	assert_int_equal(unlink(in_top("w/summary.txt")), 0);
	assert_int_equal(rmdir(in_top("w")), 0);
	rundir_write(&rd, "summary.json", "{}\n", 3);
	assert_string_equal(rd.failed, "summary.json");
	assert_int_equal(rd.failed_errno, ENOENT);
}

/* Closing twice does no harm; a closed file is NULL. */
static void close_twice_is_safe(void **state)
{
	(void)state;
	assert_int_equal(rundir_create(&rd, in_top("c"), "lab", err, sizeof(err)), RUNDIR_OK);
	assert_int_equal(rundir_open(&rd, err, sizeof(err)), 0);
	rundir_close(&rd);
	assert_null(rd.raw);
	assert_null(rd.out);
	assert_null(rd.trace);
	assert_null(rd.waits);
	assert_null(rd.requests);
	assert_null(rd.goroutines);
	assert_null(rd.probe);
	rundir_close(&rd);
	assert_null(rd.failed);
	/* Writing to a closed file is no write at all. */
	rundir_put(&rd, rd.trace, RUNDIR_TRACE, "x", 1);
	assert_null(rd.failed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(an_empty_o_is_a_usage_error, empty_top),
		cmocka_unit_test_teardown(an_o_that_is_a_file_is_a_usage_error, empty_top),
		cmocka_unit_test_teardown(an_o_of_foreign_files_is_refused_and_left_alone, empty_top),
		cmocka_unit_test_teardown(an_o_of_a_previous_run_is_cleared_of_its_files, empty_top),
		cmocka_unit_test_teardown(an_empty_or_new_o_is_used_as_it_is, empty_top),
		cmocka_unit_test_teardown(an_o_that_cannot_be_written_is_a_usage_error, empty_top),
		cmocka_unit_test_teardown(the_default_place_is_out_name_and_time, empty_top),
		cmocka_unit_test_teardown(latest_links_to_the_newest_run, empty_top),
		cmocka_unit_test_teardown(open_writes_the_tables_headers, empty_top),
		cmocka_unit_test_teardown(open_in_a_missing_directory_says_which_file, empty_top),
		cmocka_unit_test_teardown(the_first_failure_is_kept, empty_top),
		cmocka_unit_test_teardown(a_whole_file_is_written_or_its_failure_noted, empty_top),
		cmocka_unit_test_teardown(close_twice_is_safe, empty_top),
		cmocka_unit_test_teardown(open_puts_the_headers_on_disk_at_once, empty_top),
	};
	return cmocka_run_group_tests_name("rundir", tests, make_top, remove_top);
}
