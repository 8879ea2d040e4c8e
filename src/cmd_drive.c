/* cmd_drive.c - leaklab drive: open-loop load on a rate schedule */
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cmd.h"
#include "driver.h"
#include "mono.h"
#include "msg.h"
#include "schedule.h"
#include "signals.h"
#include "stats.h"
#include "target.h"

static const char usage_text[] =
	"usage: leaklab drive URL [--rate SCHEDULE] [--duration SECS] [--timeout MS]\n"
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
	"the actual send).\n";

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
	msg_more("%-10s p50 %.3f ms  p99 %.3f ms  max %.3f ms", what,
		stats_hist_quantile(h, 0.50) / 1000, stats_hist_quantile(h, 0.99) / 1000, h->max_us / 1000);
}

int cmd_drive(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rate", required_argument, NULL, 'r' },
		{ "duration", required_argument, NULL, 'd' },
		{ "timeout", required_argument, NULL, 't' },
		{ "concurrency", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "allow-remote", no_argument, NULL, 'R' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *rate = "10/s", *out_path = NULL, *url;
	double duration_s = 0, t0, end_cap_ms;
	long timeout_ms = 5000, conc = 512;
	int allow_remote = 0, quiet = 0, opt, rc = EXIT_FAIL, sigfd, duration_set = 0;
	struct schedule *sched = NULL;
	struct schedule_error serr;
	struct driver *d = NULL;
	struct driver_config cfg;
	struct driver_target target;
	char label[600];
	struct driver_counts counts;
	struct drive_state st;
	char err[512];

	memset(&st, 0, sizeof(st));
	msg_command("drive");
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":r:d:t:c:o:qh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r': rate = optarg; break;
		case 'd':
			if (args_double(optarg, 0.001, 86400, &duration_s) < 0) {
				errorf("--duration '%s': expected seconds, e.g. 10 or 2.5", optarg);
				return EXIT_USAGE;
			}
			duration_set = 1;
			break;
		case 't':
			if (args_long(optarg, 1, 3600000, &timeout_ms) < 0) {
				errorf("--timeout '%s': expected milliseconds from 1 to 3600000", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'c':
			if (args_long(optarg, 1, 100000, &conc) < 0) {
				errorf("--concurrency '%s': expected a whole number from 1 to 100000", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o': out_path = optarg; break;
		case 'R': allow_remote = 1; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		case ':':
			errorf("'%s' needs an argument; see 'leaklab drive --help'", argv[optind - 1]);
			return EXIT_USAGE;
		default:
			errorf("unknown option '%s'; see 'leaklab drive --help'", argv[optind - 1]);
			return EXIT_USAGE;
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
	url = argv[optind];

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		errorf("libcurl failed to start");
		return EXIT_FAIL;
	}
	if (target_check(url, allow_remote, err, sizeof(err)) < 0) {
		errorf("%s", err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (!(sched = schedule_parse(rate, duration_set ? duration_s * 1000 : 10000, &serr))) {
		errorf("--rate: %s", serr.msg);
		rc = EXIT_USAGE;
		goto out;
	}
	/* --duration caps a longer schedule; a lone rate took it as its length. */
	end_cap_ms = duration_set && duration_s * 1000 < sched->duration_ms ? duration_s * 1000 : 0;

	stats_hist_init(&st.lag);
	stats_hist_init(&st.latency);
	stats_hist_init(&st.service);
	st.first_start = -1;
	if (out_path) {
		if (strcmp(out_path, "-") == 0)
			st.out = stdout;
		else if (!(st.out = fopen(out_path, "w"))) {
			errorf("cannot write '%s': %s", out_path, strerror(errno));
			goto out;
		}
		fputs(REQFILE_HEADER, st.out);
	}
	args_raise_nofile();
	if ((sigfd = signals_install()) < 0) {
		errorf("cannot catch signals: %s", strerror(errno));
		goto out;
	}

	t0 = mono_now_ms();
	memset(&cfg, 0, sizeof(cfg));
	target.url = url;
	target.method = "GET";
	target.weight = 1;
	snprintf(label, sizeof(label), "GET %s", url);
	target.label = label;
	cfg.targets = &target;
	cfg.ntargets = 1;
	cfg.sched = sched;
	cfg.timeout_ms = timeout_ms;
	cfg.concurrency = (unsigned)conc;
	cfg.t0_ms = t0;
	cfg.end_ms = end_cap_ms;
	cfg.on_result = on_result;
	cfg.ud = &st;
	if (!(d = driver_new(&cfg, err, sizeof(err)))) {
		errorf("%s", err);
		goto out;
	}
	if (!quiet)
		notef("%llu requests to %s over %.1f s%s",
			(unsigned long long)sched->total, url, sched->duration_ms / 1000,
			sched->poisson ? " (Poisson arrivals)" : "");

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
	driver_get_counts(d, &counts);

	if (st.out && st.out != stdout && fclose(st.out) != 0 && !st.write_failed)
		st.write_failed = errno;
	if (st.out == stdout && fflush(stdout) != 0 && !st.write_failed)
		st.write_failed = errno;
	st.out = NULL;
	if (st.write_failed) {
		errorf("writing '%s': %s", out_path, strerror(st.write_failed));
		goto out;
	}

	if (!quiet) {
		double span = st.last_start - st.first_start;
		double achieved = counts.sent > 1 && span > 0 ? (double)(counts.sent - 1) / span * 1000 : 0;
		double target = sched->duration_ms > 0 ? (double)sched->total / sched->duration_ms * 1000 : 0;

		notef("sent %llu of %llu scheduled, ok %llu, failed %llu, dropped %llu%s",
			(unsigned long long)counts.sent, (unsigned long long)sched->total,
			(unsigned long long)counts.ok, (unsigned long long)counts.failed,
			(unsigned long long)counts.dropped, signals_caught() ? " (interrupted)" : "");
		msg_more("rate       %.1f/s achieved, %.1f/s target on average; most in flight %u",
			achieved, target, counts.max_in_flight);
		print_ms3("send lag", &st.lag);
		print_ms3("latency", &st.latency);
		print_ms3("service", &st.service);
	}
	rc = signals_caught() ? signals_exit_code(signals_caught()) : EXIT_OK;
out:
	if (st.out && st.out != stdout)
		fclose(st.out);
	driver_free(d);
	schedule_free(sched);
	curl_global_cleanup();
	return rc;
}
