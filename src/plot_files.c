/* plot_files.c - look at a run directory, write plot.gp, run gnuplot */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "files.h"
#include "lab.h"
#include "plot.h"
#include "tsv.h"

/* Count the rows of a table whose column tcol is a number, and whose
 * column scol (if any) tells success (2xx) or not; track the last time. */
static void scan_table(const char *dir, const char *name, const char *tcol, const char *scol,
		       int *ok, int *bad, double *xmax)
{
	char path[4096];
	struct tsv *t;
	int ct, cs;

	*ok = 0;
	if (bad)
		*bad = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(t = tsv_open(path)))
		return;
	ct = tsv_col(t, tcol);
	cs = scol ? tsv_col(t, scol) : -1;
	while (tsv_next(t)) {
		double tm = tsv_num(t, ct), st = tsv_num(t, cs);

		if (isnan(tm))
			continue;
		if (tm / 1000 > *xmax)
			*xmax = tm / 1000;
		if (cs < 0 || (st >= 200 && st < 300))
			(*ok)++;
		else if (bad)
			(*bad)++;
	}
	tsv_close(t);
}

int plot_scan(const char *dir, struct plot_spec *s, char *err, size_t errlen)
{
	char path[4096], line[1024];
	struct tsv *t = NULL;
	struct lab lab;
	FILE *f;
	int in_lab = 0;

	memset(s, 0, sizeof(*s));
	lab_defaults(&lab, dir);
	snprintf(path, sizeof(path), "%s/meta.txt", dir);
	if (!(f = fopen(path, "r"))) {
		snprintf(err, errlen, "cannot read '%s': %s (is '%s' a run directory?)", path, strerror(errno), dir);
		return -1;
	}
	/* The lab as it ran, at the end of meta.txt; partial in the header. */
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "--- lab as run ---", 18) == 0) {
			in_lab = 1;
			continue;
		}
		if (!in_lab) {
			if (strcmp(line, "partial: true\n") == 0)
				s->partial = 1;
			continue;
		}
		{
			struct lab_error le;

			if (lab_parse(&lab, line, strlen(line), path, &le) < 0)
				continue; /* a line we cannot read only loses a title */
		}
	}
	fclose(f);
	snprintf(s->name, sizeof(s->name), "%s", lab.name);
	snprintf(s->title, sizeof(s->title), "%s", lab.title);
	snprintf(s->endpoint, sizeof(s->endpoint), "%s", lab.endpoint);
	snprintf(s->probe, sizeof(s->probe), "%s", lab.probe);
	s->gomaxprocs = lab.gomaxprocs;

	snprintf(path, sizeof(path), "%s/trace.tsv", dir);
	if ((t = tsv_open(path))) {
		int i;

		s->detail = tsv_col(t, "g_runnable") >= 0;
		for (i = 0; i < t->ncols; i++)
			if (t->header[i][0] == 'p' && t->header[i][1] >= '0' && t->header[i][1] <= '9')
				s->np++;
		tsv_close(t);
	}
	s->xmax_s = 1;
	scan_table(dir, "trace.tsv", "t_ms", NULL, &s->have_trace, NULL, &s->xmax_s);
	scan_table(dir, "requests.tsv", "t_start_ms", NULL, &s->have_requests, NULL, &s->xmax_s);
	scan_table(dir, "goroutines.tsv", "t_ms", NULL, &s->have_goroutines, NULL, &s->xmax_s);
	scan_table(dir, "probe.tsv", "t_ms", "status", &s->have_probe, &s->have_probe_failed, &s->xmax_s);
	return 0;
}

/* Run gnuplot in dir with fmt; keep its stderr for the error message. */
int plot_exec(const char *dir, const char *script, const char *fmt, char *err, size_t errlen)
{
	char expr[64], msg[2048];
	int pfd[2], status;
	size_t used = 0;
	ssize_t n;
	pid_t pid;

	snprintf(expr, sizeof(expr), "fmt='%s'", fmt);
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(stdout);
	if ((pid = fork()) < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		if (chdir(dir) < 0)
			_exit(126);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(pfd[1], 2);
		execlp("gnuplot", "gnuplot", "-e", expr, script, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], msg + used, sizeof(msg) - 1 - used)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && (used += (size_t)n) >= sizeof(msg) - 1)
			break;
	msg[used] = '\0';
	/* Drain what does not fit, so gnuplot never blocks on us. */
	{
		char sink[4096];

		while ((n = read(pfd[0], sink, sizeof(sink))) > 0 || (n < 0 && errno == EINTR))
			;
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		snprintf(err, errlen, "gnuplot is not installed (run scripts/bootstrap.sh, or apt-get install gnuplot-nox)");
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || strstr(msg, "rror")) {
		/* The last lines say what went wrong. */
		snprintf(err, errlen, "gnuplot failed drawing %s in %s:\n%s", fmt, dir, msg);
		return -1;
	}
	return 0;
}

int plot_run(const char *dir, const struct plot_spec *spec, int formats, int keep_existing,
	     char *err, size_t errlen)
{
	static const struct { int bit; const char *name; } fmts[] = {
		{ PLOT_PNG, "png" }, { PLOT_SVG, "svg" }, { PLOT_PDF, "pdf" }, { PLOT_DUMB, "dumb" },
	};
	char path[4096];
	struct stat sb;
	size_t i;

	snprintf(path, sizeof(path), "%s/plot.gp", dir);
	if (!keep_existing || stat(path, &sb) != 0) {
		size_t n = plot_script(spec, NULL, 0) + 1;
		char *text = malloc(n);

		if (!text) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		plot_script(spec, text, n);
		if (files_write(dir, "plot.gp", text, n - 1) < 0) {
			snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
			free(text);
			return -1;
		}
		free(text);
	}
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if ((formats & fmts[i].bit) && plot_exec(dir, "plot.gp", fmts[i].name, err, errlen) < 0)
			return -1;
	return 0;
}
