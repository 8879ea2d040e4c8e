/* test_meta.c - meta.txt: written whole, read back by key, older layouts too */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "meta.h"
#include "portuguese.h"
#include "version.h"

/* Every test's run directories live in one mkdtemp directory, emptied
 * after each test and removed at the end. */
static char top[] = "/tmp/leaklab-test-meta-XXXXXX";
static char run[128];
static struct meta m, back;
static char err[1024];

static int make_top(void **state)
{
	(void)state;
	if (!mkdtemp(top))
		return -1;
	snprintf(run, sizeof(run), "%s/run", top);
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

/* Before and after each test: top holds one empty directory, run/. */
static int fresh_run(void **state)
{
	(void)state;
	if (nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		return -1;
	return mkdir(run, 0755);
}

static int remove_top(void **state)
{
	(void)state;
	if (nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		return -1;
	return rmdir(top);
}

static char *slurp(const char *dir, const char *name)
{
	char p[PATH_MAX + 256];
	FILE *f;
	char *buf = malloc(1 << 16);
	size_t n;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "r");
	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 16) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* meta.txt as another (older) leaklab would have left it. */
static void put_meta(const char *text)
{
	char p[PATH_MAX];
	FILE *f;

	snprintf(p, sizeof(p), "%s/meta.txt", run);
	f = fopen(p, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* The names in dir other than . and .., one string "a b c" (sorted). */
static void names_in(const char *dir, char *out, size_t len)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort);
	size_t at = 0;

	assert_true(n >= 0);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") != 0 && strcmp(list[i]->d_name, "..") != 0)
			at += (size_t)snprintf(out + at, len - at, "%s%s", at ? " " : "", list[i]->d_name);
		free(list[i]);
	}
	free(list);
}

/* ---- defaults ---- */

static void init_leaves_every_field_unknown(void **state)
{
	(void)state;
	memset(&m, 0x5a, sizeof(m));
	meta_init(&m);
	assert_string_equal(m.version, LEAKLAB_VERSION);
	assert_string_equal(m.state, "running");
	assert_string_equal(m.go_version, "-");
	assert_string_equal(m.ended, "-");
	assert_string_equal(m.os, "");
	assert_string_equal(m.program, "");
	assert_string_equal(m.url, "");
	assert_string_equal(m.start_time, "");
	assert_string_equal(m.lab_text, "");
	assert_int_equal(m.gomaxprocs, -1);
	assert_int_equal(m.cpus, -1);
	assert_int_equal(m.pid, -1);
	assert_int_equal(m.partial, 0);
	assert_int_equal(m.samples, 0);
	assert_int_equal(m.stderr_bytes, 0);
	assert_true(m.schedule_ms == 0);
	assert_true(m.schedule_start_ms == -1);
	assert_true(m.end_ms == -1);
	assert_true(m.stacks_t_ms == -1);
	assert_true(m.cpu_leaklab_ms == -1);
	assert_true(m.cpu_program_ms == -1);
}

/* ---- writing and reading ---- */

static void fill(struct meta *x)
{
	meta_init(x);
	snprintf(x->version, sizeof(x->version), "9.9.9");
	snprintf(x->state, sizeof(x->state), "ended");
	snprintf(x->go_version, sizeof(x->go_version), "go1.27.1");
	x->gomaxprocs = 4;
	x->cpus = 8;
	snprintf(x->os, sizeof(x->os), "Linux 6.1 x86_64");
	snprintf(x->start_time, sizeof(x->start_time), "2026-03-01T10:20:30+0100");
	snprintf(x->program, sizeof(x->program), "go run ./cmd/shop");
	x->pid = 4321;
	snprintf(x->url, sizeof(x->url), "http://127.0.0.1:8080");
	snprintf(x->ended, sizeof(x->ended), "interrupted by SIGINT at 3.2 s");
	x->partial = 1;
	x->samples = 123;
	x->detail_samples = 45;
	x->malformed = 6;
	x->other_lines = 7;
	x->orphan_lines = 8;
	x->stderr_bytes = 9007199254740992ULL;   /* 2^53: past 32 bits */
	x->requests_scheduled = 4294967296ULL;   /* 2^32 */
	x->schedule_ms = 20000;
	x->schedule_start_ms = 1234.5678;
	x->end_ms = 25000;
	x->stacks_t_ms = 24000;
	x->final_t_ms = 24500.25;
	x->cpu_leaklab_ms = 150;
	x->cpu_program_ms = 9000;
	snprintf(x->student, sizeof(x->student), "Ana Souza");
	snprintf(x->host, sizeof(x->host), "lab-pc-07");
	x->attached = 1;
	snprintf(x->pprof_url, sizeof(x->pprof_url), "http://127.0.0.1:6060");
	x->pprof_lost_ms = 12345;
	snprintf(x->profile_final, sizeof(x->profile_final), "ok");
	snprintf(x->profile_full, sizeof(x->profile_full), "HTTP 404");
	snprintf(x->profile_leak, sizeof(x->profile_leak), "timed out after 30.0 s");
	x->trace_runtimes = 2;
	x->trace_dropped = 17;
	/* What follows the mark is the lab's, even words that look like keys. */
	snprintf(x->lab_text, sizeof(x->lab_text), "name = shop\nsamples: 99\nstate: running\n");
}

static void every_field_round_trips(void **state)
{
	(void)state;
	char *text;

	fill(&m);
	assert_int_equal(meta_write(run, &m), 0);
	text = slurp(run, "meta.txt");
	assert_string_equal(text,
		"leaklab_version: 9.9.9\n"
		"state: ended\n"
		"go_version: go1.27.1\n"
		"gomaxprocs: 4\n"
		"cpus: 8\n"
		"os: Linux 6.1 x86_64\n"
		"start_time: 2026-03-01T10:20:30+0100\n"
		"program: go run ./cmd/shop\n"
		"program_pid: 4321\n"
		"url: http://127.0.0.1:8080\n"
		"ended: interrupted by SIGINT at 3.2 s\n"
		"partial: true\n"
		"samples: 123\n"
		"detail_samples: 45\n"
		"malformed_lines: 6\n"
		"other_lines: 7\n"
		"orphan_lines: 8\n"
		"stderr_bytes: 9007199254740992\n"
		"requests_scheduled: 4294967296\n"
		"schedule_ms: 20000\n"
		"schedule_start_ms: 1234.568\n"
		"end_ms: 25000\n"
		"stacks_t_ms: 24000\n"
		"final_t_ms: 24500.250\n"
		"cpu_leaklab_ms: 150\n"
		"cpu_program_ms: 9000\n"
		"student: Ana Souza\n"
		"host: lab-pc-07\n"
		"attached: true\n"
		"pprof_url: http://127.0.0.1:6060\n"
		"pprof_lost_ms: 12345\n"
		"profile_final: ok\n"
		"profile_full: HTTP 404\n"
		"profile_leak: timed out after 30.0 s\n"
		"trace_runtimes: 2\n"
		"trace_dropped: 17\n"
		"--- lab as run ---\n"
		"name = shop\nsamples: 99\nstate: running\n");
	free(text);

	assert_int_equal(meta_read(run, &back, err, sizeof(err)), 0);
	assert_string_equal(back.version, "9.9.9");
	assert_string_equal(back.state, "ended");
	assert_string_equal(back.go_version, "go1.27.1");
	assert_int_equal(back.gomaxprocs, 4);
	assert_int_equal(back.cpus, 8);
	assert_string_equal(back.os, "Linux 6.1 x86_64");
	assert_string_equal(back.start_time, "2026-03-01T10:20:30+0100");
	assert_string_equal(back.program, "go run ./cmd/shop");
	assert_int_equal(back.pid, 4321);
	assert_string_equal(back.url, "http://127.0.0.1:8080");
	assert_string_equal(back.ended, "interrupted by SIGINT at 3.2 s");
	assert_int_equal(back.partial, 1);
	assert_int_equal(back.samples, 123);
	assert_int_equal(back.detail_samples, 45);
	assert_int_equal(back.malformed, 6);
	assert_int_equal(back.other_lines, 7);
	assert_int_equal(back.orphan_lines, 8);
	assert_true(back.stderr_bytes == 9007199254740992ULL);
	assert_true(back.requests_scheduled == 4294967296ULL);
	assert_true(back.schedule_ms == 20000);
	assert_true(back.schedule_start_ms == 1234.568);
	assert_true(back.end_ms == 25000);
	assert_true(back.stacks_t_ms == 24000);
	assert_true(back.final_t_ms == 24500.25);
	assert_true(back.cpu_leaklab_ms == 150);
	assert_true(back.cpu_program_ms == 9000);
	assert_string_equal(back.student, "Ana Souza");
	assert_string_equal(back.host, "lab-pc-07");
	assert_int_equal(back.attached, 1);
	assert_string_equal(back.pprof_url, "http://127.0.0.1:6060");
	assert_true(back.pprof_lost_ms == 12345);
	assert_string_equal(back.profile_final, "ok");
	assert_string_equal(back.profile_full, "HTTP 404");
	assert_string_equal(back.profile_leak, "timed out after 30.0 s");
	assert_int_equal(back.trace_runtimes, 2);
	assert_true(back.trace_dropped == 17);
	assert_string_equal(back.lab_text, "name = shop\nsamples: 99\nstate: running\n");
}

/* A run being written says so, and false is false. */
static void a_running_meta_reads_as_running(void **state)
{
	(void)state;
	meta_init(&m);
	assert_int_equal(meta_write(run, &m), 0);
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), 0);
	assert_string_equal(back.state, "running");
	assert_string_equal(back.version, LEAKLAB_VERSION);
	assert_int_equal(back.partial, 0);
	assert_int_equal(back.pid, -1);
	assert_true(back.schedule_start_ms == -1);
	assert_string_equal(back.go_version, "-");
	/* Written again at the end: the new one replaces it. */
	snprintf(m.state, sizeof(m.state), "ended");
	assert_int_equal(meta_write(run, &m), 0);
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), 0);
	assert_string_equal(back.state, "ended");
}

/* A value cannot hold a newline: one in a value becomes a space, so no
 * value can add a line of its own ("partial: true" after "ended"). */
static void newlines_in_values_become_spaces(void **state)
{
	(void)state;
	meta_init(&m);
	m.gomaxprocs = 2;
	m.pid = 5;
	snprintf(m.go_version, sizeof(m.go_version), "go1.26\ngomaxprocs: 99\nstate: ended");
	snprintf(m.os, sizeof(m.os), "Linux\rcpus: 64");
	snprintf(m.program, sizeof(m.program), "./app\nprogram_pid: 7");
	snprintf(m.url, sizeof(m.url), "http://127.0.0.1:1\nended: hacked");
	snprintf(m.ended, sizeof(m.ended), "complete\npartial: true");
	assert_int_equal(meta_write(run, &m), 0);
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), 0);
	assert_string_equal(back.state, "running");
	assert_int_equal(back.gomaxprocs, 2);
	assert_int_equal(back.cpus, -1);
	assert_int_equal(back.pid, 5);
	assert_int_equal(back.partial, 0);
	assert_string_equal(back.go_version, "go1.26 gomaxprocs: 99 state: ended");
	assert_string_equal(back.os, "Linux cpus: 64");
	assert_string_equal(back.program, "./app program_pid: 7");
	assert_string_equal(back.url, "http://127.0.0.1:1 ended: hacked");
	assert_string_equal(back.ended, "complete partial: true");
}

/* Before meta.txt was written at the start (no state:) every one was an
 * end; the program was the server then. */
static void an_old_meta_reads_as_an_ended_run_of_the_server(void **state)
{
	(void)state;
	put_meta("leaklab_version: 0.0.9\n"
		 "go_version: go1.19.13\n"
		 "server: build/leakserver\n"
		 "server_pid: 4321\n"
		 "samples: 10\n");
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), 0);
	assert_string_equal(back.version, "0.0.9");
	assert_string_equal(back.state, "ended");
	assert_string_equal(back.program, "build/leakserver");
	assert_int_equal(back.pid, 4321);
	assert_int_equal(back.samples, 10);
	assert_string_equal(back.ended, "-");
	assert_true(back.end_ms == -1);
	assert_string_equal(back.lab_text, "");
	/* program: and program_pid: win over the old names. */
	put_meta("leaklab_version: 0.1.0\nserver: old\nserver_pid: 1\nprogram: new\nprogram_pid: 2\n");
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), 0);
	assert_string_equal(back.program, "new");
	assert_int_equal(back.pid, 2);
}

/* A key is a whole name at the start of a line of the header: not the
 * end of a longer name, not a prefix of one, not in the lab after the mark. */
static void keys_are_whole_names_above_the_lab(void **state)
{
	(void)state;
	put_meta("leaklab_version: 0.1.0\n"
		 "detail_samples: 5\n"
		 "program_pid: 7\n"
		 "--- lab as run ---\n"
		 "samples: 99\n"
		 "program: ./not-this\n"
		 "state: running\n");
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), 0);
	assert_int_equal(back.samples, 0);
	assert_int_equal(back.detail_samples, 5);
	assert_int_equal(back.pid, 7);
	assert_string_equal(back.program, "");
	assert_string_equal(back.state, "ended");
	assert_string_equal(back.lab_text, "samples: 99\nprogram: ./not-this\nstate: running\n");
}

/* A number that is not one reads as the field's default. */
static void bad_numbers_read_as_the_default(void **state)
{
	(void)state;
	put_meta("leaklab_version: 0.1.0\n"
		 "gomaxprocs: four\n"
		 "cpus: 8x\n"
		 "program_pid: \n"
		 "samples: 12 13\n"
		 "malformed_lines: inf\n"
		 "schedule_ms: nan\n"
		 "end_ms: 1e999\n"
		 "stacks_t_ms: 0x\n"
		 "partial: yes\n");
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), 0);
	assert_int_equal(back.gomaxprocs, -1);
	assert_int_equal(back.cpus, -1);
	assert_int_equal(back.pid, -1);
	assert_int_equal(back.samples, 0);
	assert_int_equal(back.malformed, 0);
	assert_true(back.schedule_ms == 0);
	assert_true(back.end_ms == -1);
	assert_true(back.stacks_t_ms == -1);
	assert_int_equal(back.partial, 0);
}

/* Counts are integers, read as integers: past 2^53 one came back changed
 * when read through a double, and a negative one, or a gomaxprocs past
 * LONG_MAX, was a cast out of range (UBSan's float-cast-overflow). */
static void counts_round_trip_exactly_and_out_of_range_is_the_default(void **state)
{
	(void)state;
	meta_init(&m);
	m.stderr_bytes = 9007199254740993ULL;
	m.other_lines = UINT64_MAX;
	assert_int_equal(meta_write(run, &m), 0);
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), 0);
	assert_true(back.stderr_bytes == 9007199254740993ULL);
	assert_true(back.other_lines == UINT64_MAX);
	put_meta("leaklab_version: 0.1.0\nsamples: -5\ngomaxprocs: 1e30\n");
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), 0);
	assert_int_equal(back.samples, 0);
	assert_int_equal(back.gomaxprocs, -1);
}

/* ---- errors ---- */

static void errors_say_what_and_where(void **state)
{
	(void)state;
	char missing[PATH_MAX], want[PATH_MAX * 3];

	snprintf(missing, sizeof(missing), "%s/nope", top);
	assert_int_equal(meta_read(missing, &back, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "cannot read '%s/meta.txt': No such file or directory "
		 "(is '%s' a run directory?)", missing, missing);
	assert_string_equal(err, want);

	put_meta("state: ended\nleaklab_version: 0.1.0\n");
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "'%s/meta.txt' is not leaklab's meta.txt (is '%s' a run directory?)",
		 run, run);
	assert_string_equal(err, want);
	put_meta("");
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), -1);
	assert_string_equal(err, want);
	put_meta("leaklab_notes: 0.1.0\n");
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), -1);
	assert_string_equal(err, want);
}

/* Up to 1 MiB is read; one byte more is refused, and says why. */
static void a_meta_past_one_mib_is_refused(void **state)
{
	(void)state;
	size_t big = 1024 * 1024;
	char *text = malloc(big + 2), want[PATH_MAX * 3];

	assert_non_null(text);
	memset(text, 'x', big + 1);
	memcpy(text, "leaklab_version: 0.1.0\n", 23);
	text[big] = '\0';
	put_meta(text);
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), 0);
	assert_string_equal(back.version, "0.1.0");
	text[big] = 'x';
	text[big + 1] = '\0';
	put_meta(text);
	free(text);
	assert_int_equal(meta_read(run, &back, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "cannot read '%s/meta.txt': larger than 1 MiB (is '%s' a run directory?)",
		 run, run);
	assert_string_equal(err, want);
}

/* meta.txt is written aside and renamed over: nothing else is left, and
 * when the rename fails the file aside is gone too. */
static void a_write_leaves_only_meta_txt(void **state)
{
	(void)state;
	char names[512], p[PATH_MAX], missing[PATH_MAX];

	meta_init(&m);
	assert_int_equal(meta_write(run, &m), 0);
	assert_int_equal(meta_write(run, &m), 0);
	names_in(run, names, sizeof(names));
	assert_string_equal(names, "meta.txt");

	/* meta.txt is a directory: the rename fails, nothing is left aside. */
	snprintf(p, sizeof(p), "%s/meta.txt", run);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(mkdir(p, 0755), 0);
	errno = 0;
	assert_int_equal(meta_write(run, &m), -1);
	assert_int_equal(errno, EISDIR);
	names_in(run, names, sizeof(names));
	assert_string_equal(names, "meta.txt");

	snprintf(missing, sizeof(missing), "%s/nope", top);
	errno = 0;
	assert_int_equal(meta_write(missing, &m), -1);
	assert_int_equal(errno, ENOENT);
}

static void a_run_is_a_directory_with_our_meta(void **state)
{
	(void)state;
	char missing[PATH_MAX];

	snprintf(missing, sizeof(missing), "%s/nope", top);
	assert_int_equal(meta_is_run(missing), 0);
	assert_int_equal(meta_is_run(run), 0);
	put_meta("leaklab_version");       /* 15 bytes: short of the key's colon */
	assert_int_equal(meta_is_run(run), 0);
	put_meta("leaklab_versio: 0.1.0\n");
	assert_int_equal(meta_is_run(run), 0);
	put_meta("leaklab_version=0.1.0\n");
	assert_int_equal(meta_is_run(run), 0);
	put_meta("leaklab_version:");
	assert_int_equal(meta_is_run(run), 1);
	meta_init(&m);
	assert_int_equal(meta_write(run, &m), 0);
	assert_int_equal(meta_is_run(run), 1);
}

/* The lab as run parses back, over the defaults of the run's name. */
static void the_lab_as_run_parses_back(void **state)
{
	(void)state;
	struct lab lab;
	struct lab_error le;
	char want[PATH_MAX * 2];

	meta_init(&m);
	snprintf(m.lab_text, sizeof(m.lab_text), "name = hunt-3\nverdict = hidden\nrate = 2/s for 5s\n");
	assert_int_equal(meta_lab(&m, run, &lab, &le), 0);
	assert_string_equal(lab.name, "hunt-3");
	assert_int_equal(lab.verdict_hidden, 1);
	assert_string_equal(lab.rate, "2/s for 5s");
	/* No name: the run directory's. */
	snprintf(m.lab_text, sizeof(m.lab_text), "gomaxprocs = 3\n");
	assert_int_equal(meta_lab(&m, run, &lab, &le), 0);
	assert_string_equal(lab.name, "run");
	assert_int_equal(lab.gomaxprocs, 3);
	assert_int_equal(lab.verdict_hidden, 0);
	/* A bad lab names meta.txt and the line. */
	snprintf(m.lab_text, sizeof(m.lab_text), "name = x\nrat = 5/s for 1s\n");
	assert_int_equal(meta_lab(&m, run, &lab, &le), -1);
	snprintf(want, sizeof(want), "%s/meta.txt (the lab as run):2: unknown key 'rat'", run);
	assert_memory_equal(le.msg, want, strlen(want));
}

/* Each phrase as its writer fills it in (the signal names as meta.txt
 * keeps them), and what a Portuguese reader should read. */
static const struct {
	char english[256];
	const char *pt;
} filled[] = {
	{ META_COMPLETE, "completa" },
	{ "interrupted by Interrupt at 8.0 s", "interrompida por Interrupção aos 8.0 s" },
	{ "the program exited with code 1 at 3.5 s, before the run's end",
	  "o programa saiu com o código 1 aos 3.5 s, antes do fim da execução" },
	{ "the program was killed by signal 9 (Killed) at 2.0 s, before the run's end",
	  "o programa foi morto pelo sinal 9 (Morto) aos 2.0 s, antes do fim da execução" },
	{ "writing trace.tsv failed at 4.2 s", "a escrita de trace.tsv falhou aos 4.2 s" },
	{ "writing trace.tsv failed", "a escrita de trace.tsv falhou" },
	{ "the duration cap (12.0 s) came after 40 of 60 requests",
	  "o limite de duração (12.0 s) chegou depois de 40 de 60 requisições" },
	{ "the load driver failed at 1.0 s: out of memory", "o gerador de carga falhou aos 1.0 s: out of memory" },
	{ "the program did not start: 'x' exited with code 2 before it listened",
	  "o programa não iniciou: 'x' exited with code 2 before it listened" },
	{ META_NOT_STARTED, "o programa não iniciou" },
	{ "nothing listened at http://127.0.0.1:8080", "nada escutava em http://127.0.0.1:8080" },
	{ META_KILLED_RUNNING, "morta antes de terminar (meta.txt ainda diz running)" },
	{ "timed out after 30.0 s", "timeout depois de 30.0 s" },
	{ "HTTP 404", "HTTP 404" },
	{ META_NOT_SERVED, "não servido" },
	{ META_NO_LEAK_PROFILE, "não servido (Go < 1.26, ou compilado sem ele)" },
	{ "not asked: the run was stopped", "não pedido: a execução foi interrompida" },
	{ "not asked: the duration cap came", "não pedido: o limite de duração chegou" },
	{ "not asked: the run did not end as planned", "não pedido: a execução não terminou como planejado" },
	{ META_NOT_AWAITED, "não esperado: a execução terminou antes" },
	{ "not asked: the final window (7 s) was spent waiting for the goroutineleak profile",
	  "não pedido: a janela final (7 s) foi gasta esperando o perfil goroutineleak" },
	{ "not asked: the final window (7 s, the lab's duration) was spent waiting for the goroutineleak profile",
	  "não pedido: a janela final (7 s, a duração do lab) foi gasta esperando o perfil goroutineleak" },
	/* Not a phrase: as it is. */
	{ "Couldn't connect to server", "Couldn't connect to server" },
	{ "", "" },
};

static void the_phrases_read_back_unchanged_in_english(void **state)
{
	char b[256], w[256];

	(void)state;
	for (size_t i = 0; i < sizeof(filled) / sizeof(filled[0]); i++)
		assert_string_equal(meta_words(filled[i].english, b, sizeof(b)), filled[i].english);
	/* Their writers' formats, with values of every kind. */
	snprintf(w, sizeof(w), META_INTERRUPTED, "Segmentation fault", 0.5);
	assert_string_equal(meta_words(w, b, sizeof(b)), w);
	snprintf(w, sizeof(w), META_CAPPED, 9.0, 1ULL, 2ULL);
	assert_string_equal(meta_words(w, b, sizeof(b)), w);
	/* Always ended, whatever the room. */
	assert_string_equal(meta_words(filled[1].english, b, 6), "inter");
}

static void the_phrases_in_portuguese(void **state)
{
	char b[256];

	(void)state;
	if (!use_portuguese())
		skip();
	for (size_t i = 0; i < sizeof(filled) / sizeof(filled[0]); i++)
		assert_string_equal(meta_words(filled[i].english, b, sizeof(b)), filled[i].pt);
	/* English forced (summary.json is judged so): as written. */
	i18n_english(1);
	assert_string_equal(meta_words(filled[1].english, b, sizeof(b)), filled[1].english);
	i18n_english(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(init_leaves_every_field_unknown, fresh_run, fresh_run),
		cmocka_unit_test(the_phrases_read_back_unchanged_in_english),
		cmocka_unit_test_setup_teardown(every_field_round_trips, fresh_run, fresh_run),
		cmocka_unit_test_setup_teardown(a_running_meta_reads_as_running, fresh_run, fresh_run),
		cmocka_unit_test_setup_teardown(newlines_in_values_become_spaces, fresh_run, fresh_run),
		cmocka_unit_test_setup_teardown(an_old_meta_reads_as_an_ended_run_of_the_server, fresh_run, fresh_run),
		cmocka_unit_test_setup_teardown(keys_are_whole_names_above_the_lab, fresh_run, fresh_run),
		cmocka_unit_test_setup_teardown(bad_numbers_read_as_the_default, fresh_run, fresh_run),
		cmocka_unit_test_setup_teardown(errors_say_what_and_where, fresh_run, fresh_run),
		cmocka_unit_test_setup_teardown(a_meta_past_one_mib_is_refused, fresh_run, fresh_run),
		cmocka_unit_test_setup_teardown(a_write_leaves_only_meta_txt, fresh_run, fresh_run),
		cmocka_unit_test_setup_teardown(a_run_is_a_directory_with_our_meta, fresh_run, fresh_run),
		cmocka_unit_test_setup_teardown(the_lab_as_run_parses_back, fresh_run, fresh_run),
		cmocka_unit_test_setup_teardown(counts_round_trip_exactly_and_out_of_range_is_the_default, fresh_run, fresh_run),
		/* Last: it leaves Portuguese on. */
		cmocka_unit_test(the_phrases_in_portuguese),
	};
	return cmocka_run_group_tests_name("meta", tests, make_top, remove_top);
}
