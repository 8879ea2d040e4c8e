/* plot_files.c - look at a run directory, write plot.gp, run gnuplot */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "files.h"
#include "lab.h"
#include "meta.h"
#include "msg.h"
#include "i18n.h"
#include "plot.h"
#include "signals.h"
#include "report.h"
#include "term.h"
#include "tsv.h"

int plot_scan(const char *dir, struct plot_spec *s, char *err, size_t errlen)
{
	static struct meta m;
	static struct lab lab;
	struct report_input in;
	struct report r;
	struct lab_error le;
	int i;

	/* What the charts show is what the report reads: one reading of the
	 * run directory's files, through their owners. */
	memset(s, 0, sizeof(*s));
	if (report_load(dir, &in, err, errlen) < 0) {
		report_input_free(&in);
		return -1;
	}
	report_compute(&in, &r);
	if (meta_read(dir, &m, err, errlen) < 0 || meta_lab(&m, dir, &lab, &le) < 0)
		lab_defaults(&lab, dir); /* a lab line we cannot read only loses a title */
	snprintf(s->name, sizeof(s->name), "%s", in.lab_name);
	snprintf(s->title, sizeof(s->title), "%s", in.title_shown[0] ? in.title_shown : in.title);
	snprintf(s->endpoint, sizeof(s->endpoint), "%s", in.targets_shown[0] ? in.targets_shown : in.targets);
	snprintf(s->probe, sizeof(s->probe), "%s", in.probe);
	s->partial = in.partial;
	s->detail = in.detail;
	s->np = in.np;
	s->gomaxprocs = in.gomaxprocs > 0 ? in.gomaxprocs : lab.gomaxprocs;
	s->have_trace = in.samples > 0;
	s->have_requests = in.sent > 0;
	s->have_goroutines = in.ng > 0 && !in.g_from_trace;
	s->have_idle_conns = in.have_idle_conns;
	s->have_leaked = in.leaked_max > 0;
	s->have_probe = in.probes > in.probes_failed;
	s->have_probe_failed = in.probes_failed > 0;
	s->xmax_s = in.xmax_ms / 1000 > 1 ? in.xmax_ms / 1000 : 1;
	s->npauses = in.npauses;
	for (i = 0; i < in.npauses; i++) {
		s->pauses[i][0] = in.pauses[i][0] / 1000;
		s->pauses[i][1] = in.pauses[i][1] / 1000;
	}
	s->runnable = r.verdict == REPORT_RUNNABLE_LEAK && !in.verdict_hidden;
	if (!in.verdict_hidden)
	{
		/* The reader's word, with the English one beside it as the
		 * summary prints it: "vazamento runnable (runnable leak)". */
		const char *en = report_verdict_name(r.verdict), *word = _(en);

		if (strcmp(word, en) != 0)
			snprintf(s->verdict, sizeof(s->verdict), "%s (%s)", word, en);
		else
			snprintf(s->verdict, sizeof(s->verdict), "%s", en);
	}
	s->queued_end = r.queued_end;
	s->requests = r.culprit.target >= 0 && !in.verdict_hidden ? r.culprit.requests : (double)in.sent;
	s->trace_mixed = in.trace_runtimes > 1;
	s->sent = (double)in.sent;
	s->last_start_s = isnan(in.last_start_ms) ? 0 : in.last_start_ms / 1000;
	s->time_slice_ms = r.time_slice_ms;
	s->samples = (unsigned long)in.samples;
	report_input_free(&in);
	return 0;
}

int plot_dumb_for(int fd, struct plot_dumb *d)
{
	int cols, rows;

	term_size(fd, &cols, &rows);
	/* One column spare (a full line wraps on some terminals), two rows
	 * for the prompt; beyond a big screen a chart gets no clearer. */
	d->cols = cols - 1 < 200 ? cols - 1 : 200;
	d->rows = rows - 2 < 50 ? rows - 2 : 50;
	d->color = term_color(fd);
	return cols < 60 || rows < 20 ? -1 : 0;
}

enum plot_status plot_exec(const char *dir, const char *script, const char *fmt,
			   const struct plot_dumb *dumb, int abort_fd, char *err, size_t errlen)
{
	char expr[128], msg[2048];
	int pfd[2], status, aborted = 0;
	size_t used = 0;
	pid_t pid;

	if (dumb)
		snprintf(expr, sizeof(expr), "fmt='%s'; cols=%d; rows=%d; color=%d", fmt, dumb->cols,
			 dumb->rows, dumb->color);
	else
		snprintf(expr, sizeof(expr), "fmt='%s'", fmt);
	if (pipe(pfd) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return PLOT_FAILED;
	}
	fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
	fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
	fflush(stdout);
	if ((pid = fork()) < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return PLOT_FAILED;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		/* Its own group: the terminal's Ctrl-C is leaklab's to handle. */
		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		if (chdir(dir) < 0)
			_exit(126);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(pfd[1], 2);
		execlp("gnuplot", "gnuplot", "-e", expr, script, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	close(pfd[1]);
	for (;;) {
		struct pollfd pf[2] = { { pfd[0], POLLIN, 0 }, { abort_fd, POLLIN, 0 } };
		char sink[4096];
		ssize_t n;

		if (poll(pf, abort_fd >= 0 ? 2 : 1, -1) < 0 && errno != EINTR)
			break;
		if (abort_fd >= 0 && pf[1].revents) {
			kill(-pid, SIGKILL);
			aborted = 1;
			break;
		}
		if (!pf[0].revents)
			continue;
		n = read(pfd[0], used < sizeof(msg) - 1 ? msg + used : sink,
			 used < sizeof(msg) - 1 ? sizeof(msg) - 1 - used : sizeof(sink));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (used < sizeof(msg) - 1)
			used += (size_t)n;
	}
	msg[used] = '\0';
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (aborted)
		return PLOT_INTERRUPTED;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		snprintf(err, errlen, _("gnuplot is not installed (run scripts/bootstrap.sh, or apt-get install gnuplot-nox)"));
		return PLOT_FAILED;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || strstr(msg, "rror")) {
		while (used && (msg[used - 1] == '\n' || msg[used - 1] == ' '))
			msg[--used] = '\0';
		if (!WIFEXITED(status))
			snprintf(err, errlen, _("gnuplot was killed by signal %d drawing %s in %s"), WTERMSIG(status), fmt, dir);
		else
			snprintf(err, errlen, _("gnuplot failed drawing %s in %s:\n%s"), fmt, dir,
				 used ? msg : _("(it said nothing)"));
		return PLOT_FAILED;
	}
	return PLOT_OK;
}

int plot_check_file(const char *dir, const char *name, char *err, size_t errlen)
{
	static const struct { const char *ext, *tail; size_t window; } ends[] = {
		{ ".png", "IEND\xae\x42\x60\x82", 8 },
		{ ".svg", "</svg>", 32 },
		{ ".pdf", "%%EOF", 32 },
	};
	char path[4200], buf[64];
	size_t n = strlen(name), i;
	struct stat sb;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (stat(path, &sb) < 0) {
		snprintf(err, errlen, _("the chart '%s' was not written: %s"), path, strerror(errno));
		return -1;
	}
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		size_t k = strlen(ends[i].ext), got, tl = strlen(ends[i].tail);

		if (n < k || strcmp(name + n - k, ends[i].ext) != 0)
			continue;
		if (!(f = fopen(path, "rb"))) {
			snprintf(err, errlen, _("cannot read the chart '%s': %s"), path, strerror(errno));
			return -1;
		}
		if ((size_t)sb.st_size < ends[i].window || fseek(f, -(long)ends[i].window, SEEK_END) != 0 ||
		    (got = fread(buf, 1, ends[i].window, f)) != ends[i].window ||
		    !memmem(buf, got, ends[i].tail, tl)) {
			fclose(f);
			snprintf(err, errlen, _("the chart '%s' is cut short (%lld bytes; a full disk?)"), path,
				 (long long)sb.st_size);
			return -1;
		}
		fclose(f);
	}
	return 0;
}

/* The formats a chart can be drawn in, and their names in plot.gp and
 * for the files. */
static const struct { int bit; const char *name, *ext; } fmts[] = {
	{ PLOT_PNG, "png", "png" }, { PLOT_SVG, "svg", "svg" }, { PLOT_PDF, "pdf", "pdf" }, { PLOT_DUMB, "dumb", NULL },
	{ PLOT_PAGE, "page", "page.svg" },
};

enum plot_status plot_draw(const char *dir, const char *script, int formats, const char *const *files,
			   int missing_ok, const struct plot_dumb *dumb, int abort_fd, char *err, size_t errlen)
{
	char path[4096];
	struct stat sb;
	enum plot_status st;

	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		if (!(formats & fmts[i].bit))
			continue;
		if ((st = plot_exec(dir, script, fmts[i].name, fmts[i].bit == PLOT_DUMB ? dumb : NULL,
				    abort_fd, err, errlen)) != PLOT_OK)
			return st;
		if (fmts[i].bit == PLOT_DUMB)
			continue;
		for (size_t k = 0; files[k]; k++) {
			char name[256];

			snprintf(name, sizeof(name), "%s.%s", files[k], fmts[i].ext);
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			/* The page draws no dashboard (it shows each chart). */
			if ((missing_ok || fmts[i].bit == PLOT_PAGE) && stat(path, &sb) != 0)
				continue;
			if (plot_check_file(dir, name, err, errlen) < 0)
				return PLOT_FAILED;
		}
	}
	return PLOT_OK;
}

enum plot_status plot_run(const char *dir, const struct plot_spec *spec, int formats, int keep_existing,
			  const struct plot_dumb *dumb, int abort_fd, char *err, size_t errlen)
{
	char path[4096], names[PLOT_MAX_CHARTS][64];
	const char *files[PLOT_MAX_CHARTS + 1];
	struct stat sb;
	size_t k;
	int written;

	snprintf(path, sizeof(path), "%s/plot.gp", dir);
	written = !keep_existing || stat(path, &sb) != 0;
	if (written) {
		size_t n = plot_script(spec, NULL, 0) + 1;
		char *text = malloc(n);

		if (!text) {
			snprintf(err, errlen, "out of memory");
			return PLOT_FAILED;
		}
		plot_script(spec, text, n);
		if (files_write(dir, "plot.gp", text, n - 1) < 0) {
			snprintf(err, errlen, _("cannot write '%s': %s"), path, strerror(errno));
			free(text);
			return PLOT_FAILED;
		}
		free(text);
	}
	for (k = 0; k < plot_ncharts() && k < PLOT_MAX_CHARTS; k++) {
		snprintf(names[k], sizeof(names[k]), "charts/%s", plot_chart_at(k)->name);
		files[k] = names[k];
	}
	files[k] = NULL;
	/* A chart an older plot.gp does not draw (kept, not --fresh) is no
	 * fault; a plot.gp written now draws them all. */
	return plot_draw(dir, "plot.gp", formats, files, keep_existing && !written, dumb, abort_fd, err, errlen);
}

int plot_exit_code(enum plot_status st, const char *err)
{
	switch (st) {
	case PLOT_OK:
		return 0;
	case PLOT_INTERRUPTED:
		errorf("interrupted by %s while drawing: the charts are incomplete", strsignal(signals_caught()));
		return signals_exit_code(signals_caught());
	default:
		errorf("%s", err);
		return EXIT_FAIL;
	}
}
