/* cmd_collect.c - leaklab collect: schedtrace text to trace.tsv */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "collector.h"
#include "mono.h"
#include "i18n.h"
#include "msg.h"
#include "opts.h"
#include "signals.h"

static const char usage_text[] =
	N_("usage: leaklab collect [FILE|-] [-o trace.tsv] [--waits waits.tsv] [--tee]\n"
	"\n"
	"Turn GODEBUG=schedtrace output (a file, or stdin for '-' or no FILE) into\n"
	"trace.tsv as it arrives, one row per scheduler summary, wherever it starts\n"
	"on its line; each row reaches the file as its sample completes. Lines cut\n"
	"by other output or by a dying process are counted as malformed and\n"
	"skipped, never guessed at. A crash dump's detailed block is a sample with\n"
	"goroutine states. Ctrl-C (SIGINT, SIGTERM) keeps what has arrived, prints\n"
	"the counts and exits 130 (143).\n"
	"\n"
	"  -o, --output FILE   where trace.tsv goes (default: stdout)\n"
	"  -w, --waits FILE    waiting goroutines by wait reason, per detailed sample\n"
	"                      (scheddetail=1, or a crash dump)\n"
	"  -t, --tee           pass everything that is not trace on to stderr, in order\n"
	"  -h, --help          this text\n"
	"\n"
	"On any Go program:\n"
	"  GODEBUG=schedtrace=1000 ./app 2>&1 >/dev/null | leaklab collect --tee -o trace.tsv\n");

static FILE *open_out(const char *path)
{
	FILE *f;

	if (!path || strcmp(path, "-") == 0)
		return stdout;
	if (!(f = fopen(path, "w")))
		errorf("cannot write '%s': %s", path, strerror(errno));
	return f;
}

/* Read the input as it comes; stop at its end or at a signal. Ticks let a
 * detailed block that has gone quiet become a row without waiting for the
 * next one. Returns 0, 1 on a signal, -1 on a read or write error (said). */
static int pump(struct collector *col, int fd, const char *in_path, int sigfd, double t0)
{
	char buf[64 * 1024];

	for (;;) {
		struct pollfd pf[2] = { { fd, POLLIN, 0 }, { sigfd, POLLIN, 0 } };
		double now = mono_now_ms() - t0, due = collector_deadline(col);
		int timeout = isinf(due) ? -1 : due <= now ? 0 : (int)ceil(due - now);
		ssize_t n;

		if (poll(pf, 2, timeout) < 0 && errno != EINTR) {
			errorf("poll: %s", strerror(errno));
			return -1;
		}
		if (signals_caught()) {
			/* Keep what has already arrived, without waiting for more:
			 * the writer may never end. */
			fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
			while ((n = read(fd, buf, sizeof(buf))) > 0)
				if (collector_feed(col, buf, (size_t)n, mono_now_ms() - t0) < 0)
					return -1;
			return 1;
		}
		if (pf[0].revents) {
			n = read(fd, buf, sizeof(buf));
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n < 0) {
				errorf("reading '%s': %s", in_path, strerror(errno));
				return -1;
			}
			if (n == 0)
				return 0;
			if (collector_feed(col, buf, (size_t)n, mono_now_ms() - t0) < 0)
				return -1;
		}
		if (collector_tick(col, mono_now_ms() - t0) < 0)
			return -1;
	}
}

int cmd_collect(int argc, char **argv)
{
	const char *in_path = "-", *out_path = NULL, *waits_path = NULL;
	int tee = 0, opt, fd = -1, rc = EXIT_FAIL, sigfd, got;
	FILE *trace = NULL, *waits = NULL;
	struct collector *col = NULL;
	struct collector_opts co;
	struct collector_stats st;
	struct stat sb;
	double t0;

	while ((opt = opts_next(argc, argv, usage_text)) != OPTS_END) {
		switch (opt) {
		case 'o': out_path = optarg; break;
		case 'w': waits_path = optarg; break;
		case 't': tee = 1; break;
		case OPTS_HELP: msg_help(usage_text); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		errorf("one input at most, got '%s' and '%s'", argv[optind], argv[optind + 1]);
		return EXIT_USAGE;
	}
	if (optind < argc)
		in_path = argv[optind];

	if (strcmp(in_path, "-") == 0) {
		fd = STDIN_FILENO;
	} else if ((fd = open(in_path, O_RDONLY)) < 0) {
		errorf("cannot read '%s': %s", in_path, strerror(errno));
		return EXIT_USAGE;
	}
	if ((sigfd = signals_install()) < 0) {
		errorf("cannot catch signals: %s", strerror(errno));
		goto out;
	}
	if (!(trace = open_out(out_path)))
		goto out;
	if (waits_path && !(waits = open_out(waits_path)))
		goto out;

	/* Big writes: rows are flushed as samples complete anyway. */
	setvbuf(trace, NULL, _IOFBF, 1 << 16);
	memset(&co, 0, sizeof(co));
	co.trace = trace;
	/* Only a regular file can be rewritten when the table widens. */
	if (trace != stdout && fstat(fileno(trace), &sb) == 0 && S_ISREG(sb.st_mode))
		co.trace_path = out_path;
	co.waits = waits;
	co.tee = tee ? stderr : NULL;
	co.trace_name = out_path ? out_path : "stdout";
	co.waits_name = waits_path;
	co.tee_name = "stderr";
	if (!(col = collector_new(&co))) {
		errorf("out of memory");
		goto out;
	}

	t0 = mono_now_ms();
	if ((got = pump(col, fd, in_path, sigfd, t0)) < 0)
		goto failed;
	if (collector_finish(col, mono_now_ms() - t0) < 0)
		goto failed;
	if ((trace != stdout && fclose(trace) != 0) || (trace == stdout && fflush(stdout) != 0)) {
		trace = NULL;
		errorf("writing '%s': %s", out_path ? out_path : "stdout", strerror(errno));
		goto out;
	}
	trace = NULL;
	if (waits && fclose(waits) != 0) {
		waits = NULL;
		errorf("writing '%s': %s", waits_path, strerror(errno));
		goto out;
	}
	waits = NULL;

	collector_get_stats(col, &st);
	/* The program's last words may lack a newline: start on a line of our own. */
	if (tee && st.tee_mid_line)
		fputc('\n', stderr);
	notef("%llu samples (%llu with G states), %llu malformed lines, %llu other lines, "
	      "%llu orphan P/M/G lines, widest GOMAXPROCS %d%s",
	      (unsigned long long)st.samples, (unsigned long long)st.detail_samples,
	      (unsigned long long)st.malformed, (unsigned long long)st.other_lines,
	      (unsigned long long)st.orphan_lines, st.max_p,
	      got ? _("; stopped by a signal") : "");
	if (st.stale_header)
		warnf("the table widened mid-stream (GOMAXPROCS grew, or a crash dump brought "
		      "G states); the header on stdout names fewer columns than later rows have "
		      "(use -o FILE to get it rewritten)");
	if (st.mixed)
		warnf("two Go runtimes wrote their schedtrace to this input (their uptimes interleave: %lld ms, "
		      "then %lld ms; %d series): a wrapper, 'go run', or a child that inherits GODEBUG; the table "
		      "holds both, mixed. Trace the program alone: run its built binary with GODEBUG set for it, "
		      "not for a shell or the go tool", (long long)st.back_from, (long long)st.back_to,
		      st.runtimes);
	if (st.samples == 0 && st.malformed == 0)
		warnf("no SCHED line in the input; was GODEBUG=schedtrace=MS set?");
	rc = got ? signals_exit_code(signals_caught()) : EXIT_OK;
	goto out;

failed:
	if (collector_failed_file(col))
		errorf("writing '%s': %s", collector_failed_file(col), strerror(errno));
out:
	collector_free(col);
	if (trace && trace != stdout)
		fclose(trace);
	if (waits && waits != stdout)
		fclose(waits);
	if (fd > STDIN_FILENO)
		close(fd);
	return rc;
}
