/* plot.c - write plot.gp: charts fit for the back of a classroom */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "plot.h"
#include "textbuf.h"

int plot_parse_formats(const char *list, int *formats, char *err, size_t errlen)
{
	const char *p = list;

	*formats = 0;
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == 3 && strncmp(p, "png", 3) == 0)
			*formats |= PLOT_PNG;
		else if (n == 3 && strncmp(p, "svg", 3) == 0)
			*formats |= PLOT_SVG;
		else if (n == 3 && strncmp(p, "pdf", 3) == 0)
			*formats |= PLOT_PDF;
		else if (n == 4 && strncmp(p, "dumb", 4) == 0)
			*formats |= PLOT_DUMB;
		else {
			snprintf(err, errlen, _("unknown format '%.*s' (png, svg, pdf, dumb)"), (int)n, p);
			return -1;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	if (!*formats) {
		snprintf(err, errlen, _("no format given (png, svg, pdf, dumb)"));
		return -1;
	}
	return 0;
}


/* One meaning, one colour, in every chart: the Okabe-Ito colours where
 * they serve, darker kin where a projector would wash them out (no
 * yellow), and the local queues in a family of their own. */
const struct plot_colour_def plot_colours[COL_NCOLOURS] = {
	[COL_REQUESTS] = { "C_REQUESTS", "#000000" },         /* requests sent (cumulative), dashed */
	[COL_QUEUED] = { "C_QUEUED", "#08306B" },             /* queued: all run queues; runnable goroutines */
	[COL_GLOBAL] = { "C_GLOBAL", "#D55E00" },             /* the global run queue */
	[COL_GOROUTINES] = { "C_GOROUTINES", "#009E73" },     /* goroutines (pprof, or scheddetail's G lines) */
	[COL_WAITING] = { "C_WAITING", "#E69F00" },           /* waiting goroutines */
	[COL_LEAKED] = { "C_LEAKED", "#CC79A7" },             /* proven leaked (status 10) */
	[COL_RUNNING] = { "C_RUNNING", "#5E3C99" },           /* running goroutines */
	[COL_SYSCALL] = { "C_SYSCALL", "#8C8C8C" },           /* goroutines in a system call */
	[COL_THREADS] = { "C_THREADS", "#3B3B3B" },           /* OS threads (Ms) */
	[COL_IDLEPROCS] = { "C_IDLEPROCS", "#A6761D" },       /* idle Ps */
	[COL_SPINNING] = { "C_SPINNING", "#E7298A" },         /* spinning threads */
	[COL_IDLETHREADS] = { "C_IDLETHREADS", "#66A61E" },   /* idle threads */
	[COL_NEEDSPINNING] = { "C_NEEDSPINNING", "#56B4E9" }, /* needspinning */
	[COL_PROBE] = { "C_PROBE", "#0072B2" },               /* probe latency */
	[COL_FAILED] = { "C_FAILED", "#B2182B" },             /* failed or timed-out probes */
	[COL_PREDICTION] = { "C_PREDICTION", "#7F7F7F" },     /* a prediction, dashed */
};

/* Light and dark blues and teals in turn, so neighbouring bands differ. */
const char *const plot_band_colours[PLOT_BANDS] = {
	"#9ECAE1", "#2171B5", "#C6DBEF", "#4292C6", "#A6DBD0", "#08589E", "#D0E6F5", "#3A8FB7",
	"#7FCDBB", "#1D5C8C", "#B3D3E8", "#41AE9D", "#DEEBF7", "#2C7FB8", "#8FC2DF", "#5B8DB8",
};

void plot_put_text(struct textbuf *o, const char *s)
{
	for (; *s; s++)
		if (*s == '\'')
			textbuf_printf(o, "''");
		else
			textbuf_printf(o, "%c", (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

/*
 * A chart's words (translated, or the user's) reach gnuplot inside quotes,
 * and nothing in them may act. Inside a single-quoted string only the
 * quote is special (doubled). Inside a single-quoted string that is itself
 * inside a double-quoted one (a plot command kept in a variable for eval),
 * gnuplot also reads backslashes and double quotes and runs `backquotes`
 * as shell commands: those become \\, \" and \140. Control characters (a
 * newline would end the command) become spaces. The terminals are
 * noenhanced, so @ & ^ _ { } print as they are. q1() and q2() return one of
 * a few static buffers in turn: enough for one textbuf_printf's arguments.
 */
#define QBUFS 24   /* the notes panel takes 15 in one call */

static const char *quote(const char *s, int nested)
{
	static char bufs[QBUFS][1024];
	static unsigned next;
	char *b = bufs[next++ % QBUFS];
	size_t n = 0;

	for (; *s && n + 5 < sizeof(bufs[0]); s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\'')
			b[n++] = '\'', b[n++] = '\'';
		else if (c < 0x20 || c == 0x7f)
			b[n++] = ' ';
		else if (nested && (c == '\\' || c == '"'))
			b[n++] = '\\', b[n++] = (char)c;
		else if (nested && c == '`')
			n += (size_t)snprintf(b + n, 5, "\\140");
		else
			b[n++] = (char)c;
	}
	/* Cut short: never in the middle of a character. */
	if (*s)
		while (n > 0 && ((unsigned char)b[n - 1] & 0xc0) == 0x80)
			n--;
	b[n] = '\0';
	return b;
}

/* The reader's words for a single-quoted string; for one inside a
 * double-quoted one. */
static const char *q1(const char *s)
{
	return quote(_(s), 0);
}

static const char *q2(const char *s)
{
	return quote(_(s), 1);
}

static void head(struct textbuf *o)
{
	textbuf_printf(o, "# plot.gp - leaklab's charts of this run. Edit it and draw again, in this directory:\n"
		"#   gnuplot plot.gp                  (PNG into charts/)\n"
		"#   gnuplot -e \"fmt='svg'\" plot.gp   (or 'pdf'; 'dumb' draws the queue chart as text)\n"
		"# Times are seconds since the program started. Columns are named by the\n"
		"# tables' headers. Sampled values are steps: nothing happened between\n"
		"# two samples that a line could show. Needs gnuplot >= 5.2.\n\n");
	textbuf_printf(o, "if (!exists(\"fmt\")) fmt = 'png'\n"
		"reset   # settings, not the terminal: each script starts clean, even in a deck\n"
		"ext = (fmt eq 'pdf') ? 'pdf' : (fmt eq 'svg') ? 'svg' : (fmt eq 'page') ? 'page.svg' : 'png'\n"
		"pdfish = (fmt eq 'pdf' || fmt eq 'deck')\n"
		"big = pdfish ? 14 : 26      # font size for one chart on a 16:9 slide\n"
		"small = pdfish ? 8 : 15    # per panel of the dashboard\n"
		"set encoding utf8   # the words may be another language's, accents and all\n"
		"if (fmt eq 'png') { set terminal pngcairo size 1920,1080 noenhanced font 'DejaVu Sans,'.big linewidth 2.5 }\n"
		"if (fmt eq 'svg') { set terminal svg size 1920,1080 noenhanced font 'DejaVu Sans,'.big linewidth 2.5 }\n"
		"# 'page': the charts of report.html, with gnuplot's own script inlined (hover\n"
		"# values, a click on a key entry hides its line), drawn thinner.\n"
		"if (fmt eq 'page') { set terminal svg size 1920,1080 mouse standalone noenhanced font 'DejaVu Sans,'.big linewidth 2.5 }\n"
		"if (fmt eq 'pdf') { set terminal pdfcairo size 13.333in,7.5in noenhanced font 'DejaVu Sans,'.big fontscale 1 linewidth 2 }\n"
		"# The text chart: leaklab passes the terminal's size and whether to colour.\n"
		"if (!exists(\"cols\")) { cols = 79 }\n"
		"if (!exists(\"rows\")) { rows = 22 }\n"
		"if (!exists(\"color\")) { color = 0 }\n"
		"if (fmt eq 'dumb' && color) { set terminal dumb size cols,rows ansi }\n"
		"if (fmt eq 'dumb' && !color) { set terminal dumb size cols,rows mono }\n\n");
	textbuf_printf(o, "set datafile separator \"\\t\"\n"
		"set datafile missing \"-\"\n"
		"set key autotitle columnhead     # the tables' first line names the columns\n"
		"set border 3 lw 1.5\n"
		"set tics nomirror out\n"
		"set grid ytics lc rgb '#d9d9d9' lw 1 dt 1\n"
		"set key outside below left horizontal nobox maxcols 3 samplen 2.5 width 2\n"
		"set rmargin 6\n"
		"set xlabel '%s'\n"
		"set yrange [0:*]\n"
		"set offsets 0, 0, graph 0.06, 0\n\n", q1(N_("time since the program started (s)")));
}

/* The time of a row, in seconds, for every chart over time. */
static const char *const t = "(column('t_ms')/1000)";

/* What an empty chart plots: nothing, on a y axis of its own. */
#define EMPTY_PLOT "[][0:1] NaN notitle"

/* The series of one plot command, comma-separated as they come; none at
 * all is an empty plot, with a y range of its own: gnuplot refuses to
 * autoscale an axis no point defines ("all points y value undefined"). */
struct series {
	struct textbuf *o;
	int n;
};

static void series_add(struct series *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void series_add(struct series *l, const char *fmt, ...)
{
	va_list ap;

	if (l->n++)
		textbuf_printf(l->o, ", ");
	va_start(ap, fmt);
	textbuf_vprintf(l->o, fmt, ap);
	va_end(ap);
}

static void series_end(struct series *l)
{
	if (!l->n)
		textbuf_printf(l->o, EMPTY_PLOT);
}

/* The variables every chart uses: colours, bands, title, time axis,
 * pauses, the requests' series. */
static void prelude(struct textbuf *o, const struct plot_spec *s)
{
	int i, nb = s->np < PLOT_BANDS ? s->np : PLOT_BANDS;

	textbuf_printf(o, "# One colour per meaning, the same in every chart (colour-blind safe).\n");
	for (i = 0; i < COL_NCOLOURS; i++)
		textbuf_printf(o, "%s = '%s'\n", plot_colours[i].var, plot_colours[i].rgb);
	textbuf_printf(o, "# The local run queue of P0, P1, ...; beyond %d Ps the rest share the last band.\n"
		"array PC[%d] = [", PLOT_BANDS, PLOT_BANDS);
	for (i = 0; i < PLOT_BANDS; i++)
		textbuf_printf(o, "%s'%s'", i ? ", " : "", plot_band_colours[i]);
	textbuf_printf(o, "]\n\n");

	textbuf_printf(o, "NP = %d          # p0.. columns in trace.tsv\n", s->np);
	textbuf_printf(o, "MARKS = %d       # a mark every MARKS samples on the thin lines\n",
		       s->samples > 60 ? (int)(s->samples / 30) : 1);
	/* A page holds every chart inline: past 400 rows a table is
	 * drawn every THIN (or THINR) rows there; the files keep them all. */
	textbuf_printf(o, "SAMPLES = %lu\nREQUESTS = %.0f\n", s->samples, s->sent);
	textbuf_printf(o, "THIN = (fmt eq 'page' && SAMPLES > 400) ? ceil(SAMPLES / 400.0) : 1     # rows drawn: every THIN\n"
		       "THINR = (fmt eq 'page' && REQUESTS > 400) ? ceil(REQUESTS / 400.0) : 1\n");
	textbuf_printf(o, "NB = %d          # bands drawn\n", nb);
	textbuf_printf(o, "GOMAXPROCS = %ld\n", s->gomaxprocs);
	textbuf_printf(o, "LWS = 1         # line widths scale (the dashboard's panels take thinner ones)\n");
	textbuf_printf(o, "TS = %.3f      # the time slice measured (ms per schedtick); 0: unknown\n",
		       s->time_slice_ms > 0 ? s->time_slice_ms : 0.0);
	textbuf_printf(o, "# Band k (1..NB) stacks the global queue and P0..P(k-1): the last band\n"
		"# takes every P left.\n"
		"LAST(k) = (k == NB && NP > NB) ? NP : k\n"
		"STACK(k) = column('runqueue') + sum [j=0:LAST(k)-1] column(sprintf('p%%d', j))\n"
		"BAND(k) = (k == NB && NP > NB) ? sprintf('%s', k-1, NP-1) : sprintf('%s', k-1)\n",
		/* TRANSLATORS: a band of the queue chart's key; keep %d (P numbers). */
		q1(N_("P%d to P%d")), q1(N_("local run queue of P%d")));
	textbuf_printf(o, "TITLE = '");
	plot_put_text(o, s->title);
	textbuf_printf(o, "%s%s'\n", s->partial ? q1(N_(" (partial run)")) : "",
		       s->trace_mixed ? q1(N_(" (MIXED TRACE: two Go runtimes)")) : "");
	textbuf_printf(o, "VERDICT = '");
	plot_put_text(o, s->verdict);
	textbuf_printf(o, "'\n");
	textbuf_printf(o, "PROBE = '");
	plot_put_text(o, s->probe);
	textbuf_printf(o, "'\n");
	textbuf_printf(o, "ENDPOINT = '");
	plot_put_text(o, s->endpoint);
	textbuf_printf(o, "'\n");
	textbuf_printf(o, "# One time axis for every chart: the whole run.\nset xrange [0:%.3f]\n\n", s->xmax_s);

	/* The schedule's pauses, shaded in every chart over time. */
	textbuf_printf(o, "# The schedule's pauses: nothing new is sent; what stays up is the leak.\n"
		"pauses = \"");
	for (i = 0; i < s->npauses && i < SCHEDULE_MAX_PAUSES; i++)
		textbuf_printf(o, "set object %d rect from %.3f, graph 0 to %.3f, graph 1 behind fillcolor rgb '#ececec' "
			       "fillstyle solid 1.0 noborder; "
			       "set label %d '%s' at %.3f, graph 0.95 center textcolor rgb '#6e6e6e' font ','.FS front; ",
			       i + 1, s->pauses[i][0], s->pauses[i][1], i + 1, q2(N_("pause")),
			       (s->pauses[i][0] + s->pauses[i][1]) / 2);
	textbuf_printf(o, "\"\nFS = big\neval pauses\n\n");

	/* Requests sent, cumulative, held from the last one to the end (the
	 * pause: nothing more is sent, the count stays). REQ2: the same on the
	 * right axis, for a chart whose own numbers the requests would dwarf. */
	for (i = 0; i < 2; i++) {
		const char *axes = i ? " axes x1y2" : "";

		/* TRANSLATORS: %s is what the load asks for ("/leak"); keep it. */
		textbuf_printf(o, "%s = \"'requests.tsv' every THINR using (column('t_start_ms')/1000):(THINR) smooth cumulative%s with steps "
			       "lw (2.5*LWS) lc rgb C_REQUESTS title sprintf('%s', ENDPOINT)", i ? "REQ2" : "REQ",
			       axes, i ? q2(N_("requests sent (to %s), right axis")) : q2(N_("requests sent (to %s)")));
		if (s->sent > 0 && s->xmax_s > s->last_start_s)
			textbuf_printf(o, ", [t=%.3f:%.3f] '+' using (t):(%.0f)%s with lines lw (2.5*LWS) lc rgb C_REQUESTS "
				       "notitle", s->last_start_s, s->xmax_s, s->sent, axes);
		textbuf_printf(o, "\"\n");
	}
	textbuf_printf(o, "# Charts with the requests on the right axis set it; every chart after resets it.\n"
		       "noy2 = \"unset y2tics; unset y2label; set border 3 lw 1.5\"\n\n");
}

/* The queue chart, the lecture's. The gap between the requests and the
 * queues at the end is the spinners on a P: marked, and named in the key
 * (a label there would fight the pause's for room). */
static void queue_chart(struct textbuf *o, const struct plot_spec *s)
{
	int gap = s->runnable && s->have_requests && s->requests - s->queued_end >= 1 && s->queued_end > 0;
	textbuf_printf(o, "# The queue chart: the global run queue at the bottom, each P's local\n"
		"# queue stacked on it; their top is 'queued'. The dashed steps count requests.\n");
	if (s->have_trace) {
		textbuf_printf(o, "queue = \"plot ");
		if (s->np > 0)
			textbuf_printf(o, "for [k=NB:1:-1] 'trace.tsv' every THIN using %s:(STACK(k)) with fillsteps fs solid 0.9 noborder "
				"lc rgb PC[k] title BAND(k), ", t);
		textbuf_printf(o, "'trace.tsv' every THIN using %s:(column('runqueue')) with fillsteps fs solid 0.9 noborder lc rgb C_GLOBAL "
			"title '%s', "
			"'trace.tsv' every THIN using %s:(column('queued')) with steps lw (4*LWS) lc rgb C_QUEUED title '%s'%s",
			t, q2(N_("global run queue")), t, q2(N_("queued: all run queues")), s->have_requests ? ", \".REQ.\"" : "");
		if (gap)
			textbuf_printf(o, ", '+' using (NaN):(NaN):(NaN) with yerrorbars pt -1 lw (2*LWS) lc rgb '#333333' title '%s'",
				       s->gomaxprocs == 1 ? q2(N_("gap: running on the P")) : q2(N_("gap: running on the Ps")));
		textbuf_printf(o, "\"\n");
	} else {
		textbuf_printf(o, "queue = \"set label 90 '%s' at graph 0.5,0.5 center; "
			"plot " EMPTY_PLOT "; unset label 90\"\n", q2(N_("no schedtrace sample was recorded")));
	}
	/* TRANSLATORS: a chart's title; %s is the lab's title. */
	textbuf_printf(o, "queue_labels = \"set title sprintf('%s', TITLE) ; set ylabel '%s'\"\n",
		       q2(N_("%s: goroutines waiting to run")), q2(N_("goroutines in run queues")));
	textbuf_printf(o, "queue_short = '%s'\n", q1(N_("goroutines waiting in the run queues")));
	if (gap && s->have_trace) {
		double x = s->xmax_s * 0.985;

		textbuf_printf(o, "# The gap at the top: leaked goroutines that are on a P, running, not waiting.\n"
			"queue_extra = \"set arrow 90 from %.3f, %.2f to %.3f, %.2f heads size screen 0.008,90 lw (2*LWS) lc rgb '#333333' front\"\n",
			x, s->queued_end, x, s->requests);
	} else {
		textbuf_printf(o, "queue_extra = ''\n");
	}
	textbuf_printf(o, "\n");
}

/* The leak chart: the contrast at a glance. */
static void leak_chart(struct textbuf *o, const struct plot_spec *s)
{
	struct series l = { o, 0 };

	textbuf_printf(o, "# The leak chart: queued, goroutines, proven leaked and requests on one axis.\n"
		"# A runnable leak: queued follows the requests. A blocked one: goroutines\n"
		"# follow them, queued stays flat.\n");
	textbuf_printf(o, "leak = \"plot ");
	if (s->have_trace)
		series_add(&l, "'trace.tsv' every THIN using %s:(column('queued')) with steps lw (5*LWS) lc rgb C_QUEUED "
			"title '%s'", t, q2(N_("queued (run queues)")));
	if (s->have_goroutines)
		series_add(&l, "'goroutines.tsv' every THIN using %s:(column('total')%s) with steps lw (4*LWS) lc rgb C_GOROUTINES "
			"title '%s'", t,
			s->have_idle_conns ? " - column('idle_conns')" : "",
			s->have_idle_conns ? q2(N_("goroutines (pprof, less the idle connections of the load)"))
					   : q2(N_("goroutines (pprof)")));
	else if (s->detail && s->have_trace)
		series_add(&l, "'trace.tsv' every THIN using %s:(column('g_runnable') + column('g_running') + column('g_syscall') "
			"+ column('g_waiting')) with steps lw (4*LWS) lc rgb C_GOROUTINES title '%s'", t,
			q2(N_("goroutines (G lines)")));
	if (s->have_leaked)
		series_add(&l, "'trace.tsv' every THIN using %s:(column('g_leaked')) with steps lw (3*LWS) lc rgb C_LEAKED "
			"title '%s'", t, q2(N_("proven leaked (goroutineleak)")));
	if (s->have_requests)
		series_add(&l, "\".REQ.\"");
	series_end(&l);
	textbuf_printf(o, "\"\n");
	textbuf_printf(o, "leak_labels = \"set title sprintf('%s', TITLE) ; set ylabel '%s'\"\n",
		       q2(N_("%s: runnable or blocked?")), quote(P_("chart", "goroutines"), 1));
	textbuf_printf(o, "leak_extra = \"set label 94 '%s' "
		"at graph 0.5, graph 1.025 center textcolor rgb '#444444' font ','.int(FS*0.7) front\"\n",
		q2(N_("runnable: queued follows the requests.  blocked: goroutines follow, queued stays flat.")));
	textbuf_printf(o, "leak_short = '%s'\n\n", q1(N_("runnable or blocked? queued vs goroutines")));
}

/* Goroutines by state; wider lines first, so none hides another. */
static void goroutines_chart(struct textbuf *o, const struct plot_spec *s)
{
	struct series l = { o, 0 };

	textbuf_printf(o, "# Goroutines: pprof's count and, with scheddetail, by state. Where a blocked\n"
		"# leak shows. Lines drawn wide to thin: one on another still shows both.\n");
	textbuf_printf(o, "goroutines = \"plot ");
	if (s->have_goroutines)
		series_add(&l, "'goroutines.tsv' every THIN using %s:(column('total')%s) with steps lw (7*LWS) lc rgb C_GOROUTINES "
			"title '%s'", t, s->have_idle_conns ? " - column('idle_conns')" : "",
			s->have_idle_conns ? q2(N_("goroutines (pprof, less leaklab's own connections)"))
					   : q2(N_("goroutines (pprof)")));
	if (s->detail && s->have_trace) {
		series_add(&l, "'trace.tsv' every THIN using %s:(column('g_waiting')) with steps lw (5.5*LWS) lc rgb C_WAITING title '%s', "
			"'trace.tsv' every THIN using %s:(column('g_runnable')) with steps lw (4*LWS) lc rgb C_QUEUED title '%s', "
			"'trace.tsv' every THIN using %s:(column('g_running')) with steps lw (2.5*LWS) dt 3 lc rgb C_RUNNING title '%s', "
			"'trace.tsv' every THIN using %s:(column('g_syscall')) with steps lw (1.5*LWS) dt 4 lc rgb C_SYSCALL title '%s', "
			"'trace.tsv' using %s:(column('g_runnable')) every (MARKS*THIN) with points pt 8 ps (1.2*LWS) lc rgb C_QUEUED notitle, "
			"'trace.tsv' using %s:(column('g_running')) every (MARKS*THIN) with points pt 6 ps (1.2*LWS) lc rgb C_RUNNING notitle, "
			"'trace.tsv' using %s:(column('g_syscall')) every (MARKS*THIN) with points pt 4 ps (1.2*LWS) lc rgb C_SYSCALL notitle",
			t, q2(N_("waiting")), t, q2(N_("runnable")), t, q2(N_("running")), t, q2(N_("in a syscall")), t, t, t);
		if (s->have_leaked)
			series_add(&l, "'trace.tsv' every THIN using %s:(column('g_leaked')) with steps lw (3*LWS) dt 2 lc rgb C_LEAKED "
				"title '%s'", t, q2(N_("proven leaked")));
	}
	if (s->have_requests)
		series_add(&l, "\".REQ2.\"");
	series_end(&l);
	textbuf_printf(o, "\"\n");
	/* The requests on their own axis: a leak of 26 must not look flat
	 * under a line that climbs to 600. */
	textbuf_printf(o, "goroutines_labels = \"set title sprintf('%s', TITLE) ; set ylabel '%s'",
		       q2(N_("%s: goroutines")), quote(P_("chart", "goroutines"), 1));
	if (s->have_requests)
		textbuf_printf(o, "; set border 11 lw 1.5; set y2tics nomirror out font ','.FS; "
			       "set y2label '%s' font ','.FS", q2(N_("requests sent")));
	textbuf_printf(o, "\"\n");
	textbuf_printf(o, "goroutines_short = '%s'\n\n", quote(P_("chart", "goroutines"), 0));
}

/* Threads: wide to thin, dashes too, so equal values stay visible. */
static void threads_chart(struct textbuf *o, const struct plot_spec *s)
{
	textbuf_printf(o, "threads = \"plot ");
	if (s->have_trace)
		textbuf_printf(o, "'trace.tsv' every THIN using %s:(column('threads')) with steps lw (7*LWS) lc rgb C_THREADS title '%s', "
			"'trace.tsv' every THIN using %s:(column('idleprocs')) with steps lw (5.5*LWS) lc rgb C_IDLEPROCS title '%s', "
			"'trace.tsv' every THIN using %s:(column('idlethreads')) with steps lw (4*LWS) dt 2 lc rgb C_IDLETHREADS title '%s', "
			"'trace.tsv' every THIN using %s:(column('spinningthreads')) with steps lw (2.5*LWS) lc rgb C_SPINNING title '%s', "
			"'trace.tsv' every THIN using %s:(column('needspinning')) with steps lw (1.5*LWS) dt 3 lc rgb C_NEEDSPINNING title 'needspinning', "
			/* Marks at the samples: where lines lie on one another, each still shows. */
			"'trace.tsv' using %s:(column('idlethreads')) every (MARKS*THIN) with points pt 4 ps (1.2*LWS) lc rgb C_IDLETHREADS notitle, "
			"'trace.tsv' using %s:(column('spinningthreads')) every (MARKS*THIN) with points pt 8 ps (1.2*LWS) lc rgb C_SPINNING notitle, "
			"'trace.tsv' using %s:(column('needspinning')) every (MARKS*THIN) with points pt 6 ps (1.2*LWS) lc rgb C_NEEDSPINNING notitle\"\n",
			t, q2(N_("threads (Ms)")), t, q2(N_("idle Ps")), t, q2(N_("idle threads")), t,
			q2(N_("spinning threads (looking for work)")), t, t, t, t);
	else
		textbuf_printf(o, EMPTY_PLOT "\"\n");
	textbuf_printf(o, "threads_labels = \"set title sprintf('%s', TITLE) ; set ylabel '%s'\"\n",
		       q2(N_("%s: threads and processors")), q2(N_("count")));
	textbuf_printf(o, "threads_short = '%s'\n\n", q1(N_("threads and processors")));
}

/* Latency: probes are events, points; the prediction a step line. */
static void latency_chart(struct textbuf *o, const struct plot_spec *s)
{
	struct series l = { o, 0 };

	textbuf_printf(o, "# Probe latency: each probe a point. With a runnable leak, the prediction:\n"
		"# a probe waits a time slice behind each queued goroutine, shared by the Ps.\n");
	textbuf_printf(o, "latency = \"plot ");
	if (s->have_probe)
		series_add(&l, "'probe.tsv' every THIN using %s:(column('status') >= 200 && column('status') < 300 ? column('latency_ms') : NaN) "
			"with points pt 7 ps (1.8*LWS) lc rgb C_PROBE title '%s'", t, q2(N_("answered")));
	if (s->have_probe_failed)
		series_add(&l, "'probe.tsv' every THIN using %s:(column('status') >= 200 && column('status') < 300 ? NaN : column('latency_ms')) "
			"with points pt 2 ps (2.5*LWS) lc rgb C_FAILED title '%s'", t,
			q2(N_("failed or timed out (at its time-out)")));
	if (s->have_trace && s->runnable && s->time_slice_ms > 0)
		series_add(&l, "'trace.tsv' every THIN using %s:(column('queued') * TS / GOMAXPROCS) with steps lw (3*LWS) dt 2 "
			"lc rgb C_PREDICTION title sprintf('%s', TS)", t,
			/* TRANSLATORS: keep %.1f (the time slice, in ms). */
			q2(N_("prediction: queued x %.1f ms / GOMAXPROCS")));
	series_end(&l);
	textbuf_printf(o, "\"\n");
	if (!s->probe[0]) {
		textbuf_printf(o, "latency_labels = \"set title sprintf('%s', TITLE) ; "
			"set ylabel '%s'\"\nlatency_short = '%s'\n\n",
			q2(N_("%s: no probe in this run (lab key probe = /path)")), q2(N_("latency (ms)")),
			q1(N_("no probe in this run")));
		return;
	}
	/* TRANSLATORS: the first %s is the lab's title, the second the probe's path. */
	textbuf_printf(o, "latency_labels = \"set title sprintf('%s', TITLE, PROBE) ; set ylabel '%s'\"\n",
		       q2(N_("%s: latency of GET %s")), q2(N_("latency (ms)")));
	textbuf_printf(o, "latency_short = sprintf('%s', PROBE)\n\n", q1(N_("latency of GET %s")));
}

/* ------------------------------------------------------------- charts */

/* The charts, in the order they are drawn; the dashboard last. extra: it
 * has a <name>_extra (labels or arrows of its own chart, not its panel). */
static const struct chart {
	struct plot_chart pub;
	void (*write)(struct textbuf *o, const struct plot_spec *s);
	int extra;
} charts[] = {
	{ { "queue", N_("goroutines waiting in the global run queue and each P's local queue, stacked, their "
	    "sum (queued) and the requests sent: the lecture's chart"), 1, 1 }, queue_chart, 1 },
	{ { "leak", N_("runnable or blocked? queued, the goroutines (pprof, less the load's idle connections), "
	    "g_leaked (Go >= 1.26) and the requests on one axis"), 1, 1 }, leak_chart, 1 },
	{ { "goroutines", N_("pprof's count and, with scheddetail, the goroutines by state (runnable, running, in "
	    "a syscall, waiting, proven leaked)"), 1, 0 }, goroutines_chart, 0 },
	{ { "threads", N_("threads (Ms), idle Ps, spinning threads (looking for work to steal), idle threads, "
	    "needspinning"), 1, 0 }, threads_chart, 0 },
	{ { "latency", N_("every probe as a point; for a runnable leak, the prediction queued x time slice / "
	    "GOMAXPROCS as a dashed line"), 1, 0 }, latency_chart, 0 },
	{ { "dashboard", N_("all of them on one 16:9 page, with one key"), 0, 1 }, NULL, 0 },
};

#define NCHARTS (sizeof(charts) / sizeof(charts[0]))

size_t plot_ncharts(void)
{
	return NCHARTS;
}

const struct plot_chart *plot_chart_at(size_t i)
{
	return i < NCHARTS ? &charts[i].pub : NULL;
}

/* 'queue leak ...': the names of the charts drawn to files (all but the
 * dashboard), or those of the deck or the dashboard's panels. */
enum which { DRAWN, DECK, PANELS };

static void names(struct textbuf *o, enum which w)
{
	int n = 0;

	for (size_t i = 0; i < NCHARTS; i++) {
		const struct chart *c = &charts[i];

		if (!c->write || (w == DECK && !c->pub.in_deck) || (w == PANELS && !c->pub.in_dashboard))
			continue;
		textbuf_printf(o, "%s%s", n++ ? " " : "", c->pub.name);
	}
}

/* The dashboard's sixth panel: the verdict, and one key for every panel
 * (one colour, one meaning, everywhere). */
static void notes_panel(struct textbuf *o, const struct plot_spec *s)
{
	textbuf_printf(o, "notes = \"unset border; unset tics; unset xlabel; unset ylabel; unset grid; unset object; unset label; "
		"set key inside center center vertical maxrows 9 font ','.small samplen 1.5 spacing 1.0 width -3 noopaque nobox; "
		"plot [0:1][0:1] NaN with fillsteps fs solid lc rgb C_GLOBAL title '%s', "
		"NaN with fillsteps fs solid lc rgb PC[1] title '%s', "
		"NaN with lines lw 3 lc rgb C_QUEUED title '%s', "
		"NaN with lines lw 2 lc rgb C_REQUESTS title '%s', "
		"NaN with lines lw 3 lc rgb C_GOROUTINES title '%s', "
		"NaN with lines lw 3 lc rgb C_WAITING title '%s', "
		"NaN with lines lw 3 lc rgb C_LEAKED title '%s', "
		"NaN with lines lw 3 lc rgb C_RUNNING title '%s', "
		"NaN with lines lw 3 lc rgb C_SYSCALL title '%s', "
		"NaN with lines lw 3 lc rgb C_THREADS title '%s', "
		"NaN with lines lw 3 lc rgb C_IDLEPROCS title '%s', "
		"NaN with lines lw 3 lc rgb C_IDLETHREADS title '%s', "
		"NaN with lines lw 3 lc rgb C_SPINNING title '%s', "
		"NaN with lines lw 3 lc rgb C_NEEDSPINNING title 'needspinning', "
		"NaN with points pt 7 lc rgb C_PROBE title '%s', "
		"NaN with lines lw 2 lc rgb C_PREDICTION title '%s'; "
		"set border 3; set tics; set grid ytics; eval pauses\"\n",
		q2(N_("global run queue")),
		q2(N_("local run queues (Ps)")),
		q2(N_("queued, runnable")),
		q2(N_("requests sent")),
		quote(P_("chart", "goroutines"), 1),
		q2(N_("waiting")),
		q2(N_("proven leaked")),
		q2(N_("running")),
		q2(N_("in a syscall")),
		q2(N_("threads (Ms)")),
		q2(N_("idle Ps")),
		q2(N_("idle threads")),
		q2(N_("spinning threads")),
		q2(N_("probe latency")),
		q2(N_("prediction")));
	(void)s;
	textbuf_printf(o, "notes_labels = \"set title VERDICT font ','.big\"\nnotes_short = VERDICT\n\n");
}

/* Draw: the text chart for 'dumb', else each chart to charts/ and the
 * dashboard (or, for 'deck', the lecture's pages). */
static void drawing(struct textbuf *o, const struct plot_spec *s)
{
	int panels = 1; /* the key's */

	for (size_t i = 0; i < NCHARTS; i++)
		panels += charts[i].write && charts[i].pub.in_dashboard;
	textbuf_printf(o, "if (fmt eq 'dumb') {\n"
		"    set title '%s'\n"
		"    set key top left noopaque nobox\n"
		"    set grid noytics\n"
		"    set ylabel ''\n"
		"    set xlabel '%s'\n"
		"    unset object; unset label\n", q1(N_("goroutines in the run queues (queued), and requests sent")),
		q1(N_("time since the program started (s)")));
	if (s->have_trace)
		textbuf_printf(o, "    plot 'trace.tsv' every THIN using %s:(column('queued')) with steps title 'queued'%s%s%s\n", t,
			       s->have_requests ? ", 'requests.tsv' using (column('t_start_ms')/1000):(1) smooth cumulative "
			       "with steps title '" : "", s->have_requests ? q1(N_("requests")) : "", s->have_requests ? "'" : "");
	else
		textbuf_printf(o, "    plot 0 notitle\n");
	textbuf_printf(o, "} else {\n"
		"    # 'deck': the caller set a multi-page terminal; draw the lecture pages.\n"
		"    deck = (fmt eq 'deck')\n"
		"    if (!deck) { system('mkdir -p charts') }\n"
		"    do for [name in (deck ? '");
	names(o, DECK);
	textbuf_printf(o, "' : '");
	names(o, DRAWN);
	textbuf_printf(o, "')] {\n"
		"        if (!deck) { set output 'charts/'.name.'.'.ext }\n"
		"        eval value(name.'_labels')\n");
	for (size_t i = 0; i < NCHARTS; i++)
		if (charts[i].extra)
			textbuf_printf(o, "        if (name eq '%s') { eval %s_extra }\n", charts[i].pub.name,
				       charts[i].pub.name);
	textbuf_printf(o, "        eval value(name)\n"
		"        unset arrow 90; unset label 94; eval noy2\n"
		"    }\n"
		"    # All of them on one 16:9 page: thinner lines, smaller type, keys inside.\n"
		"    # (Not for report.html: it shows each chart.)\n"
		"    if (fmt eq 'page') { set output; exit }\n"
		"    if (!deck) { set output 'charts/dashboard.'.ext }\n"
		"    LWS = 0.5\n"
		"    FS = small\n"
		"    eval pauses\n"
		"    set multiplot layout 2,%d title TITLE font ','.big\n"
		"    unset key   # the %s panel holds the key of all of them\n"
		"    set tics font ','.small\n"
		"    set xlabel font ','.small\n"
		"    set ylabel font ','.small\n"
		"    do for [name in '", (panels + 1) / 2, panels == 6 ? "sixth" : "last");
	names(o, PANELS);
	textbuf_printf(o, " notes'] {\n"
		"        eval value(name.'_labels')\n"
		"        set title value(name.'_short') font ','.(name eq 'notes' ? big : small)\n"
		"        eval value(name)\n"
		"        unset key; eval noy2\n"
		"    }\n"
		"    unset multiplot\n"
		"    if (!deck) { set output }\n"
		"}\n");
}

size_t plot_script(const struct plot_spec *s, char *buf, size_t len)
{
	struct textbuf o;

	textbuf_init(&o, buf, len);
	head(&o);
	prelude(&o, s);
	for (size_t i = 0; i < NCHARTS; i++)
		if (charts[i].write)
			charts[i].write(&o, s);
	notes_panel(&o, s);
	drawing(&o, s);
	return o.used;
}

size_t plot_compare_script(const char *a_dir, const char *a_label, const char *b_dir,
			   const char *b_label, const char *title, char *buf, size_t len)
{
	struct textbuf o;

	textbuf_init(&o, buf, len);

	textbuf_printf(&o, "# compare.gp - two runs on one chart: goroutines in the run queues (queued)\n"
		"# and goroutines from pprof, over time since each server started.\n"
		"#   gnuplot -e \"fmt='pdf'\" compare.gp   (png, svg or pdf)\n\n"
		"if (!exists(\"fmt\")) fmt = 'png'\n"
		"reset\n"
		"ext = (fmt eq 'pdf') ? 'pdf' : (fmt eq 'svg') ? 'svg' : 'png'\n"
		"big = (fmt eq 'pdf' || fmt eq 'deck') ? 14 : 26\n"
		"set encoding utf8   # the words may be another language's, accents and all\n"
		"if (fmt eq 'png') { set terminal pngcairo size 1920,1080 noenhanced font 'DejaVu Sans,'.big linewidth 2.5 }\n"
		"if (fmt eq 'svg') { set terminal svg size 1920,1080 noenhanced font 'DejaVu Sans,'.big linewidth 2.5 }\n"
		"if (fmt eq 'pdf') { set terminal pdfcairo size 13.333in,7.5in noenhanced font 'DejaVu Sans,'.big fontscale 1 linewidth 2 }\n"
		"set datafile separator \"\\t\"\n"
		"set datafile missing \"-\"\n"
		"set key autotitle columnhead\n"
		"set border 3 lw 1.5\n"
		"set tics nomirror out\n"
		"set grid ytics lc rgb '#d9d9d9' lw 1\n"
		"set key outside below center horizontal nobox\n"
		"set xlabel '%s'\n"
		"set ylabel '%s'\n"
		"set yrange [0:*]\n"
		"set offsets 0, 0, graph 0.05, 0\n", q1(N_("time since the program started (s)")), quote(P_("chart", "goroutines"), 0));
	textbuf_printf(&o, "A = '");
	plot_put_text(&o, a_dir);
	textbuf_printf(&o, "'\nB = '");
	plot_put_text(&o, b_dir);
	textbuf_printf(&o, "'\nLA = '");
	plot_put_text(&o, a_label);
	textbuf_printf(&o, "'\nLB = '");
	plot_put_text(&o, b_label);
	textbuf_printf(&o, "'\nset title '");
	plot_put_text(&o, title);
	/* TRANSLATORS: %s is a run's label (the lab's name). */
	textbuf_printf(&o, "'\nQU = '%s'\nGO = '%s'\n"
		"if (fmt ne 'deck') { set output 'compare.'.ext }\n", q1(N_("%s: queued (run queues)")),
		q1(N_("%s: goroutines (pprof)")));
	textbuf_printf(&o, ""
		"plot A.'/trace.tsv' using (column('t_ms')/1000):(column('queued')) with steps lw 4 lc rgb '#D55E00' title sprintf(QU, LA), \\\n"
		"     B.'/trace.tsv' using (column('t_ms')/1000):(column('queued')) with steps lw 4 lc rgb '#0072B2' title sprintf(QU, LB), \\\n"
		"     A.'/goroutines.tsv' using (column('t_ms')/1000):(column('total')) with steps lw 3 dt 2 lc rgb '#D55E00' title sprintf(GO, LA), \\\n"
		"     B.'/goroutines.tsv' using (column('t_ms')/1000):(column('total')) with steps lw 3 dt 2 lc rgb '#0072B2' title sprintf(GO, LB)\n"
		"if (fmt ne 'deck') { set output }\n");
	return o.used;
}
