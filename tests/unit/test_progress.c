/* test_progress.c - the course at a glance: each lab's state, the hunt, the exercises, the next step */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "progress.h"

static struct progress p;
static char out[8192];

/* A course of nine labs that expect a verdict and the hunt, none run. */
static void course(void)
{
	static const char *const names[] = {
		"01-cpu-leak", "02-more-procs", "03-blocked-leak", "04-fixed", "05-latency",
		"06-burst", "07-mutex-leak", "08-leak-profile", "09-own-service", "10-hunt"
	};
	static const char *const expected[] = {
		"runnable leak", "runnable leak", "blocked leak", "no leak", "runnable leak",
		"runnable leak", "blocked leak", "runnable leak", "blocked leak", ""
	};
	int i;

	progress_init(&p);
	for (i = 0; i < 10; i++) {
		struct progress_lab *l = &p.labs[i];

		snprintf(l->name, sizeof(l->name), "%s", names[i]);
		snprintf(l->path, sizeof(l->path), "lab/%s.lab", names[i]);
		snprintf(l->lab_expected, sizeof(l->lab_expected), "%s", expected[i]);
		l->expected_met = -1;
	}
	p.labs[9].hunt = 1;
	p.hunt_lab = 9;
	p.nlabs = 10;
}

/* Lab i run, its summary saying verdict (and nothing of expected). */
static void ran(int i, const char *verdict)
{
	p.labs[i].run = 1;
	snprintf(p.labs[i].verdict, sizeof(p.labs[i].verdict), "%s", verdict);
}

static void all_labs_met(void)
{
	int i;

	for (i = 0; i < 9; i++)
		ran(i, p.labs[i].lab_expected);
}

static const char *draw(int color, int width)
{
	progress_format(&p, color, width, out, sizeof(out));
	return out;
}

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

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The line of the text that starts with prefix, or "". */
static const char *line_of(const char *text, const char *prefix)
{
	static char line[512];
	const char *s = text;

	while (s && *s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (strncmp(s, prefix, strlen(prefix)) == 0) {
			snprintf(line, sizeof(line), "%.*s", (int)n, s);
			return line;
		}
		s = e ? e + 1 : NULL;
	}
	return "";
}

static void a_fresh_course_sends_to_the_first_lab(void **state)
{
	(void)state;
	course();
	progress_decide(&p);
	for (int i = 0; i < 10; i++)
		assert_int_equal(p.labs[i].state, PROGRESS_NOT_RUN);
	assert_int_equal(p.next, PROGRESS_NEXT_LAB);
	assert_int_equal(p.next_lab, 0);
	assert_int_equal(p.met, 0);
	assert_int_equal(p.expecting, 9);
	draw(0, 80);
	assert_non_null(strstr(out, "Next: read worksheets/en/01-cpu-leak.md, then:\n  make lab LAB=lab/01-cpu-leak.lab\n"));
	assert_string_equal(line_of(out, "  03-blocked-leak"), "  03-blocked-leak  not run");
	assert_string_equal(line_of(out, "  exercises"), "  exercises        no record yet: run make exercises");
}

static void the_verdict_against_the_lab_says_met_or_not(void **state)
{
	(void)state;
	course();
	ran(0, "runnable leak");
	ran(2, "no leak");
	progress_decide(&p);
	assert_int_equal(p.labs[0].state, PROGRESS_MET);
	assert_int_equal(p.labs[2].state, PROGRESS_NOT_MET);
	assert_int_equal(p.met, 1);
	/* The first lab not met, not run: lab 02, before 03. */
	assert_int_equal(p.next_lab, 1);
	draw(0, 80);
	assert_string_equal(line_of(out, "  01-cpu-leak"), "  01-cpu-leak      met      runnable leak");
	assert_string_equal(line_of(out, "  03-blocked-leak"),
			    "  03-blocked-leak  not met  showed no leak, expected blocked leak");
	assert_non_null(strstr(out, ": 1 of 9 labs met;"));
}

static void the_runs_own_judgement_wins_over_the_lab_file(void **state)
{
	(void)state;
	course();
	/* Run with --set expected=no leak: the summary's expectation is the one. */
	ran(0, "no leak");
	snprintf(p.labs[0].expected, sizeof(p.labs[0].expected), "no leak");
	p.labs[0].expected_met = 1;
	/* The summary says not met though the words match: its word counts. */
	ran(1, "runnable leak");
	snprintf(p.labs[1].expected, sizeof(p.labs[1].expected), "runnable leak");
	p.labs[1].expected_met = 0;
	/* An expectation without expected_met: compared here. */
	ran(2, "blocked leak");
	snprintf(p.labs[2].expected, sizeof(p.labs[2].expected), "blocked leak");
	progress_decide(&p);
	assert_int_equal(p.labs[0].state, PROGRESS_MET);
	assert_int_equal(p.labs[1].state, PROGRESS_NOT_MET);
	assert_int_equal(p.labs[2].state, PROGRESS_MET);
}

static void a_partial_run_is_partial_even_when_it_met(void **state)
{
	(void)state;
	course();
	ran(0, "runnable leak");
	p.labs[0].partial = 1;
	p.labs[1].run = 1;
	p.labs[1].partial = 1;   /* still running: no verdict yet */
	progress_decide(&p);
	assert_int_equal(p.labs[0].state, PROGRESS_PARTIAL);
	assert_int_equal(p.labs[1].state, PROGRESS_PARTIAL);
	assert_int_equal(p.next_lab, 0);
	assert_int_equal(p.met, 0);
	draw(0, 80);
	assert_string_equal(line_of(out, "  01-cpu-leak"),
			    "  01-cpu-leak      partial  interrupted (so far: runnable leak): run it again");
	assert_non_null(strstr(line_of(out, "  02-more-procs"), "no summary yet"));
}

static void an_unreadable_summary_says_why_and_fits(void **state)
{
	char reason[160];

	(void)state;
	course();
	all_labs_met();
	p.labs[4].verdict[0] = '\0';
	memset(reason, 'x', sizeof(reason) - 1);
	reason[sizeof(reason) - 1] = '\0';
	memcpy(reason, "summary.json:3: unterminated string ", 36);
	snprintf(p.labs[4].unreadable, sizeof(p.labs[4].unreadable), "%s", reason);
	progress_decide(&p);
	assert_int_equal(p.labs[4].state, PROGRESS_UNREADABLE);
	assert_int_equal(p.next_lab, 4);
	draw(0, 80);
	assert_non_null(strstr(line_of(out, "  05-latency"),
			       "  05-latency       unreadable: summary.json:3: unterminated string xxx"));
	/* Cut to the width, the cut marked. */
	assert_int_equal(strlen(line_of(out, "  05-latency")), 80);
	assert_non_null(strstr(line_of(out, "  05-latency"), "x..."));
}

static void a_lab_that_expects_nothing_is_done_once_run(void **state)
{
	(void)state;
	course();
	all_labs_met();
	p.labs[8].lab_expected[0] = '\0';
	snprintf(p.labs[8].verdict, sizeof(p.labs[8].verdict), "unknown");
	progress_decide(&p);
	assert_int_equal(p.labs[8].state, PROGRESS_DONE);
	assert_int_equal(p.expecting, 8);
	assert_int_equal(p.met, 8);
	assert_int_equal(p.next, PROGRESS_NEXT_HUNT_RUN);
}

static void every_lab_met_sends_to_the_hunt(void **state)
{
	(void)state;
	course();
	all_labs_met();
	progress_decide(&p);
	assert_int_equal(p.met, 9);
	assert_int_equal(p.next, PROGRESS_NEXT_HUNT_RUN);
	draw(0, 80);
	assert_string_equal(line_of(out, "  10-hunt"), "  10-hunt          not run");
	assert_non_null(strstr(out, "worksheets/en/10-hunt.md"));
	assert_non_null(strstr(out, "\n  make hunt VARIANT=N\n"));

	p.labs[9].run = 1;
	p.hunt.run_variant = 3;
	progress_decide(&p);
	assert_int_equal(p.next, PROGRESS_NEXT_HUNT_CHECK);
	draw(0, 80);
	assert_string_equal(line_of(out, "  10-hunt"), "  10-hunt          run      variant 3, not checked yet");
	assert_non_null(strstr(out, "out/10-hunt-latest/"));
	assert_non_null(strstr(out, "\n  make hunt-check VARIANT=3 ANSWER=\"kind=K endpoint=/P function=F condition=C\"\n"));
}

static void the_hunt_counts_the_tries_of_its_variant(void **state)
{
	(void)state;
	course();
	all_labs_met();
	p.labs[9].run = 1;
	p.hunt.run_variant = 3;
	progress_hunt_add(&p.hunt, 2, 1, 4, 1);   /* another variant: not this hunt's */
	progress_hunt_add(&p.hunt, 3, 1, 1, 0);
	progress_hunt_add(&p.hunt, 3, 2, 3, 0);
	progress_decide(&p);
	assert_int_equal(p.hunt.variant, 3);
	assert_int_equal(p.next, PROGRESS_NEXT_HUNT_CHECK);
	draw(0, 80);
	assert_string_equal(line_of(out, "  10-hunt"),
			    "  10-hunt          checked  variant 3: 2 checks, 3 of 4 right in the last");

	progress_hunt_add(&p.hunt, 3, 3, 4, 1);
	progress_hunt_add(&p.hunt, 3, 4, 2, 0);   /* a try after: still solved in 3 */
	progress_decide(&p);
	assert_int_equal(p.hunt.right_try[3], 3);
	assert_int_equal(p.next, PROGRESS_NEXT_EXERCISES_RUN);
	draw(0, 80);
	assert_string_equal(line_of(out, "  10-hunt"), "  10-hunt          right    variant 3: right in 3 tries");
	assert_non_null(strstr(out, "worksheets/en/exercises.md"));
	assert_non_null(strstr(out, "\n  make exercises\n"));
}

static void without_a_run_the_last_checked_variant_is_shown(void **state)
{
	(void)state;
	course();
	progress_hunt_add(&p.hunt, 5, 1, 4, 1);
	progress_hunt_add(&p.hunt, 0, 1, 4, 1);   /* no variant: passed over */
	progress_hunt_add(&p.hunt, 99, 1, 4, 1);
	progress_decide(&p);
	assert_int_equal(p.hunt.variant, 5);
	draw(0, 80);
	assert_string_equal(line_of(out, "  10-hunt"), "  10-hunt          right    variant 5: right in 1 try");
}

static void the_exercises_bar_and_the_first_to_fix(void **state)
{
	static const char *const ex[] = { "01-timeout", "02-range", "03-first-error", "04-generator",
		"05-mutex", "06-waitgroup", "07-http-body", "08-context", "09-spinner" };
	int i;

	(void)state;
	course();
	all_labs_met();
	p.labs[9].run = 1;
	progress_hunt_add(&p.hunt, 1, 1, 4, 1);
	for (i = 0; i < 9; i++)
		progress_exercise_add(&p.ex, ex[i], i % 3 == 1);
	progress_decide(&p);
	assert_int_equal(p.ex.total, 9);
	assert_int_equal(p.ex.fixed, 3);
	assert_string_equal(p.ex.bar, ".#..#..#.");
	assert_string_equal(p.ex.next, "01-timeout");
	assert_int_equal(p.next, PROGRESS_NEXT_EXERCISE_FIX);
	draw(0, 80);
	assert_string_equal(line_of(out, "  exercises"), "  exercises        3 of 9 fixed [.#..#..#.]");
	assert_non_null(strstr(out, "Next: fix go-example/exercises/01-timeout/"));

	course();
	all_labs_met();
	p.labs[9].run = 1;
	progress_hunt_add(&p.hunt, 1, 1, 4, 1);
	for (i = 0; i < 9; i++)
		progress_exercise_add(&p.ex, ex[i], 1);
	progress_decide(&p);
	assert_int_equal(p.next, PROGRESS_NEXT_DONE);
	draw(0, 80);
	assert_non_null(strstr(out, "All done"));
}

static void portuguese_names_the_portuguese_worksheets(void **state)
{
	(void)state;
	course();
	ran(0, "runnable leak");
	p.pt = 1;
	progress_decide(&p);
	draw(0, 80);
	assert_non_null(strstr(out, "worksheets/pt-BR/02-more-procs.md"));
	assert_null(strstr(out, "worksheets/en/"));
}

static void it_fits_80_columns_and_24_lines_colour_or_not(void **state)
{
	(void)state;
	course();
	all_labs_met();
	snprintf(p.labs[9].name, sizeof(p.labs[9].name), "10-a-hunt-with-a-name-far-too-long-for-its-column");
	snprintf(p.outdir, sizeof(p.outdir), "/a/rather/long/directory/of/runs/that/goes/on/and/on/for/a/while");
	p.labs[9].run = 1;
	p.hunt.run_variant = 7;
	snprintf(p.ex.unreadable, sizeof(p.ex.unreadable), "exercises.tsv has no column 'state' and a lot more words to say about it");
	progress_decide(&p);
	draw(0, 80);
	assert_true(widest(out) <= 80);
	assert_true(lines(out) < 24);
	assert_null(strchr(out, '\033'));
	draw(0, 40);
	assert_true(widest(out) <= 40);
	draw(1, 80);
	assert_non_null(strstr(out, "\033[1;32mmet\033[0m"));
	assert_non_null(strstr(out, "\033[1;31munreadable:\033[0m"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_fresh_course_sends_to_the_first_lab),
		cmocka_unit_test(the_verdict_against_the_lab_says_met_or_not),
		cmocka_unit_test(the_runs_own_judgement_wins_over_the_lab_file),
		cmocka_unit_test(a_partial_run_is_partial_even_when_it_met),
		cmocka_unit_test(an_unreadable_summary_says_why_and_fits),
		cmocka_unit_test(a_lab_that_expects_nothing_is_done_once_run),
		cmocka_unit_test(every_lab_met_sends_to_the_hunt),
		cmocka_unit_test(the_hunt_counts_the_tries_of_its_variant),
		cmocka_unit_test(without_a_run_the_last_checked_variant_is_shown),
		cmocka_unit_test(the_exercises_bar_and_the_first_to_fix),
		cmocka_unit_test(portuguese_names_the_portuguese_worksheets),
		cmocka_unit_test(it_fits_80_columns_and_24_lines_colour_or_not),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
