/* cmd_run.c - leaklab run: one lab end to end, recorded, charted, judged */
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "cmd.h"
#include "collector.h"
#include "driver.h"
#include "files.h"
#include "lab.h"
#include "mono.h"
#include "msg.h"
#include "plot.h"
#include "report.h"
#include "schedule.h"
#include "server.h"
#include "signals.h"
#include "version.h"

#ifndef LEAKLAB_DATADIR
#define LEAKLAB_DATADIR "/usr/local/share/leaklab"
#endif

#define DEFAULT_LAB "lab/01-cpu-leak.lab"
#define MAX_SETS 32
#define FETCH_TIMEOUT_MS 5000
#define FINAL_FETCH_MS 4000
#define LEAK_FETCH_MS 15000

static const char usage_text[] =
	"usage: leaklab run [LAB_FILE] [-o DIR] [--set KEY=VALUE]... [--format png,svg,pdf]\n"
	"                   [--no-plot] [--quiet]\n"
	"\n"
	"Run one lab: start build/leakserver with GODEBUG=schedtrace, drive the lab's\n"
	"load at its rate, record the trace, poll pprof and probe latency, stop the\n"
	"server, then write the run directory, the charts and the summary with a\n"
	"verdict. Without LAB_FILE it runs " DEFAULT_LAB ".\n"
	"\n"
	"  -o, --output DIR     the run directory (default out/<lab>-<YYYYmmdd-HHMMSS>,\n"
	"                       with out/<lab>-latest pointing at it)\n"
	"  -s, --set KEY=VALUE  override one lab key, e.g. --set rate='10/s for 5s'\n"
	"  -f, --format LIST    chart formats: png, svg, pdf (default png)\n"
	"      --no-plot        no charts (plot later with 'leaklab plot DIR')\n"
	"  -q, --quiet          no live status line, no text chart\n"
	"  -h, --help           this text\n"
	"\n"
	"Lab keys: name, title, endpoint, rate, gomaxprocs, schedtrace (ms),\n"
	"scheddetail (on/off), probe, probe_every, sample_every, duration, timeout,\n"
	"server_flags. Ctrl-C stops early and still keeps every byte, the summary\n"
	"(marked partial) and the charts.\n";

struct run {
	struct lab lab;
	struct schedule *sched;
	char dir[PATH_MAX];
	char url[512];
	FILE *raw, *trace, *waits, *requests, *goroutines, *probe;
	struct collector *col;
	struct driver *drv;
	struct server srv;
	double t0;
	/* the first write that failed */
	const char *failed_file;
	int failed_errno;
	/* live state */
	int probe_busy, sample_busy, server_gone;
	int64_t last_queued;
	long last_goroutines;
	double last_probe_ms;
	uint64_t sent;
	char *profile;             /* the newest goroutine profile text */
	size_t profile_len;
	char go_version[64];
	int final_fetches;
	int tty;
	double last_status;
};

static double now_ms(const struct run *r)
{
	return mono_now_ms() - r->t0;
}

static void note_write_error(struct run *r, const char *file)
{
	if (!r->failed_file) {
		r->failed_file = file;
		r->failed_errno = errno ? errno : EIO;
	}
}

static void put_row(struct run *r, FILE *f, const char *file, const char *row, size_t n)
{
	if (f && fwrite(row, 1, n, f) != n)
		note_write_error(r, file);
}

/* The run directory's name for a collector output. */
static const char *collector_file(const struct collector *c)
{
	const char *which = collector_failed_file(c);

	if (!which)
		return "?";
	if (strcmp(which, "raw") == 0)
		return "raw-stderr.log";
	if (strcmp(which, "waits") == 0)
		return "waits.tsv";
	return "trace.tsv";
}

/* --------------------------------------------------------------- callbacks */

static void on_sample(void *ud, const struct trace_row *s)
{
	struct run *r = ud;

	if (s->queued != TRACE_NONE)
		r->last_queued = s->queued;
}

static void on_stderr(void *ud, const char *buf, size_t len)
{
	struct run *r = ud;

	if (collector_feed(r->col, buf, len, now_ms(r)) < 0)
		note_write_error(r, collector_file(r->col));
}

static void on_result(void *ud, const struct driver_result *res)
{
	struct run *r = ud;
	char row[512];
	size_t n = driver_result_tsv(res, row, sizeof(row));

	if (!res->dropped)
		r->sent++;
	put_row(r, r->requests, "requests.tsv", row, n);
}

static void on_probe(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;
	char row[128];
	int ok = !f->error && f->status >= 200 && f->status < 300;
	int n = snprintf(row, sizeof(row), "%.3f\t%.3f\t%ld\n", f->t_start_ms,
			 f->t_end_ms - f->t_start_ms, f->error ? 0L : f->status);

	r->probe_busy = 0;
	if (ok)
		r->last_probe_ms = f->t_end_ms - f->t_start_ms;
	put_row(r, r->probe, "probe.tsv", row, (size_t)n);
}

static void keep_profile(struct run *r, const struct driver_fetch_result *f)
{
	char *copy = malloc(f->body_len + 1);

	if (!copy)
		return;
	memcpy(copy, f->body, f->body_len + 1);
	free(r->profile);
	r->profile = copy;
	r->profile_len = f->body_len;
}

static void on_goroutines(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;
	const char *head = "goroutine profile: total ";
	char row[128], num[24];
	size_t n;
	long total;

	r->sample_busy = 0;
	if (f->error || f->status != 200 || strncmp(f->body, head, strlen(head)) != 0)
		return;
	n = strcspn(f->body + strlen(head), "\n");
	if (n == 0 || n >= sizeof(num))
		return;
	memcpy(num, f->body + strlen(head), n);
	num[n] = '\0';
	if (args_long(num, 0, 100000000, &total) < 0)
		return;
	r->last_goroutines = total;
	keep_profile(r, f);
	put_row(r, r->goroutines, "goroutines.tsv", row,
		(size_t)snprintf(row, sizeof(row), "%.3f\t%ld\n", f->t_start_ms, total));
}

static void on_final_profile(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;

	r->final_fetches--;
	if (!f->error && f->status == 200)
		keep_profile(r, f);
}

static void write_text_file(struct run *r, const char *name, const char *text, size_t len)
{
	if (files_write(r->dir, name, text, len) < 0)
		note_write_error(r, name);
}

static void on_leak_profile(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;

	r->final_fetches--;
	/* Only Go >= 1.26 built with GOEXPERIMENT=goroutineleakprofile has it. */
	if (!f->error && f->status == 200 && strncmp(f->body, "goroutineleak profile:", 22) == 0)
		write_text_file(r, "goroutineleak.txt", f->body, f->body_len);
}

static void on_stats(void *ud, const struct driver_fetch_result *f)
{
	struct run *r = ud;
	const char *v;

	r->final_fetches--;
	if (f->error || f->status != 200)
		return;
	if ((v = strstr(f->body, "go_version ")) && (v == f->body || v[-1] == '\n'))
		snprintf(r->go_version, sizeof(r->go_version), "%.*s", (int)strcspn(v + 11, "\n"), v + 11);
}

/* ------------------------------------------------------------------ setup */

static int read_lab(struct run *r, const char *path, char **sets, int nsets)
{
	struct lab_error le;
	size_t len;
	char *text = files_read(path, 1024 * 1024, &len);
	int i;

	if (!text) {
		errorf("run: cannot read lab file '%s': %s", path,
		       errno == EFBIG ? "larger than 1 MiB" : strerror(errno));
		return -1;
	}
	lab_defaults(&r->lab, path);
	if (lab_parse(&r->lab, text, len, path, &le) < 0) {
		free(text);
		errorf("%s", le.msg);
		return -1;
	}
	free(text);
	for (i = 0; i < nsets; i++)
		if (lab_set(&r->lab, sets[i], &le) < 0) {
			errorf("%s", le.msg);
			return -1;
		}
	return 0;
}

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	size_t i, n = strlen(path);

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] == '/' || buf[i] == '\0') {
			char c = buf[i];

			buf[i] = '\0';
			if (mkdir(buf, 0755) < 0 && errno != EEXIST)
				return -1;
			buf[i] = c;
		}
	}
	return 0;
}

static FILE *open_in_dir(struct run *r, const char *name, const char *header)
{
	char path[PATH_MAX + 64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", r->dir, name);
	if (!(f = fopen(path, "w"))) {
		errorf("run: cannot write '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (header && fputs(header, f) == EOF) {
		errorf("run: cannot write '%s': %s", path, strerror(errno));
		fclose(f);
		return NULL;
	}
	return f;
}

static int open_outputs(struct run *r)
{
	char trace_path[PATH_MAX + 64];
	struct collector_opts co;

	if (!(r->raw = open_in_dir(r, "raw-stderr.log", NULL)) ||
	    !(r->trace = open_in_dir(r, "trace.tsv", NULL)) ||
	    !(r->waits = open_in_dir(r, "waits.tsv", NULL)) ||
	    !(r->requests = open_in_dir(r, "requests.tsv", DRIVER_TSV_HEADER)) ||
	    !(r->goroutines = open_in_dir(r, "goroutines.tsv", "t_ms\ttotal\n")) ||
	    !(r->probe = open_in_dir(r, "probe.tsv", "t_ms\tlatency_ms\tstatus\n")))
		return -1;
	/* Bytes reach the disk as they come: a crash of leaklab itself (even a
	 * SIGKILL) loses nothing the server wrote, and tail -f works. */
	setvbuf(r->raw, NULL, _IONBF, 0);
	setvbuf(r->trace, NULL, _IOLBF, 0);
	setvbuf(r->requests, NULL, _IOLBF, 0);
	snprintf(trace_path, sizeof(trace_path), "%s/trace.tsv", r->dir);
	memset(&co, 0, sizeof(co));
	co.raw = r->raw;
	co.trace = r->trace;
	co.trace_path = trace_path;
	co.waits = r->waits;
	co.on_sample = on_sample;
	co.ud = r;
	if (!(r->col = collector_new(&co))) {
		errorf("run: out of memory");
		return -1;
	}
	return 0;
}

static int close_file(struct run *r, FILE **f, const char *name)
{
	int rc = 0;

	if (*f && fclose(*f) != 0) {
		note_write_error(r, name);
		rc = -1;
	}
	*f = NULL;
	return rc;
}

/* ------------------------------------------------------------ live status */

static void status_line(struct run *r, double now, double total_ms, int final)
{
	if (!r->tty)
		return;
	if (final) {
		fputs("\r\033[K", stderr);
		return;
	}
	if (now - r->last_status < 250)
		return;
	r->last_status = now;
	fprintf(stderr, "\r\033[K[%5.1f/%.1f s] sent %llu  queued %lld  goroutines %ld  probe %s",
		now / 1000, total_ms / 1000, (unsigned long long)r->sent, (long long)r->last_queued,
		r->last_goroutines, r->last_probe_ms >= 0 ? "" : "-");
	if (r->last_probe_ms >= 0)
		fprintf(stderr, "%.1f ms", r->last_probe_ms);
	fflush(stderr);
}

/* Read what the server wrote; returns 0, or 1 at end of file. */
static int drain_stderr(struct run *r)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(r->srv.stderr_fd, buf, sizeof(buf))) > 0)
		on_stderr(r, buf, (size_t)n);
	if (n == 0)
		return 1;
	return 0; /* EAGAIN: nothing more for now */
}

/* ---------------------------------------------------------------- the run */

static void write_meta(struct run *r, const char *ended, int partial, const char *started)
{
	char lab[4096], *text;
	struct utsname un;
	struct collector_stats st;
	size_t n;
	int len;

	collector_get_stats(r->col, &st);
	if (uname(&un) < 0)
		memset(&un, 0, sizeof(un));
	lab_format(&r->lab, lab, sizeof(lab));
	n = 8192 + strlen(lab);
	if (!(text = malloc(n)))
		return;
	len = snprintf(text, n,
		       "leaklab_version: %s\ngo_version: %s\ngomaxprocs: %ld\ncpus: %ld\nos: %s %s %s\n"
		       "start_time: %s\nserver: %s\nserver_pid: %ld\nurl: %s\nended: %s\npartial: %s\n"
		       "samples: %llu\ndetail_samples: %llu\nmalformed_lines: %llu\nother_lines: %llu\n"
		       "stderr_bytes: %llu\nrequests_scheduled: %llu\nschedule_ms: %.0f\n"
		       "--- lab as run ---\n%s",
		       LEAKLAB_VERSION, r->go_version[0] ? r->go_version : "-", r->lab.gomaxprocs,
		       sysconf(_SC_NPROCESSORS_ONLN), un.sysname, un.release, un.machine, started,
		       server_find() ? server_find() : "-", (long)r->srv.pid, r->url, ended, partial ? "true" : "false",
		       (unsigned long long)st.samples, (unsigned long long)st.detail_samples,
		       (unsigned long long)st.malformed, (unsigned long long)st.other_lines,
		       (unsigned long long)st.bytes, (unsigned long long)r->sched->total,
		       r->sched->duration_ms, lab);
	if (len > 0)
		write_text_file(r, "meta.txt", text, (size_t)len < n ? (size_t)len : n - 1);
	free(text);
}

static void link_latest(const struct run *r)
{
	char link[PATH_MAX + 64], *base = strrchr(r->dir, '/');

	snprintf(link, sizeof(link), "out/%s-latest", r->lab.name);
	unlink(link);
	if (symlink(base ? base + 1 : r->dir, link) < 0)
		warnf("run: cannot link '%s': %s", link, strerror(errno));
}

static void print_file(const char *dir, const char *name)
{
	char path[PATH_MAX + 64], *text;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((text = files_read(path, 1024 * 1024, &len))) {
		fwrite(text, 1, len, stdout);
		free(text);
	}
}

int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "set", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "no-plot", no_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *lab_path = NULL, *out_dir = NULL, *format = "png";
	char *sets[MAX_SETS], err[4096], started[64], ended[160] = "complete";
	char *server_argv[LAB_MAX_SERVER_ARGS], server_storage[sizeof(((struct lab *)0)->server_flags)];
	int nsets = 0, opt, no_plot = 0, quiet = 0, formats, rc = EXIT_FAIL, sigfd, partial = 0;
	int nserver_args, curl_started = 0;
	double run_end, hard_end, start_ms, next_probe, next_sample, total_ms, leak_at;
	int leak_asked = 0;
	struct run *r = calloc(1, sizeof(*r));
	struct schedule_error se;
	struct server_opts so;
	struct driver_config dc;
	struct lab_error le;
	struct report_input rin;
	struct report rep;
	time_t wall;

	if (!r) {
		errorf("run: out of memory");
		return EXIT_FAIL;
	}
	r->srv.pid = -1;
	r->srv.stdin_fd = r->srv.stderr_fd = -1;
	r->last_probe_ms = -1;
	r->last_goroutines = -1;
	r->last_queued = -1;
	report_input_init(&rin);

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:s:f:qh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o': out_dir = optarg; break;
		case 's':
			if (nsets == MAX_SETS) {
				errorf("run: more than %d --set", MAX_SETS);
				rc = EXIT_USAGE;
				goto out;
			}
			sets[nsets++] = optarg;
			break;
		case 'f': format = optarg; break;
		case 'P': no_plot = 1; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage_text, stdout); rc = EXIT_OK; goto out;
		default:
			errorf("run: bad option '%s'; see 'leaklab run --help'", argv[optind - 1]);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if (argc - optind > 1) {
		errorf("run: one lab file at a time, got '%s' and '%s'", argv[optind], argv[optind + 1]);
		rc = EXIT_USAGE;
		goto out;
	}
	lab_path = optind < argc ? argv[optind] : DEFAULT_LAB;
	if (optind >= argc && access(lab_path, R_OK) != 0)
		lab_path = LEAKLAB_DATADIR "/lab/01-cpu-leak.lab";
	if (plot_parse_formats(format, &formats, err, sizeof(err)) < 0 || (formats & PLOT_DUMB)) {
		errorf("run: --format: %s", formats & PLOT_DUMB ? "dumb is drawn at the end of every run; "
		       "choose among png, svg, pdf" : err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (read_lab(r, lab_path, sets, nsets) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (!(r->sched = schedule_parse(r->lab.rate, 0, &se))) {
		errorf("run: rate: %s", se.msg);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((nserver_args = lab_server_args(&r->lab, server_storage, sizeof(server_storage),
					    server_argv, LAB_MAX_SERVER_ARGS, &le)) < 0) {
		errorf("run: %s: %s", lab_path, le.msg);
		rc = EXIT_USAGE;
		goto out;
	}
	if (!server_find()) {
		errorf("run: the server build/leakserver is missing: run 'make' first "
		       "(or set LEAKLAB_SERVER to its path)");
		goto out;
	}

	/* The run directory: everything goes there, nothing is lost. */
	wall = time(NULL);
	strftime(started, sizeof(started), "%Y-%m-%dT%H:%M:%S%z", localtime(&wall));
	if (out_dir) {
		snprintf(r->dir, sizeof(r->dir), "%s", out_dir);
		if (mkdir_p(r->dir) < 0) {
			errorf("run: cannot create the run directory '%s': %s", r->dir, strerror(errno));
			goto out;
		}
	} else {
		char stamp[32];
		int k;

		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime(&wall));
		if (mkdir("out", 0755) < 0 && errno != EEXIST) {
			errorf("run: cannot create 'out': %s", strerror(errno));
			goto out;
		}
		/* Two runs of one lab in the same second get two directories. */
		for (k = 1; k < 100; k++) {
			if (k == 1)
				snprintf(r->dir, sizeof(r->dir), "out/%s-%s", r->lab.name, stamp);
			else
				snprintf(r->dir, sizeof(r->dir), "out/%s-%s-%d", r->lab.name, stamp, k);
			if (mkdir(r->dir, 0755) == 0)
				break;
			if (errno != EEXIST) {
				errorf("run: cannot create the run directory '%s': %s", r->dir, strerror(errno));
				goto out;
			}
		}
	}
	if (open_outputs(r) < 0)
		goto out;

	if ((sigfd = signals_install()) < 0) {
		errorf("run: cannot catch signals: %s", strerror(errno));
		goto out;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		errorf("run: libcurl failed to start");
		goto out;
	}
	curl_started = 1;
	args_raise_nofile();
	r->tty = !quiet && isatty(STDERR_FILENO);

	/* The server: its clock starts now. */
	memset(&so, 0, sizeof(so));
	so.path = server_find();
	so.gomaxprocs = r->lab.gomaxprocs;
	so.schedtrace_ms = r->lab.schedtrace_ms;
	so.scheddetail = r->lab.scheddetail;
	total_ms = r->sched->duration_ms + 2.0 * (double)r->lab.schedtrace_ms + 3000;
	so.lifetime_s = total_ms / 1000 + 120;
	so.extra_args = server_argv;
	so.nextra = nserver_args;
	so.ready_timeout_ms = 10000;
	so.on_stderr = on_stderr;
	so.ud = r;
	r->t0 = mono_now_ms();
	if (server_start(&r->srv, &so, err, sizeof(err)) < 0) {
		errorf("run: %s", err);
		goto out;
	}
	snprintf(r->url, sizeof(r->url), "%s%s", r->srv.url, r->lab.endpoint);

	/* A baseline before the first request: one trace interval, at most 2 s. */
	start_ms = now_ms(r) + (r->lab.schedtrace_ms < 2000 ? (double)r->lab.schedtrace_ms : 2000);
	run_end = start_ms + r->sched->duration_ms + 2.0 * (double)r->lab.schedtrace_ms + 200;
	hard_end = r->lab.duration_ms > 0 ? r->lab.duration_ms : run_end + (double)r->lab.timeout_ms;
	if (run_end > hard_end)
		run_end = hard_end;
	total_ms = run_end;

	memset(&dc, 0, sizeof(dc));
	dc.url = r->url;
	dc.sched = r->sched;
	dc.timeout_ms = r->lab.timeout_ms;
	dc.concurrency = 1024;
	dc.t0_ms = r->t0;
	dc.start_ms = start_ms;
	dc.end_ms = hard_end;
	dc.on_result = on_result;
	dc.ud = r;
	if (!(r->drv = driver_new(&dc, err, sizeof(err)))) {
		errorf("run: %s", err);
		goto out;
	}
	{
		char u[640];

		snprintf(u, sizeof(u), "%s/stats", r->srv.url);
		r->final_fetches++;
		driver_fetch(r->drv, u, FETCH_TIMEOUT_MS, on_stats, r);
	}
	if (!quiet)
		notef("run: %s: %llu requests to %s, GOMAXPROCS=%ld, schedtrace=%ldms%s, about %.0f s; "
		      "results in %s/", r->lab.name, (unsigned long long)r->sched->total, r->lab.endpoint,
		      r->lab.gomaxprocs, r->lab.schedtrace_ms, r->lab.scheddetail ? " with scheddetail" : "",
		      total_ms / 1000, r->dir);

	/* The goroutineleak profile runs a GC cycle, which takes seconds behind
	 * a crowd of spinners: ask for it as soon as the last request is out. */
	leak_at = start_ms + (r->sched->total && !r->sched->poisson ?
			      schedule_time_ms(r->sched, r->sched->total - 1) : r->sched->duration_ms) + 500;

	/* One loop: trace in, load out, probes and polls on the side. */
	next_probe = now_ms(r);
	next_sample = now_ms(r);
	for (;;) {
		int fds[2] = { r->srv.stderr_fd, sigfd };
		short rev[2] = { 0, 0 };
		double now = now_ms(r), until;
		char u[640];

		if (signals_caught()) {
			snprintf(ended, sizeof(ended), "interrupted by %s at %.1f s", strsignal(signals_caught()), now / 1000);
			partial = 1;
			break;
		}
		if (r->server_gone) {
			server_poll_exit(&r->srv);
			snprintf(ended, sizeof(ended), "the server %s at %.1f s", server_exit_text(&r->srv), now / 1000);
			partial = 1;
			break;
		}
		if (r->failed_file)
			break;
		if (now >= hard_end || (now >= run_end && driver_load_done(r->drv)))
			break;

		if (r->lab.probe[0] && now >= next_probe) {
			if (!r->probe_busy) {
				snprintf(u, sizeof(u), "%s%s", r->srv.url, r->lab.probe);
				r->probe_busy = driver_fetch(r->drv, u, FETCH_TIMEOUT_MS, on_probe, r) == 0;
			}
			while (next_probe <= now)
				next_probe += r->lab.probe_every_ms;
		}
		if (now >= next_sample) {
			if (!r->sample_busy) {
				snprintf(u, sizeof(u), "%s/debug/pprof/goroutine?debug=1", r->srv.url);
				r->sample_busy = driver_fetch(r->drv, u, FETCH_TIMEOUT_MS, on_goroutines, r) == 0;
			}
			while (next_sample <= now)
				next_sample += r->lab.sample_every_ms;
		}
		if (!leak_asked && now >= leak_at) {
			snprintf(u, sizeof(u), "%s/debug/pprof/goroutineleak?debug=1", r->srv.url);
			leak_asked = 1;
			if (driver_fetch(r->drv, u, LEAK_FETCH_MS, on_leak_profile, r) == 0)
				r->final_fetches++;
		}
		status_line(r, now, total_ms, 0);

		/* Past run_end only late answers are awaited, up to hard_end. */
		until = now < run_end ? run_end : hard_end;
		if (!leak_asked && leak_at < until)
			until = leak_at;
		if (r->lab.probe[0] && next_probe < until)
			until = next_probe;
		if (next_sample < until)
			until = next_sample;
		if (r->tty && now + 250 < until)
			until = now + 250;
		if (driver_step(r->drv, until, fds, rev, 2, err, sizeof(err)) < 0) {
			errorf("run: %s", err);
			goto stop;
		}
		if (rev[0] && drain_stderr(r))
			r->server_gone = 1;
		if (rev[1])
			signals_drain();
	}
	driver_stop_sending(r->drv);
	status_line(r, 0, 0, 1);

	/* The final profiles, while the server still answers. */
	if (!partial && !r->failed_file) {
		static const struct { const char *path; void (*cb)(void *, const struct driver_fetch_result *); } fin[] = {
			{ "/debug/pprof/goroutine?debug=1", on_final_profile },
			{ "/stats", on_stats },
		};
		double deadline = now_ms(r) + FINAL_FETCH_MS;
		size_t i;

		for (i = 0; i < sizeof(fin) / sizeof(fin[0]); i++) {
			char u[640];

			snprintf(u, sizeof(u), "%s%s", r->srv.url, fin[i].path);
			if (driver_fetch(r->drv, u, FINAL_FETCH_MS, fin[i].cb, r) == 0)
				r->final_fetches++;
		}
		while (r->final_fetches > 0 && now_ms(r) < deadline && !signals_caught() && !r->server_gone) {
			int fds[2] = { r->srv.stderr_fd, sigfd };
			short rev[2] = { 0, 0 };

			if (driver_step(r->drv, deadline, fds, rev, 2, err, sizeof(err)) < 0)
				break;
			if (rev[0] && drain_stderr(r))
				r->server_gone = 1;
			if (rev[1])
				signals_drain();
		}
	}
	driver_abort(r->drv, partial ? "aborted: the run was stopped" : "aborted: the run ended first");
stop:
	/* Stop the server, then keep every byte it wrote until its end. */
	server_stop(&r->srv, 2000);
	if (r->srv.stderr_fd >= 0) {
		struct pollfd pf = { r->srv.stderr_fd, POLLIN, 0 };

		while (poll(&pf, 1, 1000) > 0 && !drain_stderr(r))
			;
	}
	if (collector_finish(r->col, now_ms(r)) < 0)
		note_write_error(r, collector_file(r->col));
	if (r->profile)
		write_text_file(r, "stacks.txt", r->profile, r->profile_len);
	close_file(r, &r->raw, "raw-stderr.log");
	close_file(r, &r->trace, "trace.tsv");
	close_file(r, &r->waits, "waits.tsv");
	close_file(r, &r->requests, "requests.tsv");
	close_file(r, &r->goroutines, "goroutines.tsv");
	close_file(r, &r->probe, "probe.tsv");
	write_meta(r, ended, partial, started);
	if (r->failed_file) {
		errorf("run: writing '%s/%s': %s (the server is stopped)", r->dir, r->failed_file,
		       strerror(r->failed_errno));
		goto out;
	}

	/* Judge, chart, tell. */
	if (report_load(r->dir, &rin, err, sizeof(err)) < 0) {
		errorf("run: %s", err);
		goto out;
	}
	report_compute(&rin, &rep);
	if (report_write(r->dir, &rin, &rep, err, sizeof(err)) < 0) {
		errorf("run: %s", err);
		goto out;
	}
	if (!out_dir)
		link_latest(r);
	if (!no_plot) {
		struct plot_spec ps;

		if (plot_scan(r->dir, &ps, err, sizeof(err)) < 0 ||
		    plot_run(r->dir, &ps, formats | (quiet ? 0 : PLOT_DUMB), 0, err, sizeof(err)) < 0) {
			errorf("run: %s", err);
			goto out;
		}
	}
	print_file(r->dir, "summary.txt");
	if (!quiet)
		printf("\nrun directory: %s/%s\n", r->dir, no_plot ? "" : "  (charts in charts/)");
	rc = signals_caught() ? signals_exit_code(signals_caught()) : EXIT_OK;
out:
	if (r->srv.pid > 0)
		server_stop(&r->srv, 2000);
	if (r->srv.stdin_fd >= 0)
		close(r->srv.stdin_fd);
	if (r->srv.stderr_fd >= 0)
		close(r->srv.stderr_fd);
	driver_free(r->drv);
	collector_free(r->col);
	if (r->raw) fclose(r->raw);
	if (r->trace) fclose(r->trace);
	if (r->waits) fclose(r->waits);
	if (r->requests) fclose(r->requests);
	if (r->goroutines) fclose(r->goroutines);
	if (r->probe) fclose(r->probe);
	schedule_free(r->sched);
	free(r->profile);
	free(r);
	report_input_free(&rin);
	if (curl_started)
		curl_global_cleanup();
	return rc;
}
