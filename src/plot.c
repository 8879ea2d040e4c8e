/* plot.c - write plot.gp: charts fit for the back of a classroom */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
			snprintf(err, errlen, "unknown format '%.*s' (png, svg, pdf, dumb)", (int)n, p);
			return -1;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	if (!*formats) {
		snprintf(err, errlen, "no format given (png, svg, pdf, dumb)");
		return -1;
	}
	return 0;
}


/* A title inside a gnuplot single-quoted string inside a double-quoted one:
 * keep it plain. */
static void put_plain(struct textbuf *o, const char *s)
{
	for (; *s; s++)
		textbuf_printf(o, "%c", (*s == '\'' || *s == '"' || *s == '\\' || *s == '@') ? ' ' : *s);
}

size_t plot_script(const struct plot_spec *s, char *buf, size_t len)
{
	struct textbuf o;

	textbuf_init(&o, buf, len);
	int p0 = 12 + (s->detail ? 5 : 0);

	textbuf_printf(&o, "# plot.gp - leaklab's charts of this run. Edit it and draw again, in this directory:\n"
		"#   gnuplot plot.gp                  (PNG into charts/)\n"
		"#   gnuplot -e \"fmt='svg'\" plot.gp   (or 'pdf'; 'dumb' draws the queue chart as text)\n"
		"# Times are seconds since the server started. Needs gnuplot >= 5.2.\n\n");
	textbuf_printf(&o, "if (!exists(\"fmt\")) fmt = 'png'\n"
		"reset   # settings, not the terminal: each script starts clean, even in a deck\n"
		"ext = (fmt eq 'pdf') ? 'pdf' : (fmt eq 'svg') ? 'svg' : 'png'\n"
		"pdfish = (fmt eq 'pdf' || fmt eq 'deck')\n"
		"big = pdfish ? 14 : 26      # font size for one chart on a 16:9 slide\n"
		"small = pdfish ? 9 : 17    # per panel of the dashboard\n"
		"if (fmt eq 'png') { set terminal pngcairo size 1920,1080 noenhanced font 'DejaVu Sans,'.big linewidth 2.5 }\n"
		"if (fmt eq 'svg') { set terminal svg size 1920,1080 noenhanced font 'DejaVu Sans,'.big linewidth 2.5 }\n"
		"if (fmt eq 'pdf') { set terminal pdfcairo size 13.333in,7.5in noenhanced font 'DejaVu Sans,'.big fontscale 1 linewidth 2 }\n"
		"# The text chart: leaklab passes the terminal's size and whether to colour.\n"
		"if (!exists(\"cols\")) { cols = 79 }\n"
		"if (!exists(\"rows\")) { rows = 22 }\n"
		"if (!exists(\"color\")) { color = 0 }\n"
		"if (fmt eq 'dumb' && color) { set terminal dumb size cols,rows ansi }\n"
		"if (fmt eq 'dumb' && !color) { set terminal dumb size cols,rows mono }\n\n");
	textbuf_printf(&o, "set datafile separator \"\\t\"\n"
		"set datafile missing \"-\"\n"
		"set key autotitle columnhead     # the tables' first line names the columns\n"
		"set border 3 lw 1.5\n"
		"set tics nomirror out\n"
		"set grid ytics lc rgb '#d9d9d9' lw 1 dt 1\n"
		"set key outside below center horizontal nobox\n"
		"set style fill solid 0.9 noborder\n"
		"set xlabel 'time since the server started (s)'\n"
		"set yrange [0:*]\n"
		"set xrange [0:*]\n"
		"set offsets 0, 0, graph 0.05, 0\n\n");
	textbuf_printf(&o, "# Okabe-Ito colours: safe for colour-blind readers.\n"
		"array C[7] = ['#0072B2', '#56B4E9', '#009E73', '#F0E442', '#E69F00', '#CC79A7', '#999999']\n"
		"GLOBAL = '#D55E00'\n\n");
	textbuf_printf(&o, "# trace.tsv columns: 9 runqueue (global), 11 queued, p0.. from %d (%d of them)\n", p0, s->np);
	textbuf_printf(&o, "Q = 9; P0 = %d; NP = %d\n", p0, s->np);
	textbuf_printf(&o, "TITLE = '");
	put_plain(&o, s->title);
	textbuf_printf(&o, "%s'\n", s->partial ? " (partial run)" : "");
	textbuf_printf(&o, "# One time axis for every chart: the whole run.\nset xrange [0:%.3f]\n", s->xmax_s);
	textbuf_printf(&o, "ENDPOINT = '");
	put_plain(&o, s->endpoint);
	textbuf_printf(&o, "'\n\n");

	/* queue: the lecture chart. */
	textbuf_printf(&o, "# The queue chart: the global run queue at the bottom, each P's local\n"
		"# queue stacked on it; their top is 'queued'. The step line counts requests.\n");
	if (s->have_trace) {
		textbuf_printf(&o, "queue = \"plot ");
		if (s->np > 0)
			textbuf_printf(&o, "for [k=NP:1:-1] 'trace.tsv' using ($1/1000):(column(Q) + sum [j=0:k-1] column(P0+j)) "
				"with filledcurves y=0 lc rgb C[(k-1)%%7+1] title sprintf('local run queue of P%%d', k-1), ");
		textbuf_printf(&o, "'trace.tsv' using ($1/1000):Q with filledcurves y=0 lc rgb GLOBAL title 'global run queue'");
		if (s->have_requests)
			textbuf_printf(&o, ", 'requests.tsv' using ($3/1000):(1) smooth cumulative with steps lw 3 lc rgb 'black' "
				"title 'requests to '.ENDPOINT.' (cumulative)'");
		textbuf_printf(&o, "\"\n");
	} else {
		textbuf_printf(&o, "queue = \"set label 1 'no schedtrace sample was recorded' at graph 0.5,0.5 center; "
			"plot 0 lc rgb 'white' notitle; unset label 1\"\n");
	}
	textbuf_printf(&o, "queue_labels = \"set title TITLE.': goroutines waiting to run' ; set ylabel 'goroutines in run queues'\"\n");
	textbuf_printf(&o, "queue_short = 'goroutines waiting in the run queues'\n\n");

	/* threads */
	textbuf_printf(&o, "threads = \"plot ");
	if (s->have_trace)
		textbuf_printf(&o, "'trace.tsv' using ($1/1000):5 with lines lw 3 lc rgb C[1] title 'threads (Ms)', "
			"'' using ($1/1000):7 with lines lw 3 lc rgb C[5] title 'needspinning', "
			"'' using ($1/1000):8 with lines lw 3 lc rgb C[3] title 'idle threads', "
			"'' using ($1/1000):6 with lines lw 3 lc rgb C[6] title 'spinning threads', "
			"'' using ($1/1000):4 with lines lw 3 lc rgb GLOBAL title 'idle Ps (idleprocs)'\"\n");
	else
		textbuf_printf(&o, "0 lc rgb 'white' notitle\"\n");
	textbuf_printf(&o, "threads_labels = \"set title TITLE.': threads and processors' ; set ylabel 'count'\"\n");
	textbuf_printf(&o, "threads_short = 'threads and processors'\n\n");

	/* goroutines */
	textbuf_printf(&o, "# Where a blocked leak shows: goroutines grow, the run queues do not.\n");
	textbuf_printf(&o, "goroutines = \"plot ");
	{
		int any = 0;

		if (s->have_goroutines) {
			textbuf_printf(&o, "'goroutines.tsv' using ($1/1000):2 with linespoints lw 3 pt 7 ps 0.8 lc rgb C[1] "
				"title 'goroutines (pprof)'");
			any = 1;
		}
		if (s->detail && s->have_trace) {
			textbuf_printf(&o, "%s'trace.tsv' using ($1/1000):15 with lines lw 3 lc rgb C[3] title 'waiting', "
				"'' using ($1/1000):12 with lines lw 3 lc rgb GLOBAL title 'runnable', "
				"'' using ($1/1000):13 with lines lw 3 lc rgb C[5] title 'running'", any ? ", " : "");
			any = 1;
		}
		if (s->have_requests) {
			textbuf_printf(&o, "%s'requests.tsv' using ($3/1000):(1) smooth cumulative with steps lw 3 lc rgb 'black' "
				"title 'requests to '.ENDPOINT.' (cumulative)'", any ? ", " : "");
			any = 1;
		}
		if (!any)
			textbuf_printf(&o, "0 lc rgb 'white' notitle");
	}
	textbuf_printf(&o, "\"\n");
	textbuf_printf(&o, "goroutines_labels = \"set title TITLE.': goroutines' ; set ylabel 'goroutines'\"\n");
	textbuf_printf(&o, "goroutines_short = 'goroutines'\n\n");

	/* latency */
	textbuf_printf(&o, "latency = \"plot ");
	if (s->have_probe)
		textbuf_printf(&o, "'probe.tsv' using ($1/1000):($3 >= 200 && $3 < 300 ? $2 : 1/0) with linespoints lw 2 pt 7 "
			"ps 0.8 lc rgb C[1] title 'answered'%s", s->have_probe_failed ? ", " : "");
	if (s->have_probe_failed)
		textbuf_printf(&o, "'probe.tsv' using ($1/1000):($3 >= 200 && $3 < 300 ? 1/0 : $2) with points pt 2 ps 2 "
			"lc rgb GLOBAL title 'failed or timed out (at its time-out)'");
	if (!s->have_probe && !s->have_probe_failed)
		textbuf_printf(&o, "0 lc rgb 'white' notitle");
	textbuf_printf(&o, "\"\n");
	textbuf_printf(&o, "latency_labels = \"set title TITLE.': latency of GET ");
	put_plain(&o, s->probe[0] ? s->probe : "(no probe)");
	textbuf_printf(&o, "' ; set ylabel 'latency (ms)'\"\n");
	textbuf_printf(&o, "latency_short = 'latency of GET ");
	put_plain(&o, s->probe[0] ? s->probe : "(no probe)");
	textbuf_printf(&o, "'\n\n");

	/* the drawing */
	textbuf_printf(&o, "if (fmt eq 'dumb') {\n"
		"    set title 'goroutines in the run queues (queued), and requests sent'\n"
		"    set key top left noopaque nobox\n"
		"    set grid noytics\n"
		"    set ylabel ''\n");
	if (s->have_trace)
		textbuf_printf(&o, "    plot 'trace.tsv' using ($1/1000):11 with lines title 'queued'%s\n",
		    s->have_requests ? ", 'requests.tsv' using ($3/1000):(1) smooth cumulative with steps title 'requests'" : "");
	else
		textbuf_printf(&o, "    plot 0 notitle\n");
	textbuf_printf(&o, "} else {\n"
		"    # 'deck': the caller set a multi-page terminal; draw the lecture pages.\n"
		"    deck = (fmt eq 'deck')\n"
		"    if (!deck) { system('mkdir -p charts') }\n"
		"    do for [name in (deck ? 'queue' : 'queue threads goroutines latency')] {\n"
		"        if (!deck) { set output 'charts/'.name.'.'.ext }\n"
		"        eval value(name.'_labels')\n"
		"        eval value(name)\n"
		"    }\n"
		"    # All four on one 16:9 page.\n"
		"    if (!deck) { set output 'charts/dashboard.'.ext }\n"
		"    set multiplot layout 2,2 title TITLE font ','.big\n"
		"    set key font ','.small\n"
		"    set tics font ','.small\n"
		"    set xlabel font ','.small\n"
		"    set ylabel font ','.small\n"
		"    set key samplen 1.5 spacing 0.9\n"
		"    do for [name in 'queue threads goroutines latency'] {\n"
		"        eval value(name.'_labels')\n"
		"        set title value(name.'_short') font ','.small\n"
		"        eval value(name)\n"
		"    }\n"
		"    unset multiplot\n"
		"    if (!deck) { set output }\n"
		"}\n");
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
		"set xlabel 'time since the server started (s)'\n"
		"set ylabel 'goroutines'\n"
		"set yrange [0:*]\n"
		"set offsets 0, 0, graph 0.05, 0\n");
	textbuf_printf(&o, "A = '");
	put_plain(&o, a_dir);
	textbuf_printf(&o, "'\nB = '");
	put_plain(&o, b_dir);
	textbuf_printf(&o, "'\nLA = '");
	put_plain(&o, a_label);
	textbuf_printf(&o, "'\nLB = '");
	put_plain(&o, b_label);
	textbuf_printf(&o, "'\nset title '");
	put_plain(&o, title);
	textbuf_printf(&o, "'\n"
		"if (fmt ne 'deck') { set output 'compare.'.ext }\n"
		"plot A.'/trace.tsv' using ($1/1000):11 with lines lw 4 lc rgb '#D55E00' title LA.': queued (run queues)', \\\n"
		"     B.'/trace.tsv' using ($1/1000):11 with lines lw 4 lc rgb '#0072B2' title LB.': queued (run queues)', \\\n"
		"     A.'/goroutines.tsv' using ($1/1000):2 with lines lw 3 dt 2 lc rgb '#D55E00' title LA.': goroutines (pprof)', \\\n"
		"     B.'/goroutines.tsv' using ($1/1000):2 with lines lw 3 dt 2 lc rgb '#0072B2' title LB.': goroutines (pprof)'\n"
		"if (fmt ne 'deck') { set output }\n");
	return o.used;
}
