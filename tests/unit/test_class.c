/* test_class.c - the class view: grouping, the latest run, the class's
 * numbers, who stands out and why, names kept as text, run directories read */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "class.h"
#include "class_page.h"
#include "class_plot.h"
#include "class_scan.h"

/* A readable run of lab by who, started at when, leaking per per request. */
static struct class_run *run(struct class *c, const char *dir, const char *lab, const char *who, double when,
			     double per)
{
	struct class_run *r = class_add_run(c, dir);
	static const double t[] = { 0, 1, 2, 3 }, v[] = { 0, 5, 10, 15 };

	assert_non_null(r);
	snprintf(r->lab, sizeof(r->lab), "%s", lab);
	snprintf(r->student, sizeof(r->student), "%s", who);
	snprintf(r->verdict, sizeof(r->verdict), "runnable leak");
	snprintf(r->expected, sizeof(r->expected), "runnable leak");
	snprintf(r->version, sizeof(r->version), "0.1.0");
	r->expected_met = 1;
	r->when = when;
	r->gomaxprocs = 1;
	r->queued_per_leak = per;
	r->samples = 40;
	assert_int_equal(class_thin(t, v, 4, CLASS_CURVE_POINTS, &r->queued), 0);
	return r;
}

static const struct class_lab *lab(const struct class *c, const char *name)
{
	for (size_t i = 0; i < c->nlabs; i++)
		if (strcmp(c->labs[i].name, name) == 0)
			return &c->labs[i];
	fail_msg("no lab %s", name);
	return NULL;
}

static size_t find(const struct class *c, const char *dir)
{
	for (size_t i = 0; i < c->nruns; i++)
		if (strcmp(c->runs[i].dir, dir) == 0)
			return i;
	fail_msg("no run %s", dir);
	return 0;
}

static void runs_are_grouped_by_lab_then_student_and_the_latest_counts(void **state)
{
	struct class *c = class_new();
	const struct class_lab *l;

	(void)state;
	run(c, "b/old", "01-cpu-leak", "Bia", 100, 1.0);
	run(c, "a/x", "01-cpu-leak", "Ana", 150, 1.0);
	run(c, "b/new", "01-cpu-leak", "Bia", 200, 1.0);
	run(c, "a/y", "03-blocked-leak", "Ana", 50, 1.0);
	assert_int_equal(class_build(c), 0);
	assert_int_equal(c->nlabs, 2);
	assert_int_equal(c->students, 2);
	l = lab(c, "01-cpu-leak");
	assert_int_equal(l->nruns, 3);
	assert_int_equal(l->students, 2);
	/* By student, newest first. */
	assert_string_equal(c->runs[l->runs[0]].dir, "a/x");
	assert_string_equal(c->runs[l->runs[1]].dir, "b/new");
	assert_string_equal(c->runs[l->runs[2]].dir, "b/old");
	assert_true(c->runs[find(c, "b/new")].latest);
	assert_false(c->runs[find(c, "b/old")].latest);
	assert_int_equal(l->met, 2);
	assert_int_equal(l->signal, CLASS_QUEUED);
	class_free(c);
}

static void students_sort_as_a_person_reads_them(void **state)
{
	struct class *c = class_new();
	const struct class_lab *l;
	static const char *const names[] = { "aluna 10", "Aluna 2", "Aluna 02", "Bruno", "aluna 1", "Aluna 10" };
	static const char *const want[] = { "aluna 1", "Aluna 02", "Aluna 2", "Aluna 10", "aluna 10", "Bruno" };
	char dir[32];

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(dir, sizeof(dir), "d%zu", i);
		run(c, dir, "01-cpu-leak", names[i], 1, 1.0);
	}
	assert_int_equal(class_build(c), 0);
	l = lab(c, "01-cpu-leak");
	assert_int_equal(l->nruns, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(c->runs[l->runs[i]].who, want[i]);
	/* Never equal unless the same bytes; the order is a total one. */
	assert_true(class_name_cmp("Aluna 2", "Aluna 02") > 0);
	assert_true(class_name_cmp("a9", "a10") < 0);
	assert_true(class_name_cmp("a", "a1") < 0);
	assert_true(class_name_cmp("Zé", "Ze") > 0);
	assert_int_equal(class_name_cmp("x 007", "x 007"), 0);
	assert_true(class_name_cmp("a 99999999999999999999999", "a 100000000000000000000000") < 0);
	class_free(c);
}

static void an_unreadable_newer_run_leaves_the_readable_one_counting(void **state)
{
	struct class *c = class_new();
	struct class_run *r;

	(void)state;
	run(c, "a/old", "01-cpu-leak", "Ana", 100, 1.0);
	r = run(c, "a/new", "01-cpu-leak", "Ana", 200, 1.0);
	snprintf(r->unreadable, sizeof(r->unreadable), "summary.json is damaged");
	assert_int_equal(class_build(c), 0);
	assert_true(c->runs[find(c, "a/old")].latest);
	assert_false(c->runs[find(c, "a/new")].latest);
	assert_true(c->runs[find(c, "a/new")].why & CLASS_WHY_UNREADABLE);
	assert_int_equal(c->unreadable, 1);
	assert_int_equal(lab(c, "01-cpu-leak")->outliers, 1);
	class_free(c);
}

static void min_median_max_skip_unknown_values(void **state)
{
	const double odd[] = { 3, NAN, 1, 2 }, even[] = { 4, 1, 3, 2 };
	struct class_stats s;

	(void)state;
	class_stats_of(odd, 4, &s);
	assert_int_equal(s.n, 3);
	assert_true(s.min == 1 && s.median == 2 && s.max == 3);
	class_stats_of(even, 4, &s);
	assert_true(s.median == 2.5);
	class_stats_of(odd + 1, 1, &s);
	assert_int_equal(s.n, 0);
	assert_true(isnan(s.median));
}

static void the_class_numbers_are_over_the_latest_runs_only(void **state)
{
	struct class *c = class_new();

	(void)state;
	run(c, "a/1", "01-cpu-leak", "Ana", 100, 9.0);  /* older: not counted */
	run(c, "a/2", "01-cpu-leak", "Ana", 200, 1.0);
	run(c, "b/1", "01-cpu-leak", "Bia", 100, 0.8);
	run(c, "c/1", "01-cpu-leak", "Caio", 100, 0.9);
	assert_int_equal(class_build(c), 0);
	{
		const struct class_stats *s = &lab(c, "01-cpu-leak")->stats[CLASS_PER_REQUEST];

		assert_int_equal(s->n, 3);
		assert_true(fabs(s->min - 0.8) < 1e-9 && fabs(s->median - 0.9) < 1e-9 && fabs(s->max - 1.0) < 1e-9);
	}
	class_free(c);
}

static void reasons_name_partial_gomaxprocs_few_samples_no_leak_and_older(void **state)
{
	struct class *c = class_new();
	struct class_run *r;
	char why[1024];
	size_t i;

	(void)state;
	run(c, "a", "01-cpu-leak", "Ana", 1, 1.0);
	run(c, "b", "01-cpu-leak", "Bia", 1, 1.0);
	run(c, "c", "01-cpu-leak", "Caio", 1, 1.0);
	r = run(c, "d", "01-cpu-leak", "Duda", 1, 1.0);
	r->partial = 1;
	snprintf(r->ended, sizeof(r->ended), "interrupted by SIGINT at 3.2 s");
	r->gomaxprocs = 4;
	r->samples = 3;
	r = run(c, "e", "01-cpu-leak", "Edu", 1, 0.0);
	snprintf(r->verdict, sizeof(r->verdict), "no leak");
	r = run(c, "f", "01-cpu-leak", "Fê", 1, 1.0);
	r->missing_keys = 2;
	snprintf(r->missing_first, sizeof(r->missing_first), "expected");
	assert_int_equal(class_build(c), 0);

	i = find(c, "a");
	assert_int_equal(c->runs[i].why, 0);
	i = find(c, "d");
	assert_true(c->runs[i].why & CLASS_WHY_PARTIAL);
	assert_true(c->runs[i].why & CLASS_WHY_GOMAXPROCS);
	assert_true(c->runs[i].why & CLASS_WHY_FEW_SAMPLES);
	class_reasons(&c->runs[i], lab(c, "01-cpu-leak"), 1, why, sizeof(why));
	assert_non_null(strstr(why, "a partial run (interrupted by SIGINT at 3.2 s)"));
	assert_non_null(strstr(why, "another GOMAXPROCS than most (4; most had 1)"));
	assert_non_null(strstr(why, "; few samples (3;"));
	i = find(c, "e");
	assert_true(c->runs[i].why & CLASS_WHY_NO_LEAK);
	assert_true(c->runs[i].why & CLASS_WHY_FAR);
	class_reasons(&c->runs[i], lab(c, "01-cpu-leak"), 1, why, sizeof(why));
	assert_non_null(strstr(why, "no leak where one was expected (verdict 'no leak', the lab expects 'runnable leak')"));
	i = find(c, "f");
	assert_true(c->runs[i].why & CLASS_WHY_OLDER);
	class_reasons(&c->runs[i], lab(c, "01-cpu-leak"), 1, why, sizeof(why));
	assert_non_null(strstr(why, "an older leaklab (0.1.0): summary.json lacks 2 of today's keys, 'expected' first"));
	assert_int_equal(lab(c, "01-cpu-leak")->outliers, 3);
	/* The length it needed, whatever the buffer. */
	assert_int_equal(class_reasons(&c->runs[i], lab(c, "01-cpu-leak"), 1, why, 4), strlen(why));
	class_free(c);
}

static void a_run_without_a_student_is_its_folder(void **state)
{
	struct class *c = class_new();
	struct class_run *r;

	(void)state;
	r = run(c, "x/out/01", "01-cpu-leak", "", 1, 1.0);
	snprintf(r->folder, sizeof(r->folder), "x/out");
	assert_int_equal(class_build(c), 0);
	assert_string_equal(c->runs[0].who, "x/out");
	assert_false(c->runs[0].named);
	class_free(c);
}

static void clean_text_keeps_utf8_and_drops_controls(void **state)
{
	char b[64];

	(void)state;
	class_clean_text("Z\xc3\xa9\t\xe6\x9d\x8e\n", b, sizeof(b));
	assert_string_equal(b, "Z\xc3\xa9 \xe6\x9d\x8e ");
	class_clean_text("a\xff" "b", b, sizeof(b));
	assert_string_equal(b, "a\xef\xbf\xbd" "b");
	/* A character whole or not at all. */
	class_clean_text("ab\xe6\x9d\x8e", b, 4);
	assert_string_equal(b, "ab");
}

static void thin_keeps_the_last_sample(void **state)
{
	double t[1000], v[1000];
	struct class_curve c;

	(void)state;
	for (int i = 0; i < 1000; i++)
		t[i] = i, v[i] = i * 2;
	assert_int_equal(class_thin(t, v, 1000, 50, &c), 0);
	assert_true(c.n <= 50);
	assert_true(c.t[c.n - 1] == 999 && c.v[c.n - 1] == 1998);
	assert_true(class_curve_at(&c, 999) == 1998);
	assert_true(isnan(class_curve_at(&c, 1000)));
	free(c.t);
	free(c.v);
}

/* The page and the table of a class whose student is named <b>Zé</b>. */
static char *written(int (*fn)(FILE *, const struct class *), const struct class *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(fn(f, c), 0);
	fclose(f);
	return buf;
}

static int page(FILE *f, const struct class *c)
{
	return class_page_write(f, c, "/nonexistent", "handed-in");
}

static int script(FILE *f, const struct class *c)
{
	return class_plot_script(f, c, ".charts");
}

static void names_are_text_in_the_page_the_table_and_gnuplot(void **state)
{
	struct class *c = class_new();
	char *html, *tsv, *gp;

	(void)state;
	run(c, "a/1", "01-cpu-leak", "<b>Z\xc3\xa9</b>", 1, 1.0);
	run(c, "b/1", "01-cpu-leak", "O'Brien\t\xe6\x9d\x8e", 1, 1.0);
	assert_int_equal(class_build(c), 0);
	html = written(page, c);
	assert_null(strstr(html, "<b>Z"));
	assert_non_null(strstr(html, "&lt;b&gt;Z\xc3\xa9&lt;/b&gt;"));
	assert_null(strstr(html, "://"));
	tsv = written(class_tsv_write, c);
	assert_true(strncmp(tsv, "student\tfolder\tlab\tdir\t", 23) == 0);
	assert_non_null(strstr(tsv, "\tleaks_per_request\t"));
	assert_non_null(strstr(tsv, "\nO'Brien \xe6\x9d\x8e\t"));
	assert_non_null(strstr(tsv, "\t1.00\t"));
	gp = written(script, c);
	assert_non_null(strstr(gp, "title 'O''Brien \xe6\x9d\x8e'"));
	assert_non_null(strstr(gp, "title '<b>Z\xc3\xa9</b>'"));
	free(html);
	free(tsv);
	free(gp);
	class_free(c);
}

/* ------------------------------------------------------------ reading */

static size_t ending(const struct class *c, const char *tail)
{
	for (size_t i = 0; i < c->nruns; i++)
		if (strlen(c->runs[i].dir) > strlen(tail) &&
		    strcmp(c->runs[i].dir + strlen(c->runs[i].dir) - strlen(tail), tail) == 0)
			return i;
	fail_msg("no run ending %s", tail);
	return 0;
}

static char tmp[256];

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

static void crafted(const char *name, const char *summary)
{
	char dir[400];

	snprintf(dir, sizeof(dir), "%s/%s", tmp, name);
	assert_int_equal(mkdir(dir, 0755), 0);
	put(dir, "meta.txt", "leaklab_version: 0.1.0\nstate: ended\ngomaxprocs: 1\nstart_time: 2026-12-04T18:00:00+0100\n"
	    "student: Zé\n--- lab as run ---\nname = 01-cpu-leak\n");
	if (summary)
		put(dir, "summary.json", summary);
	put(dir, "trace.tsv", "t_ms\tqueued\n0\t1\n1000\t5\n2000\t9\n");
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/test_class.XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static void damaged_and_old_summaries_are_listed_with_a_reason(void **state)
{
	struct class *c = class_new();
	const char *paths[] = { tmp };
	char err[256] = "";
	size_t i;

	(void)state;
	crafted("01-cpu-leak-20261204-180000", "{\"lab\": \"01-cpu-leak\", \"verdict\": ");
	crafted("01-cpu-leak-20261204-170000", "{\"lab\": \"01-cpu-leak\", \"verdict\": \"runnable leak\", \"samples\": 3}");
	crafted("01-cpu-leak-20261204-160000", NULL);
	assert_int_equal(class_scan(c, paths, 1, NULL, NULL, NULL, err, sizeof(err)), 0);
	assert_int_equal(c->nruns, 3);
	assert_int_equal(class_build(c), 0);
	i = ending(c, "180000");
	assert_non_null(strstr(c->runs[i].unreadable, "summary.json is damaged: line 1"));
	assert_false(c->runs[i].latest);
	/* Read from meta.txt even so: who and which lab. */
	assert_string_equal(c->runs[i].who, "Zé");
	assert_string_equal(c->runs[i].lab, "01-cpu-leak");
	i = ending(c, "170000");
	assert_string_equal(c->runs[i].unreadable, "");
	assert_true(c->runs[i].latest);
	assert_true(c->runs[i].why & CLASS_WHY_OLDER);
	assert_true(c->runs[i].missing_keys > 10);
	assert_string_equal(c->runs[i].missing_first, "expected");
	assert_true(c->runs[i].why & CLASS_WHY_FEW_SAMPLES);
	assert_int_equal(c->runs[i].queued.n, 3);
	/* 18:00 an hour east of UTC. */
	assert_true(c->runs[i].when == 1796403600.0);
	i = ending(c, "160000");
	assert_non_null(strstr(c->runs[i].unreadable, "no summary.json"));
	class_free(c);
}

static void the_hunt_keeps_the_last_variant_and_its_checks(void **state)
{
	struct class *c = class_new();
	char dir[400];
	char *html;
	const char *paths[] = { tmp };
	char err[256] = "";

	(void)state;
	crafted("10-hunt-20261204-180000", "{\"lab\": \"10-hunt\", \"verdict\": \"hidden\"}");
	snprintf(dir, sizeof(dir), "%s/10-hunt-20261204-180000", tmp);
	put(dir, "hunt-check.tsv", "time\tvariant\ttry\tkind\tendpoint\tfunction\tcondition\tall\n"
	    "t\t2\t1\twrong\twrong\tmissing\tmissing\tno\n"
	    "t\t3\t1\tright\twrong\tmissing\tmissing\tno\n"
	    "t\t3\t2\tright\tright\tright\twrong\tno\n"
	    "t\t3\t3\tright\tright\tright\tright\tyes\n"
	    "t\t3\t4\tright\tright\tright\tright\tyes\n");
	assert_int_equal(class_scan(c, paths, 1, NULL, NULL, NULL, err, sizeof(err)), 0);
	assert_int_equal(class_build(c), 0);
	assert_true(c->labs[0].hunt);
	assert_true(c->runs[0].hunt.present);
	assert_string_equal(c->runs[0].hunt.variant, "3");
	assert_int_equal(c->runs[0].hunt.tries, 4);
	assert_int_equal(c->runs[0].hunt.all_at, 3);
	assert_string_equal(c->runs[0].hunt.field[3], "right");
	html = written(page, c);
	assert_non_null(strstr(html, "The hunt: each student"));
	free(html);
	class_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runs_are_grouped_by_lab_then_student_and_the_latest_counts),
		cmocka_unit_test(students_sort_as_a_person_reads_them),
		cmocka_unit_test(an_unreadable_newer_run_leaves_the_readable_one_counting),
		cmocka_unit_test(min_median_max_skip_unknown_values),
		cmocka_unit_test(the_class_numbers_are_over_the_latest_runs_only),
		cmocka_unit_test(reasons_name_partial_gomaxprocs_few_samples_no_leak_and_older),
		cmocka_unit_test(a_run_without_a_student_is_its_folder),
		cmocka_unit_test(clean_text_keeps_utf8_and_drops_controls),
		cmocka_unit_test(thin_keeps_the_last_sample),
		cmocka_unit_test(names_are_text_in_the_page_the_table_and_gnuplot),
		cmocka_unit_test_setup_teardown(damaged_and_old_summaries_are_listed_with_a_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(the_hunt_keeps_the_last_variant_and_its_checks, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
