/* cmd_drive.c - leaklab drive: open-loop load on a rate schedule */
#include <curl/curl.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cmd.h"
#include "driver.h"
#include "files.h"
#include "i18n.h"
#include "mono.h"
#include "msg.h"
#include "opts.h"
#include "schedule.h"
#include "signals.h"
#include "stats.h"
#include "target.h"
#include "utf8.h"

static const char usage_text[] =
	N_("usage: leaklab drive URL [--rate SCHEDULE] [--duration SECS] [--timeout MS]\n"
	"                         [--concurrency N] [-o requests.tsv] [--allow-remote] [--quiet]\n"
	"\n"
	"Send GET requests to URL exactly when the schedule says, whatever the\n"
	"server does (open loop): a slow server gets more requests in flight, never\n"
	"a slower schedule. Past the concurrency cap a request is dropped and\n"
	"counted, not delayed.\n"
	"\n"
	"  -r, --rate SCHEDULE   comma-separated segments, in order (default 10/s):\n"
	"                          5/s for 10s             constant rate\n"
	"                          ramp 1/s..20/s for 30s  linear ramp\n"
	"                          pause 5s                nothing for a while\n"
	"                          burst 50                50 requests at once\n"
	"                          poisson seed=7          Poisson arrivals (an option)\n"
	"  -d, --duration SECS   duration of a lone rate ('10/s'; default 10), or a\n"
	"                        hard cap on any schedule\n"
	"  -t, --timeout MS      per-request time-out (default 5000)\n"
	"  -c, --concurrency N   requests in flight at most (default 512)\n"
	"  -o, --output FILE     write requests.tsv (one row per request; '-' = stdout)\n"
	"      --allow-remote    allow a target that is not this machine\n"
	"  -q, --quiet           no summary on stderr\n"
	"  -h, --help            this text\n"
	"\n"
	"requests.tsv: seq t_sched_ms t_start_ms t_end_ms latency_ms service_ms status outcome\n"
	"target error (outcome: ok, http, timeout, error, dropped, aborted)\n"
	"(latency from the scheduled time, as a client feels it; service time from\n"
	"the actual send).\n");

struct drive_state {
	FILE *out;
	int write_failed;
	struct stats_hist lag, latency, service;
	double first_start, last_start;
};

static void on_result(void *ud, const struct reqfile_row *r)
{
	struct drive_state *st = ud;
	char row[512];
	size_t n;

	if (!isnan(r->t_start_ms)) {
		stats_hist_add(&st->lag, (r->t_start_ms - r->t_sched_ms) * 1000);
		stats_hist_add(&st->latency, (r->t_end_ms - r->t_sched_ms) * 1000);
		stats_hist_add(&st->service, (r->t_end_ms - r->t_start_ms) * 1000);
		if (st->first_start < 0 || r->t_start_ms < st->first_start)
			st->first_start = r->t_start_ms;
		if (r->t_start_ms > st->last_start)
			st->last_start = r->t_start_ms;
	}
	if (st->out && !st->write_failed) {
		n = reqfile_format(r, row, sizeof(row));
		if (fwrite(row, 1, n, st->out) != n)
			st->write_failed = errno ? errno : EIO;
	}
}

static void print_ms3(const char *what, const struct stats_hist *h)
{
	int pad = utf8_cols(what) < 10 ? 10 - (int)utf8_cols(what) : 0;

	/* TRANSLATORS: the first %s%*s is a name padded to 10 columns
	 * ("send lag", "latency", "service"). */
	msg_more("%s%*s p50 %.3f ms  p99 %.3f ms  max %.3f ms", what, pad, "",
		stats_hist_quantile(h, 0.50) / 1000, stats_hist_quantile(h, 0.99) / 1000, h->max_us / 1000);
}

struct options {
	const char *rate, *out_path, *url;
	double duration_s;        /* 0: not given */
	long timeout_ms, concurrency;
	int allow_remote, quiet;
};

/* Returns EXIT_OK to go on, or the exit code (--help: -1 meaning done). */
static int parse_options(int argc, char **argv, struct options *o)
{
	int opt;

	memset(o, 0, sizeof(*o));
	o->rate = "10/s";
	o->timeout_ms = 5000;
	o->concurrency = 512;
	while ((opt = opts_next(argc, argv, usage_text)) != OPTS_END) {
		switch (opt) {
		case 'r': o->rate = optarg; break;
		case 'd':
			if (args_double(optarg, 0.001, 86400, &o->duration_s) < 0) {
				errorf("--duration '%s': expected seconds, e.g. 10 or 2.5", optarg);
				return EXIT_USAGE;
			}
			break;
		case 't':
			if (args_long(optarg, 1, 3600000, &o->timeout_ms) < 0) {
				errorf("--timeout '%s': expected milliseconds from 1 to 3600000", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'c':
			if (args_long(optarg, 1, 100000, &o->concurrency) < 0) {
				errorf("--concurrency '%s': expected a whole number from 1 to 100000", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o': o->out_path = optarg; break;
		case OPTS_LONG: o->allow_remote = opts_is("allow-remote"); break;
		case 'q': o->quiet = 1; break;
		case OPTS_HELP: msg_help(usage_text); return -1;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		errorf("which URL? e.g. leaklab drive http://127.0.0.1:8080/leak --rate 5/s --duration 10");
		return EXIT_USAGE;
	}
	if (argc - optind > 1) {
		errorf("one URL only, got '%s' and '%s'", argv[optind], argv[optind + 1]);
		return EXIT_USAGE;
	}
	o->url = argv[optind];
	return EXIT_OK;
}

/* requests.tsv's header, or nothing without -o. Returns 0 or -1 (said). */
static int open_out(const struct options *o, struct drive_state *st)
{
	if (!o->out_path)
		return 0;
	if (strcmp(o->out_path, "-") == 0)
		st->out = stdout;
	else if (!(st->out = fopen(o->out_path, "w"))) {
		errorf("cannot write '%s': %s", o->out_path, strerror(errno));
		return -1;
	}
	fputs(REQFILE_HEADER, st->out);
	return 0;
}

/* Send the schedule until it ends or a signal stops the sending; every
 * request ends first. Returns 0, or -1 (said). */
static int drive(const struct options *o, const struct schedule *sched, struct drive_state *st,
		 struct driver_counts *counts)
{
	struct driver_config cfg;
	struct driver_target target;
	struct driver *d;
	char label[600], err[512];
	double t0;
	int sigfd, rc = -1;

	if ((sigfd = signals_install()) < 0) {
		errorf("cannot catch signals: %s", strerror(errno));
		return -1;
	}
	t0 = mono_now_ms();
	memset(&cfg, 0, sizeof(cfg));
	target.url = o->url;
	target.method = "GET";
	target.body = NULL;
	target.body_len = 0;
	target.weight = 1;
	snprintf(label, sizeof(label), "GET %s", o->url);
	target.label = label;
	cfg.targets = &target;
	cfg.ntargets = 1;
	cfg.sched = sched;
	cfg.timeout_ms = o->timeout_ms;
	cfg.concurrency = (unsigned)o->concurrency;
	cfg.t0_ms = t0;
	/* --duration caps a longer schedule; a lone rate took it as its length. */
	cfg.end_ms = o->duration_s > 0 && o->duration_s * 1000 < sched->duration_ms ? o->duration_s * 1000 : 0;
	cfg.on_result = on_result;
	cfg.ud = st;
	if (!(d = driver_new(&cfg, err, sizeof(err)))) {
		errorf("%s", err);
		return -1;
	}
	notef("%llu requests to %s over %.1f s%s", (unsigned long long)sched->total, o->url,
	      sched->duration_ms / 1000, sched->poisson ? _(" (Poisson arrivals)") : "");
	while (!driver_load_done(d)) {
		short rev;

		if (driver_step(d, mono_now_ms() - t0 + 1000, &sigfd, &rev, 1, err, sizeof(err)) < 0) {
			errorf("%s", err);
			goto out;
		}
		if (rev) {
			signals_drain();
			if (signals_caught())
				driver_stop_sending(d);
		}
	}
	driver_get_counts(d, counts);
	rc = 0;
out:
	driver_free(d);
	return rc;
}

/* The counts and the latencies, on stderr (unless quiet). */
static void say_counts(const struct schedule *sched, const struct drive_state *st, const struct driver_counts *c)
{
	double span = st->last_start - st->first_start;
	double achieved = c->sent > 1 && span > 0 ? (double)(c->sent - 1) / span * 1000 : 0;
	double target = sched->duration_ms > 0 ? (double)sched->total / sched->duration_ms * 1000 : 0;

	notef("sent %llu of %llu scheduled, ok %llu, failed %llu, dropped %llu%s",
	      (unsigned long long)c->sent, (unsigned long long)sched->total, (unsigned long long)c->ok,
	      (unsigned long long)c->failed, (unsigned long long)c->dropped,
	      signals_caught() ? _(" (interrupted)") : "");
	msg_more("rate       %.1f/s achieved, %.1f/s target on average; most in flight %u",
		 achieved, target, c->max_in_flight);
	print_ms3(_("send lag"), &st->lag);
	print_ms3(_("latency"), &st->latency);
	print_ms3(_("service"), &st->service);
}

int cmd_drive(int argc, char **argv)
{
	struct options o;
	struct schedule *sched = NULL;
	struct schedule_error serr;
	struct driver_counts counts;
	struct drive_state st;
	char err[512];
	int rc;

	memset(&st, 0, sizeof(st));
	if ((rc = parse_options(argc, argv, &o)) != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	msg_set_quiet(o.quiet);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		errorf("libcurl failed to start");
		return EXIT_FAIL;
	}
	rc = EXIT_USAGE;
	if (target_check(o.url, o.allow_remote, err, sizeof(err)) < 0) {
		errorf("%s", err);
		goto out;
	}
	if (!(sched = schedule_parse(o.rate, o.duration_s > 0 ? o.duration_s * 1000 : 10000, &serr))) {
		errorf("--rate: %s", serr.msg);
		goto out;
	}
	rc = EXIT_FAIL;
	stats_hist_init(&st.lag);
	stats_hist_init(&st.latency);
	stats_hist_init(&st.service);
	st.first_start = -1;
	if (open_out(&o, &st) < 0)
		goto out;
	files_raise_open_limit();
	if (drive(&o, sched, &st, &counts) < 0)
		goto out;
	if (st.out && st.out != stdout && fclose(st.out) != 0 && !st.write_failed)
		st.write_failed = errno;
	if (st.out == stdout && fflush(stdout) != 0 && !st.write_failed)
		st.write_failed = errno;
	st.out = NULL;
	if (st.write_failed) {
		errorf("writing '%s': %s", o.out_path, strerror(st.write_failed));
		goto out;
	}
	say_counts(sched, &st, &counts);
	rc = signals_caught() ? signals_exit_code(signals_caught()) : EXIT_OK;
out:
	if (st.out && st.out != stdout)
		fclose(st.out);
	schedule_free(sched);
	curl_global_cleanup();
	return rc;
}
