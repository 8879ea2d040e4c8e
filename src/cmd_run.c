/* cmd_run.c - leaklab run: options and sequencing; the work is in run.c,
 * report.c and plot.c */
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cmd.h"
#include "files.h"
#include "install.h"
#include "lab.h"
#include "live.h"
#include "i18n.h"
#include "msg.h"
#include "opts.h"
#include "page.h"
#include "plot.h"
#include "program_env.h"
#include "report.h"
#include "run.h"
#include "rundir.h"
#include "schedule.h"
#include "signals.h"
#include "suggest.h"
#include "target.h"
#include "term.h"
#include "textbuf.h"

#define DEFAULT_LAB "lab/01-cpu-leak.lab"
#define MAX_SETS 32
#define BODY_MAX (16 * 1024 * 1024)

static const char usage_head[] =
	N_("usage: leaklab run [LAB_FILE] [-o DIR] [--set KEY=VALUE]... [--format LIST]\n"
	"                   [--no-plot] [--quiet] [--live] [--expect VERDICT]\n"
	"                   [-- COMMAND [ARG...]]\n"
	"\n"
	"Run one lab: start the Go program with GODEBUG=schedtrace, drive the lab's\n"
	"load at its rate, record the trace, poll pprof and probe latency, stop the\n"
	"program, then write the run directory, the charts and the summary with a\n"
	"verdict. The program is the bundled server unless the lab's 'command' or\n"
	"'-- COMMAND' names your own: it gets PORT and ADDR=127.0.0.1:PORT in its\n"
	"environment ($PORT, ${PORT}, $ADDR and ${ADDR} in its words are replaced by\n"
	"them, nothing else), and it and every process it starts die with leaklab.\n"
	"With a 'url' and no command, the service is already running: leaklab starts\n"
	"nothing, drives it and reads its pprof (no trace, so no run queues). Without\n"
	"LAB_FILE it runs lab/01-cpu-leak.lab (with a COMMAND or a url: 5/s of GET /).\n"
	"\n"
	"  -o, --output DIR     the run directory (default out/<lab>-<YYYYmmdd-HHMMSS>,\n"
	"                       with out/<lab>-latest pointing at it)\n"
	"  -s, --set KEY=VALUE  override one lab key, e.g. --set rate='10/s for 5s'\n"
	"  -f, --format LIST    chart formats: png, svg, pdf (default png)\n"
	"      --no-plot        no charts (plot later with 'leaklab plot DIR')\n"
	"  -q, --quiet          no live status line, no text chart\n"
	"      --live           a full-screen view of the run as it goes (queue chart,\n"
	"                       a bar per run queue, goroutines, probe, time left),\n"
	"                       for a terminal of at least 80x24; to project in class\n"
	"      --expect VERDICT exit 3 unless the verdict is VERDICT: 'no leak',\n"
	"                       'runnable leak' or 'blocked leak' (a check for CI;\n"
	"                       'unknown' never matches 'no leak')\n"
	"  -h, --help           this text\n"
	"\n"
	"Examples:\n"
	"  leaklab run lab/03-blocked-leak.lab\n"
	"  leaklab run --set 'target=GET /api/search?q=x' -- go run ./cmd/shop\n"
	"  leaklab run --set pprof=http://127.0.0.1:6060 -- ./myservice -addr '$ADDR'\n"
	"  leaklab run --set url=http://127.0.0.1:8080 --set 'rate=10/s for 20s'\n"
	"  leaklab run --expect 'no leak' --quiet --no-plot -- ./myservice\n"
	"\n"
	"Lab keys (key = value lines, '#' comments):\n");

static const char usage_tail[] =
	N_("\n"
	"Exit codes: 0 the whole schedule ran (and the verdict is --expect's); 1 a\n"
	"failure, or a run cut short (the program died, the duration cap came first);\n"
	"2 bad input (an option, the lab file, a refused target, an unusable -o); 3\n"
	"the verdict is not --expect's; 128+N stopped by signal N (130 Ctrl-C, 143\n"
	"SIGTERM, 129 SIGHUP). A run stopped early keeps every byte, and still writes\n"
	"its summary (marked partial) and charts.\n");

static void usage(void)
{
	/* Each piece in the reader's language; the options are still read
	 * from the English usage_head (opts_next). */
	const char *head = _(usage_head), *tail = _(usage_tail);
	size_t n = lab_keys_help(NULL, 0) + strlen(head) + strlen(tail) + 1;
	char *text = malloc(n);
	struct textbuf o;

	if (!text)
		return;
	textbuf_init(&o, text, n);
	textbuf_printf(&o, "%s", head);
	o.used += lab_keys_help(text + o.used, n - o.used);
	textbuf_printf(&o, "%s", tail);
	msg_help(text);
	free(text);
}

#define EXIT_EXPECT 3

struct options {
	const char *lab_path, *out_dir, *format, *expect;
	char *sets[MAX_SETS];
	int nsets, no_plot, quiet, live, formats;
	char **command;           /* after "--", or NULL */
};

/* Did the shell split a --set value at its spaces ("--set rate=10/s for
 * 5s")? In the command line as typed (orig: argv before getopt reordered
 * it), a --set value followed by words that are no option and no lab
 * file. Then the value as it should have been quoted goes into buf. */
static int split_set(char **orig, int argc, char *buf, size_t len)
{
	for (int i = 1; i + 1 < argc && i < 255; i++) {
		const char *v = NULL;
		struct textbuf o;
		int j, words = 0;

		if ((strcmp(orig[i], "-s") == 0 || strcmp(orig[i], "--set") == 0) && i + 2 <= argc)
			v = orig[++i];
		else if (strncmp(orig[i], "--set=", 6) == 0)
			v = orig[i] + 6;
		if (!v || !strchr(v, '='))
			continue;
		textbuf_init(&o, buf, len);
		textbuf_printf(&o, "%s", v);
		for (j = i + 1; j < argc && j < 256 && orig[j][0] != '-' && !strstr(orig[j], ".lab"); j++, words++)
			textbuf_printf(&o, " %s", orig[j]);
		if (words)
			return 1;
	}
	return 0;
}

/* Returns EXIT_OK to go on, or the exit code (--help: -1 meaning done). */
static int parse_options(int argc, char **argv, struct options *o)
{
	char err[256], *orig[256];
	int opt, i;

	for (i = 0; i < argc && i < 256; i++)
		orig[i] = argv[i];

	memset(o, 0, sizeof(*o));
	o->format = "png";
	/* "-- COMMAND ARG...": everything after it is the program's. */
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			if (i + 1 == argc) {
				errorf("'--' names no command; e.g. leaklab run -- ./myservice");
				return EXIT_USAGE;
			}
			o->command = argv + i + 1;
			argc = i;
			break;
		}
	while ((opt = opts_next(argc, argv, usage_head)) != OPTS_END) {
		switch (opt) {
		case 'o': o->out_dir = optarg; break;
		case 's':
			if (o->nsets == MAX_SETS) {
				errorf("more than %d --set", MAX_SETS);
				return EXIT_USAGE;
			}
			o->sets[o->nsets++] = optarg;
			break;
		case 'f': o->format = optarg; break;
		case 'q': o->quiet = 1; break;
		case OPTS_LONG:
			o->no_plot |= opts_is("no-plot");
			o->live |= opts_is("live");
			if (opts_is("expect"))
				o->expect = optarg;
			break;
		case OPTS_HELP: usage(); return -1;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		char value[600];

		if (split_set(orig, argc, value, sizeof(value)))
			errorf("one lab file at a time, got '%s' and '%s': the shell split a --set value at its "
			       "spaces; quote it: --set '%s'", argv[optind], argv[optind + 1], value);
		else
			errorf("one lab file at a time, got '%s' and '%s'%s", argv[optind], argv[optind + 1],
			       o->command ? "" : _(" (a command to run goes after '--')"));
		return EXIT_USAGE;
	}
	o->lab_path = optind < argc ? argv[optind] : NULL;
	if (o->expect && report_verdict_matches(REPORT_NO_LEAK, o->expect) < 0) {
		errorf("--expect: '%s': expected 'no leak', 'runnable leak' or 'blocked leak'", o->expect);
		return EXIT_USAGE;
	}
	if (o->live) {
		int cols, rows;

		if (o->quiet) {
			errorf("--live and --quiet: choose one (the live view is the opposite of quiet)");
			return EXIT_USAGE;
		}
		if (!term_size(STDOUT_FILENO, &cols, &rows)) {
			errorf("--live draws on a terminal, and standard output is not one; without --live "
			       "the run shows a status line, and its files have everything");
			return EXIT_USAGE;
		}
		if (cols < LIVE_MIN_COLS || rows < LIVE_MIN_ROWS) {
			errorf("--live needs a terminal of at least %dx%d; this one is %dx%d", LIVE_MIN_COLS,
			       LIVE_MIN_ROWS, cols, rows);
			return EXIT_USAGE;
		}
	}
	if (plot_parse_formats(o->format, &o->formats, err, sizeof(err)) < 0 || (o->formats & PLOT_DUMB)) {
		errorf("--format: %s", o->formats & PLOT_DUMB ? _("dumb is drawn at the end of every run; "
		       "choose among png, svg, pdf") : err);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* A lab file that is not there: say which labs are, with their titles,
 * and the closest name. */
static void say_labs(const char *missing)
{
	static char where[PATH_MAX], names[64][72], titles[64][160];
	const char *dir = install_path("lab", where, sizeof(where)), *near, *ptrs[64];
	char path[PATH_MAX + 80], base[64];
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return;
	while ((de = readdir(d)) && n < 64) {
		size_t len = strlen(de->d_name), tlen;
		struct lab lab;
		struct lab_error le;
		char *text;

		if (len < 5 || strcmp(de->d_name + len - 4, ".lab") != 0 || len - 4 >= 64)
			continue;
		snprintf(names[n], sizeof(names[n]), "%.*s", (int)(len - 4), de->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		titles[n][0] = '\0';
		if ((text = files_read(path, 1024 * 1024, &tlen))) {
			lab_defaults(&lab, path);
			if (lab_parse(&lab, text, tlen, path, &le) == 0)
				snprintf(titles[n], sizeof(titles[n]), "%s", lab_title(&lab));
			free(text);
		}
		n++;
	}
	closedir(d);
	/* In order: 01-..., 02-... */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char t[160];

			memcpy(t, names[j], sizeof(names[0]));
			memcpy(names[j], names[j - 1], sizeof(names[0]));
			memcpy(names[j - 1], t, sizeof(names[0]));
			memcpy(t, titles[j], sizeof(t));
			memcpy(titles[j], titles[j - 1], sizeof(t));
			memcpy(titles[j - 1], t, sizeof(t));
		}
	for (int i = 0; i < n; i++)
		ptrs[i] = names[i];
	{
		const char *slash = strrchr(missing, '/');
		size_t len;

		snprintf(base, sizeof(base), "%s", slash ? slash + 1 : missing);
		len = strlen(base);
		if (len > 4 && strcmp(base + len - 4, ".lab") == 0)
			base[len - 4] = '\0';
	}
	near = suggest_closest(base, ptrs, (size_t)n);
	/* "03-blocked": the lab numbered 03. */
	for (int i = 0; !near && i < n; i++)
		if (base[0] >= '0' && base[0] <= '9' && base[1] >= '0' && base[1] <= '9' &&
		    strncmp(base, names[i], 2) == 0 && names[i][2] == '-')
			near = names[i];
	if (near)
		fprintf(stderr, _("did you mean %s/%s.lab?\n"), strcmp(dir, "lab") == 0 ? "lab" : dir, near);
	fputs(_("the labs:\n"), stderr);
	for (int i = 0; i < n; i++)
		fprintf(stderr, "  %s/%-20s %s\n", strcmp(dir, "lab") == 0 ? "lab" : dir, strcat(names[i], ".lab"),
			titles[i]);
}

/* The lab: its file (or the defaults for a command), then --set. */
static int read_lab(struct lab *lab, const struct options *o)
{
	struct lab_error le;
	const char *path = o->lab_path;

	int attach = 0;

	/* A service already running, with no lab file: --set url=... alone. */
	for (int i = 0; !path && !o->command && i < o->nsets; i++)
		attach |= strncmp(o->sets[i], "url=", 4) == 0;
	if (!path && (o->command || attach)) {
		char name[64];

		/* Your own program: GET / at a gentle rate, no probe unless asked.
		 * Named for it: "go run ./cmd/shop" is "shop". */
		if (o->command)
			program_name(o->command, name, sizeof(name));
		else
			snprintf(name, sizeof(name), "service");
		lab_defaults(lab, name);
		snprintf(lab->targets[0].path, sizeof(lab->targets[0].path), "/");
		snprintf(lab->rate, sizeof(lab->rate), "5/s for 20s, pause 10s");
		lab->probe[0] = '\0';
		snprintf(lab->title, sizeof(lab->title), "%s under load", name);
		/* The title in the reader's language too (title.pt_BR). */
		if (i18n_pt())
			snprintf(lab->title_pt, sizeof(lab->title_pt), _("%s under load"), name);
	} else {
		static char where[PATH_MAX];
		size_t len;
		char *text;

		if (!path)
			path = install_path(DEFAULT_LAB, where, sizeof(where));
		if (!(text = files_read(path, 1024 * 1024, &len))) {
			int e = errno;

			errorf("cannot read lab file '%s': %s", path,
			       e == EFBIG ? _("larger than 1 MiB") : strerror(e));
			if (e == ENOENT)
				say_labs(path);
			return -1;
		}
		lab_defaults(lab, path);
		if (lab_parse(lab, text, len, path, &le) < 0) {
			free(text);
			errorf("%s", le.msg);
			return -1;
		}
		free(text);
		if (lab->keys_set == 0) {
			errorf("%s: the lab sets no key; a lab says at least what to load and at what rate "
			       "(see 'leaklab run --help', or lab/01-cpu-leak.lab)", path);
			return -1;
		}
	}
	for (int i = 0; i < o->nsets; i++)
		if (lab_set(lab, o->sets[i], &le) < 0) {
			errorf("%s", le.msg);
			return -1;
		}
	/* Who runs it: the lab or --set, else $LEAKLAB_STUDENT (make lab
	 * STUDENT=...); and what the run must show. */
	if (!lab->student[0] && getenv("LEAKLAB_STUDENT") && *getenv("LEAKLAB_STUDENT")) {
		char a[200];

		snprintf(a, sizeof(a), "student=%.150s", getenv("LEAKLAB_STUDENT"));
		if (lab_set(lab, a, &le) < 0) {
			errorf("LEAKLAB_STUDENT: %s", le.what);
			return -1;
		}
	}
	if (o->expect)
		snprintf(lab->expected, sizeof(lab->expected), "%s", o->expect);
	return 0;
}

/* The base URL's host and port, for a lab with a fixed url (checked to be
 * this machine). */
static int fixed_address(const struct lab *lab, char *host, size_t hostlen, int *port)
{
	char err[512], *h = NULL, *p = NULL;
	CURLU *u;
	long v = 0;

	if (target_check(lab->url, 0, err, sizeof(err)) < 0) {
		errorf("url: %s", err);
		return -1;
	}
	if (!(u = curl_url()) || curl_url_set(u, CURLUPART_URL, lab->url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) != CURLUE_OK ||
	    args_long(p, 1, 65535, &v) < 0) {
		errorf("url: '%s': expected http://127.0.0.1:PORT", lab->url);
		curl_free(h);
		curl_free(p);
		curl_url_cleanup(u);
		return -1;
	}
	snprintf(host, hostlen, "%s", h);
	*port = (int)v;
	curl_free(h);
	curl_free(p);
	curl_url_cleanup(u);
	return 0;
}

/* The program's argv: the bundled server with its flags, or the command. */
static int program_argv(const struct lab *lab, char **command, struct run_config *cfg, char *storage,
			size_t storage_len, char **argv, int max)
{
	struct lab_error le;
	char tried[512];
	int n;

	if (command) {
		cfg->argv = command;
		return 0;
	}
	if (lab->command[0]) {
		if ((n = lab_split_words(lab->command, storage, storage_len, argv, max - 1, &le)) < 0) {
			errorf("command: %s", le.msg);
			return EXIT_USAGE;
		}
		argv[n] = NULL;
		{
			static char where[PATH_MAX];

			argv[0] = (char *)install_path(argv[0], where, sizeof(where));
		}
		cfg->argv = argv;
		return 0;
	}
	{
		const char *server = install_server(tried, sizeof(tried));
		char lifetime[32];
		static char life[32];
		int k = 0, extra;

		if (!server) {
			errorf("the bundled server is missing (tried %s): run 'make' first, or set "
			       "LEAKLAB_SERVER to its path", tried);
			return EXIT_FAIL;
		}
		argv[k++] = (char *)server;
		argv[k++] = "-exit-on-eof";
		argv[k++] = "-lifetime";
		/* A backstop: it ends by itself well after the run would. */
		snprintf(lifetime, sizeof(lifetime), "%.0fs",
			 (lab->duration_ms > 0 ? lab->duration_ms : 24.0 * 3600 * 1000) / 1000 + 120);
		memcpy(life, lifetime, sizeof(life));
		argv[k++] = life;
		if ((extra = lab_server_args(lab, storage, storage_len, argv + k, max - k - 1, &le)) < 0) {
			errorf("%s", le.msg);
			return EXIT_USAGE;
		}
		argv[k + extra] = NULL;
		cfg->argv = argv;
		cfg->bundled = 1;
	}
	return 0;
}

static int read_bodies(const struct lab *lab, struct run_config *cfg)
{
	for (int i = 0; i < lab->ntargets; i++) {
		char where[PATH_MAX];
		const char *f = lab->targets[i].body_file[0] ?
				install_path(lab->targets[i].body_file, where, sizeof(where)) : "";

		if (!f[0])
			continue;
		if (!(cfg->bodies[i] = files_read(f, BODY_MAX, &cfg->body_lens[i]))) {
			errorf("target %s %s: cannot read its body '%s': %s (paths are from the current "
			       "directory)", lab->targets[i].method, lab->targets[i].path, f,
			       errno == EFBIG ? _("larger than 16 MiB") : strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Judge, chart, tell. Returns the exit code for this part. */
static int report_and_plot(struct run *r, const struct options *o, int *interrupted,
			   enum report_verdict *verdict)
{
	struct report_input rin;
	struct report rep;
	char err[4096];
	int rc = EXIT_OK;

	if (report_load(r->dir.path, &rin, err, sizeof(err)) < 0) {
		errorf("%s", err);
		report_input_free(&rin);
		return EXIT_FAIL;
	}
	report_compute(&rin, &rep);
	*verdict = rep.verdict;
	if (report_write(r->dir.path, &rin, &rep, err, sizeof(err)) < 0) {
		errorf("%s", err);
		report_input_free(&rin);
		return EXIT_FAIL;
	}
	if (!o->out_dir)
		rundir_link_latest(&r->dir, r->cfg->lab->name);
	if (!o->no_plot) {
		struct plot_spec ps;
		enum plot_status st;

		struct plot_dumb dumb;
		int formats = o->formats | PLOT_PAGE;

		/* The text chart, sized to the terminal; none where it cannot fit. */
		if (!o->quiet) {
			if (plot_dumb_for(STDOUT_FILENO, &dumb) == 0 || !isatty(STDOUT_FILENO))
				formats |= PLOT_DUMB;
			else
				notef("the terminal is smaller than 60x20: no text chart; the chart is %s/charts/queue.png",
				      r->dir.path);
		}
		/* A signal that stopped the run is spent: only a new one (a
		 * second Ctrl-C) stops the drawing. */
		signals_drain();
		st = plot_scan(r->dir.path, &ps, err, sizeof(err)) < 0 ? PLOT_FAILED :
		     plot_run(r->dir.path, &ps, formats, 0, &dumb, r->cfg->sigfd, err, sizeof(err));
		if (st == PLOT_INTERRUPTED) {
			/* The run is whole, its charts are not: say so in the
			 * summary, and how to draw them. */
			size_t at = strlen(rin.ended);

			*interrupted = 1;
			rin.partial = 1;
			if (at + 64 < sizeof(rin.ended))
				snprintf(rin.ended + at, sizeof(rin.ended) - at, "; interrupted by %.20s while drawing the charts",
					 signals_english(signals_caught()));
			report_write(r->dir.path, &rin, &rep, err, sizeof(err));
			errorf("interrupted by %s while drawing the charts: they are incomplete; draw them "
			       "with 'leaklab plot %s'", strsignal(signals_caught()), r->dir.path);
			rc = EXIT_FAIL;
		} else if (st != PLOT_OK) {
			errorf("%s", err);
			rc = EXIT_FAIL;
		} else if (page_write(r->dir.path, err, sizeof(err)) < 0) {
			errorf("%s", err);
			rc = EXIT_FAIL;
		}
	}
	report_print(&rin, &rep, 0);
	if (!o->quiet)
		msg_print("\nrun directory: %s/%s\n", r->dir.path,
			  o->no_plot ? "" : _("  (charts in charts/, all of it on one page: report.html)"));
	if (rin.partial && !o->out_dir && !o->quiet)
		msg_print("out/%s-latest points at this run, partial as it is (its summary says so); the last\n"
			  "whole run of this lab is an older out/%s-<date> directory\n", r->cfg->lab->name,
			  r->cfg->lab->name);
	fflush(stdout);
	report_input_free(&rin);
	return rc;
}

int cmd_run(int argc, char **argv)
{
	static struct lab lab;
	static struct run r;
	struct options o;
	struct run_config cfg;
	struct schedule_error se;
	char words[2048], *wordv[LAB_MAX_WORDS + 8], host[128] = "127.0.0.1", err[2048];
	int rc, curl_started = 0, interrupted = 0;
	enum report_verdict verdict = REPORT_UNKNOWN;

	memset(&cfg, 0, sizeof(cfg));
	memset(&r, 0, sizeof(r));
	if ((rc = parse_options(argc, argv, &o)) != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	msg_set_quiet(o.quiet);
	if (read_lab(&lab, &o) < 0)
		return EXIT_USAGE;
	if (!(cfg.sched = schedule_parse(lab.rate, 0, &se))) {
		errorf("rate: %s", se.msg);
		return EXIT_USAGE;
	}
	cfg.lab = &lab;
	cfg.host = host;
	rc = EXIT_USAGE;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		errorf("libcurl failed to start");
		rc = EXIT_FAIL;
		goto out;
	}
	curl_started = 1;
	if (lab.url[0]) {
		if (fixed_address(&lab, host, sizeof(host), &cfg.port) < 0)
			goto out;
		/* No command: a service already running there. */
		cfg.attach = !o.command && !lab.command[0];
	}
	if (!cfg.attach &&
	    (rc = program_argv(&lab, o.command, &cfg, words, sizeof(words), wordv, LAB_MAX_WORDS + 8)) != 0)
		goto out;
	rc = EXIT_USAGE;
	if (o.command) {
		/* Recorded as run, so that report and plot see it too. */
		if (lab_quote_words(o.command, lab.command, sizeof(lab.command)) >= sizeof(lab.command)) {
			errorf("the command is longer than %zu characters", sizeof(lab.command) - 1);
			goto out;
		}
	}
	if (read_bodies(&lab, &cfg) < 0)
		goto out;
	if (cfg.sched->total == 0)
		notef("rate '%s' sends no request: the run only watches the program for %.0f s",
		      lab.rate, cfg.sched->duration_ms / 1000);

	switch (rundir_create(&r.dir, o.out_dir, lab.name, err, sizeof(err))) {
	case RUNDIR_OK: break;
	case RUNDIR_EUSAGE: errorf("%s", err); rc = EXIT_USAGE; goto out;
	default: errorf("%s", err); rc = EXIT_FAIL; goto out;
	}
	rc = EXIT_FAIL;
	if ((cfg.sigfd = signals_install()) < 0) {
		errorf("cannot catch signals: %s", strerror(errno));
		goto out;
	}
	files_raise_open_limit();
	cfg.live = o.live;
	cfg.tty = !o.quiet && !o.live && isatty(STDERR_FILENO);

	if (run_start(&r, &cfg) < 0) {
		errorf("%s", r.err);
		goto out;
	}
	{
		char what[300];

		lab_describe_targets_shown(&lab, what, sizeof(what));
		if (cfg.attach)
			notef("%s: %llu requests to %s of the service at %s (attached: no trace, pprof only), "
			      "about %.0f s; results in %s/", lab.name, (unsigned long long)cfg.sched->total, what,
			      lab.url, r.run_end_ms / 1000, r.dir.path);
		else
			notef("%s: %llu requests to %s, GOMAXPROCS=%ld, schedtrace=%ldms%s, about %.0f s; results in %s/",
			      lab.name, (unsigned long long)cfg.sched->total, what, lab.gomaxprocs, lab.schedtrace_ms,
			      lab.scheddetail ? _(" with scheddetail") : "", r.run_end_ms / 1000, r.dir.path);
	}
	if (run_loop(&r) < 0)
		errorf("%s", r.err);
	if (run_finish(&r) < 0) {
		errorf("%s", r.err);
		goto out;
	}
	rc = report_and_plot(&r, &o, &interrupted, &verdict);
	switch (r.end) {
	case RUN_COMPLETE:
		if (interrupted)
			rc = signals_exit_code(signals_caught());
		else if (rc == EXIT_OK && o.expect && report_verdict_matches(verdict, o.expect) != 1) {
			errorf("the verdict is '%s', and --expect said '%s'", report_verdict_name(verdict), o.expect);
			rc = EXIT_EXPECT;
		}
		break;
	case RUN_SIGNAL:
		rc = signals_exit_code(signals_caught());
		break;
	default:
		/* The whole schedule did not run: say why, exit 1. */
		errorf("the run is partial: %s", r.meta.ended);
		rc = EXIT_FAIL;
		break;
	}
out:
	run_free(&r);
	schedule_free(cfg.sched);
	for (int i = 0; i < LAB_MAX_TARGETS; i++)
		free(cfg.bodies[i]);
	if (curl_started)
		curl_global_cleanup();
	return rc;
}
