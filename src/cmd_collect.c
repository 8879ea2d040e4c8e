/* cmd_collect.c - leaklab collect: schedtrace text to trace.tsv */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "collector.h"
#include "mono.h"
#include "msg.h"

static const char usage_text[] =
	"usage: leaklab collect [FILE|-] [-o trace.tsv] [--waits waits.tsv] [--tee]\n"
	"\n"
	"Turn GODEBUG=schedtrace output (a file, or stdin for '-' or no FILE) into\n"
	"trace.tsv as it arrives, one row per SCHED line. Lines cut by other output\n"
	"are counted as malformed and skipped, never guessed at.\n"
	"\n"
	"  -o, --output FILE   where trace.tsv goes (default: stdout)\n"
	"  -w, --waits FILE    with scheddetail=1: waiting goroutines by wait reason\n"
	"  -t, --tee           pass every line that is not a trace line to stderr\n"
	"  -h, --help          this text\n"
	"\n"
	"On any Go program:\n"
	"  GODEBUG=schedtrace=1000 ./app 2>&1 >/dev/null | leaklab collect --tee -o trace.tsv\n";

static FILE *open_out(const char *path)
{
	FILE *f;

	if (!path || strcmp(path, "-") == 0)
		return stdout;
	if (!(f = fopen(path, "w")))
		errorf("collect: cannot write '%s': %s", path, strerror(errno));
	return f;
}

int cmd_collect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "waits", required_argument, NULL, 'w' },
		{ "tee", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *in_path = "-", *out_path = NULL, *waits_path = NULL;
	int tee = 0, opt, fd = -1, rc = EXIT_FAIL;
	FILE *trace = NULL, *waits = NULL;
	struct collector *col = NULL;
	struct collector_opts co;
	struct collector_stats st;
	struct stat sb;
	char buf[64 * 1024];
	double t0;
	ssize_t n;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:w:th", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o': out_path = optarg; break;
		case 'w': waits_path = optarg; break;
		case 't': tee = 1; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default:
			errorf("collect: bad option '%s'; see 'leaklab collect --help'", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		errorf("collect: one input at most, got '%s' and '%s'", argv[optind], argv[optind + 1]);
		return EXIT_USAGE;
	}
	if (optind < argc)
		in_path = argv[optind];

	if (strcmp(in_path, "-") == 0) {
		fd = STDIN_FILENO;
	} else if ((fd = open(in_path, O_RDONLY)) < 0) {
		errorf("collect: cannot read '%s': %s", in_path, strerror(errno));
		return EXIT_USAGE;
	}
	if (!(trace = open_out(out_path)))
		goto out;
	if (waits_path && !(waits = open_out(waits_path)))
		goto out;

	memset(&co, 0, sizeof(co));
	co.trace = trace;
	/* Only a regular file can be rewritten when GOMAXPROCS grows. */
	if (trace != stdout && fstat(fileno(trace), &sb) == 0 && S_ISREG(sb.st_mode))
		co.trace_path = out_path;
	co.waits = waits;
	co.tee = tee ? stderr : NULL;
	if (!(col = collector_new(&co))) {
		errorf("collect: out of memory");
		goto out;
	}

	t0 = mono_now_ms();
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			errorf("collect: reading '%s': %s", in_path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (collector_feed(col, buf, (size_t)n, mono_now_ms() - t0) < 0)
			goto write_failed;
	}
	if (collector_finish(col, mono_now_ms() - t0) < 0)
		goto write_failed;
	if ((trace != stdout && fclose(trace) != 0) || (trace == stdout && fflush(stdout) != 0)) {
		trace = NULL;
		errorf("collect: writing '%s': %s", out_path ? out_path : "stdout", strerror(errno));
		goto out;
	}
	trace = NULL;
	if (waits && fclose(waits) != 0) {
		waits = NULL;
		errorf("collect: writing '%s': %s", waits_path, strerror(errno));
		goto out;
	}
	waits = NULL;

	collector_get_stats(col, &st);
	fprintf(stderr, "leaklab: collect: %llu samples (%llu detailed), %llu malformed lines, "
		"%llu other lines, widest GOMAXPROCS %d\n",
		(unsigned long long)st.samples, (unsigned long long)st.detail_samples,
		(unsigned long long)st.malformed, (unsigned long long)st.other_lines, st.max_p);
	if (st.widened)
		warnf("collect: GOMAXPROCS grew to %d mid-stream; the header on stdout names fewer "
		      "P columns than later rows have (use -o FILE to get it rewritten)", st.max_p);
	if (st.samples == 0 && st.malformed == 0)
		warnf("collect: no SCHED line in the input; was GODEBUG=schedtrace=MS set?");
	rc = EXIT_OK;
	goto out;

write_failed:
	{
		const char *which = collector_failed_file(col);
		const char *name = strcmp(which, "waits") == 0 ? waits_path :
				   strcmp(which, "tee") == 0 ? "stderr" : out_path;

		errorf("collect: writing '%s': %s", name ? name : "stdout", strerror(errno));
	}
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
