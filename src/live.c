/* live.c - the live view's state and the text of its frame (pure) */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "live.h"
#include "textbuf.h"
#include "utf8.h"

/* Fixed rows: header, progress, numbers, blank, chart title, axis, time
 * labels, blank, bars title, footer. The chart and the bars share the rest. */
#define FIXED_ROWS 10
#define YLABEL 7              /* "  123 ┤" */
#define BAR_LABEL 11          /* "P12-P63    " */

void live_init(struct live *lv, const char *name, const char *title, double end_ms, uint64_t scheduled)
{
	memset(lv, 0, sizeof(*lv));
	snprintf(lv->name, sizeof(lv->name), "%s", name);
	snprintf(lv->title, sizeof(lv->title), "%s", title);
	lv->end_ms = end_ms > 0 ? end_ms : 1;
	lv->scheduled = scheduled;
	lv->goroutines = -1;
	lv->probe_ms = -1;
	lv->leaked = -1;
}

void live_pause(struct live *lv, double from_ms, double to_ms)
{
	if (lv->npauses == SCHEDULE_MAX_PAUSES || to_ms <= from_ms)
		return;
	lv->pauses[lv->npauses][0] = from_ms;
	lv->pauses[lv->npauses][1] = to_ms;
	lv->npauses++;
}

static int in_pause(const struct live *lv, double t_ms)
{
	for (int i = 0; i < lv->npauses; i++)
		if (t_ms >= lv->pauses[i][0] && t_ms < lv->pauses[i][1])
			return 1;
	return 0;
}

/* A row of columns, each holding one UTF-8 character (the words may be
 * Portuguese: a column is not a byte). */
struct cells {
	char c[1024][5];
	int w;
};

static void cells_init(struct cells *r, int w)
{
	r->w = w < 1024 ? w : 1024;
	for (int i = 0; i < r->w; i++)
		memcpy(r->c[i], " ", 2);
}

/* Put text into the row at column at, when it fits and the place is
 * free (blank). */
static int place(struct cells *r, int at, const char *text)
{
	int n = (int)utf8_cols(text), i;
	size_t k;

	if (at < 0 || at + n > r->w)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(r->c[at + i], " ") != 0)
			return 0;
	for (i = 0; *text; i++, text += k) {
		k = utf8_seq((const unsigned char *)text, 4);
		k = k ? k : 1;
		snprintf(r->c[at + i], sizeof(r->c[0]), "%.*s", (int)k, text);
	}
	return 1;
}

void live_sample(struct live *lv, const struct trace_row *row, uint64_t sent)
{
	int i;

	if (row->queued == TRACE_NONE)
		return;
	if (lv->n == LIVE_HIST) {
		/* Keep every other point: the chart is never this wide. */
		for (size_t k = 0; k < LIVE_HIST / 2; k++) {
			lv->t_ms[k] = lv->t_ms[2 * k + 1];
			lv->queued[k] = lv->queued[2 * k + 1];
			lv->sent[k] = lv->sent[2 * k + 1];
		}
		lv->n = LIVE_HIST / 2;
	}
	lv->t_ms[lv->n] = row->t_ms;
	lv->queued[lv->n] = row->queued;
	lv->sent[lv->n] = sent;
	lv->n++;
	if (row->queued > lv->ymax)
		lv->ymax = row->queued;
	if ((int64_t)sent > lv->ymax)
		lv->ymax = (int64_t)sent;

	lv->have_sample = 1;
	lv->now_queued = row->queued;
	lv->global = row->runqueue;
	lv->idleprocs = row->idleprocs;
	lv->threads = row->threads;
	lv->spinning = row->spinningthreads;
	if (row->detail && row->g_leaked != TRACE_NONE)
		lv->leaked = row->g_leaked;
	lv->np = row->np > 0 ? row->np : 0;
	memset(lv->local, 0, sizeof(lv->local));
	for (i = 0; i < lv->np; i++) {
		int64_t v = row->local[i] > 0 ? row->local[i] : 0;

		lv->local[i < LIVE_BARS ? i : LIVE_BARS] += v;
	}
	if (lv->global > lv->bar_max)
		lv->bar_max = lv->global;
	for (i = 0; i <= LIVE_BARS; i++)
		if (lv->local[i] > lv->bar_max)
			lv->bar_max = lv->local[i];
}

/* ------------------------------------------------------------ one line */

/* A line being written: what it may still take, in columns. */
struct line {
	struct textbuf *o;
	int left;
	int color;
};

static void line_start(struct line *l, struct textbuf *o, int width, int color)
{
	l->o = o;
	l->left = width;
	l->color = color;
}

/* Text, cut to the columns left (UTF-8 characters count one each). */
static void put(struct line *l, const char *s)
{
	size_t i = 0;

	while (s[i] && l->left > 0) {
		size_t k = 1;

		while ((s[i + k] & 0xc0) == 0x80)
			k++;
		textbuf_printf(l->o, "%.*s", (int)k, s + i);
		i += k;
		l->left--;
	}
}

static void putf(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(struct line *l, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(l, buf);
}

/* One glyph (a column wide) n times. */
static void repeat(struct line *l, const char *glyph, int n)
{
	for (; n > 0 && l->left > 0; n--, l->left--)
		textbuf_printf(l->o, "%s", glyph);
}

static void sgr(struct line *l, const char *code)
{
	if (l->color)
		textbuf_printf(l->o, "\033[%sm", code);
}

/* Reset, clear the rest of the row, and go to the next one (none after
 * the last: a newline there would scroll). */
static void line_end(struct line *l, int last)
{
	sgr(l, "0");
	textbuf_printf(l->o, "\033[K%s", last ? "" : "\r\n");
}

/* ---------------------------------------------------------------- parts */

/* 1, 2, 5, 10, 20, 50, ...: the smallest at or above v. */
static int64_t nice_max(int64_t v)
{
	int64_t m = 1;

	if (v < 1)
		return 1;
	for (;;) {
		if (v <= m)
			return m;
		if (v <= 2 * m)
			return 2 * m;
		if (v <= 5 * m)
			return 5 * m;
		m *= 10;
	}
}

/* The columns text takes (UTF-8 characters one each). */
static int text_cols(const char *s, size_t n)
{
	int c = 0;

	for (size_t i = 0; i < n; i++)
		c += (s[i] & 0xc0) != 0x80;
	return c;
}

/* How many bytes of s fit in cols columns, cut at a space (the whole of s
 * when it fits; at least one word, cut, when none fits). */
static size_t fit_words(const char *s, int cols)
{
	size_t n = strlen(s), best = 0, i;

	if (text_cols(s, n) <= cols)
		return n;
	for (i = 0; i < n; i++)
		if (s[i] == ' ' && text_cols(s, i) <= cols)
			best = i;
	if (best)
		return best;
	for (i = 0; i < n && text_cols(s, i + 1) <= cols; i++)
		;
	while (i > 0 && (s[i] & 0xc0) == 0x80)
		i--;
	return i;
}

/* The lab's name and its title: on one line when it fits, else the title
 * goes on with a second (the blank line under the numbers). Returns the
 * lines written (1 or 2). */
static int header(const struct live *lv, struct textbuf *o, int width, int color)
{
	struct line l;
	int namecols = text_cols(lv->name, strlen(lv->name)) + 4, room = width - namecols;
	size_t first = room > 8 ? fit_words(lv->title, room) : 0, rest_n;
	const char *rest;

	line_start(&l, o, width, color);
	sgr(&l, "1;7");
	putf(&l, " %s ", lv->name);
	sgr(&l, "0");
	putf(&l, "  %.*s", (int)first, lv->title);
	line_end(&l, 0);
	rest = lv->title + first;
	while (*rest == ' ')
		rest++;
	if (!*rest)
		return 1;
	/* The rest, under the title; a title longer than both lines ends
	 * with a mark that there is more (in meta.txt). */
	rest_n = fit_words(rest, room);
	line_start(&l, o, width, color);
	putf(&l, "%*s%.*s%s", namecols, "", (int)rest_n, rest, rest[rest_n] ? " ..." : "");
	line_end(&l, 0);
	return 2;
}

static void progress(const struct live *lv, struct textbuf *o, int width, int color, int utf8)
{
	struct line l;
	char left[64], right[96];
	double now = lv->now_ms > 0 ? lv->now_ms : 0, rest = lv->end_ms - now;
	int bar, done;

	/* TRANSLATORS: the live view's clock, elapsed of total; keep the
	 * spaces at both ends. */
	snprintf(left, sizeof(left), _(" %.1f s of %.1f s "), now / 1000, lv->end_ms / 1000);
	/* TRANSLATORS: the live view, after its progress bar (80 columns
	 * hold the bar, the clock and this). */
	snprintf(right, sizeof(right), _(" %.0f s left   sent %llu of %llu"), rest > 0 ? ceil(rest / 1000) : 0.0,
		 (unsigned long long)lv->now_sent, (unsigned long long)lv->scheduled);
	bar = width - (int)utf8_cols(left) - (int)utf8_cols(right) - 2;
	if (bar < 10)
		bar = 10;
	done = (int)(bar * (now < lv->end_ms ? now / lv->end_ms : 1.0));
	line_start(&l, o, width, color);
	put(&l, left);
	put(&l, utf8 ? "▕" : "[");
	sgr(&l, "32");
	repeat(&l, utf8 ? "█" : "#", done);
	sgr(&l, "0");
	repeat(&l, utf8 ? "░" : ".", bar - done);
	put(&l, utf8 ? "▏" : "]");
	put(&l, right);
	line_end(&l, 0);
}

/* The numbers, most telling first; an item that does not fit whole is
 * left out with those after it, never cut. */
static void numbers(const struct live *lv, struct textbuf *o, int width, int color)
{
	struct line l;
	struct { const char *word; char v[32]; } items[8];
	int n = 0, i, used = 0;

	line_start(&l, o, width, color);
	if (!lv->have_sample) {
		put(&l, _(" waiting for the first schedtrace sample..."));
		line_end(&l, 0);
		return;
	}
	/* TRANSLATORS: the live view's numbers, each a word and its value on
	 * one row of 80 columns: keep them short. */
	items[n].word = _("queued");
	snprintf(items[n++].v, sizeof(items[0].v), "%lld", (long long)lv->now_queued);
	items[n].word = P_("live view", "goroutines");
	if (lv->goroutines >= 0)
		snprintf(items[n++].v, sizeof(items[0].v), "%ld", lv->goroutines);
	else
		snprintf(items[n++].v, sizeof(items[0].v), "-");
	if (lv->leaked >= 0) {
		items[n].word = _("leaked");
		snprintf(items[n++].v, sizeof(items[0].v), "%lld", (long long)lv->leaked);
	}
	items[n].word = _("probe");
	if (lv->probe_ms >= 0)
		snprintf(items[n++].v, sizeof(items[0].v), "%.1f ms", lv->probe_ms);
	else
		snprintf(items[n++].v, sizeof(items[0].v), "-");
	items[n].word = _("threads");
	snprintf(items[n++].v, sizeof(items[0].v), "%lld", (long long)lv->threads);
	items[n].word = _("idle Ps");
	snprintf(items[n++].v, sizeof(items[0].v), "%lld", (long long)lv->idleprocs);
	items[n].word = _("spinning");
	snprintf(items[n++].v, sizeof(items[0].v), "%lld", (long long)lv->spinning);
	for (i = 0; i < n; i++) {
		int w = (int)(utf8_cols(items[i].word) + 1 + utf8_cols(items[i].v)) + (i ? 2 : 1);

		if (used + w > width)
			break;
		/* The word plain, the number bold for the first two. */
		putf(&l, "%s%s ", i ? "  " : " ", items[i].word);
		if (i < 2)
			sgr(&l, "1");
		put(&l, items[i].v);
		if (i < 2)
			sgr(&l, "0");
		used += w;
	}
	line_end(&l, 0);
}

/* The value a column shows: the last point at or before its end, when
 * that end is not in the future. *at walks forward with the columns. */
static int column_value(const struct live *lv, size_t *at, double t_end, int64_t *q, uint64_t *sent)
{
	if (lv->n == 0 || lv->t_ms[0] > t_end)
		return 0;
	while (*at + 1 < lv->n && lv->t_ms[*at + 1] <= t_end)
		(*at)++;
	*q = lv->queued[*at];
	*sent = lv->sent[*at];
	return 1;
}

/* The queue chart: queued as columns, requests sent as dots, over the
 * whole run's time (it fills from the left as the run goes). */
static void chart(const struct live *lv, struct textbuf *o, int width, int height, int color, int utf8)
{
	static const char *const eighths[9] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	int64_t ymax = nice_max(lv->ymax);
	int cols = width - YLABEL, r, x;
	double now = lv->now_ms;
	struct line l;

	if (cols < 1)
		cols = 1;
	line_start(&l, o, width, color);
	put(&l, " ");
	sgr(&l, "34");
	put(&l, utf8 ? "█" : "#");
	sgr(&l, "0");
	put(&l, _(" queued: goroutines waiting in the run queues   "));
	sgr(&l, "1");
	put(&l, utf8 ? "•" : "*");
	sgr(&l, "0");
	put(&l, _(" requests sent"));
	line_end(&l, 0);

	for (r = 0; r < height; r++) {
		size_t at = 0;
		int64_t base = (int64_t)(height - 1 - r) * 8;   /* eighths below this row */

		line_start(&l, o, width, color);
		if (r == 0)
			putf(&l, "%5lld %s", (long long)ymax, utf8 ? "┤" : "+");
		else if (r == height / 2 && height >= 4)
			putf(&l, "%5lld %s", (long long)(ymax * (height - r) / height), utf8 ? "┤" : "+");
		else
			putf(&l, "      %s", utf8 ? "│" : "|");
		for (x = 0; x < cols; x++) {
			double t_end = (x + 1) * lv->end_ms / cols;
			int64_t q = 0, e, s;
			uint64_t sent = 0;

			if ((x > 0 && x * lv->end_ms / cols > now) || !column_value(lv, &at, t_end, &q, &sent)) {
				put(&l, " ");
				continue;
			}
			e = (int64_t)llround((double)q / (double)ymax * height * 8) - base;
			s = (int64_t)llround((double)sent / (double)ymax * height * 8);
			if (s > base && s <= base + 8 && e >= 1) {
				/* The requests' dot on the queue's column: on top of it
				 * (the dots the key promises stay visible). */
				sgr(&l, "1;37;44");
				put(&l, utf8 ? "•" : "*");
				sgr(&l, "0");
			} else if (e >= 1) {
				sgr(&l, "34");
				put(&l, utf8 ? eighths[e > 8 ? 8 : e] : (e >= 4 ? "#" : "_"));
				sgr(&l, "0");
			} else if (s > base && s <= base + 8) {
				sgr(&l, "1");
				put(&l, utf8 ? "•" : "*");
				sgr(&l, "0");
			} else {
				put(&l, " ");
			}
		}
		line_end(&l, 0);
	}
	/* The axis (double where the schedule pauses), and the time under it. */
	line_start(&l, o, width, color);
	putf(&l, "    0 %s", utf8 ? "└" : "+");
	for (x = 0; x < cols; x++)
		put(&l, in_pause(lv, (x + 0.5) * lv->end_ms / cols) ? (utf8 ? "═" : "=") : (utf8 ? "─" : "-"));
	line_end(&l, 0);
	{
		static struct cells row;
		char end[32];
		int w, i, aw;
		const char *axis = _("(time since the program started)"), *pause = _("pause");

		cells_init(&row, width);
		w = row.w;
		aw = (int)utf8_cols(axis);
		place(&row, YLABEL - 1, "0 s");
		snprintf(end, sizeof(end), "%.0f s", lv->end_ms / 1000);
		place(&row, w - (int)strlen(end), end);
		for (i = 0; i < lv->npauses; i++) {
			double mid = (lv->pauses[i][0] + lv->pauses[i][1]) / 2;

			place(&row, YLABEL + (int)(mid / lv->end_ms * cols) - (int)utf8_cols(pause) / 2, pause);
		}
		/* In the middle, or wherever it finds room. */
		for (i = 0; i < w / 2; i++)
			if (place(&row, (w - aw) / 2 + i, axis) || place(&row, (w - aw) / 2 - i, axis))
				break;
		line_start(&l, o, width, color);
		for (i = 0; i < w; i++)
			put(&l, row.c[i]);
		line_end(&l, 0);
	}
}

/* One bar: label, length by the run's longest bar, the count. */
static void bar(struct textbuf *o, int width, int color, int utf8, const char *label, const char *sgrcode,
		int64_t v, int64_t max)
{
	static const char *const parts[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	int cols = width - BAR_LABEL - 8, whole, part;
	int64_t e;
	struct line l;

	if (cols < 1)
		cols = 1;
	e = max > 0 ? (int64_t)llround((double)v / (double)max * cols * 8) : 0;
	if (e > (int64_t)cols * 8)
		e = (int64_t)cols * 8;   /* P16-P63 together may pass the longest single bar */
	whole = (int)(e / 8);
	part = (int)(e % 8);
	line_start(&l, o, width, color);
	/* Padded by columns: a label may hold an accent. */
	putf(&l, " %s%*s", label, BAR_LABEL - 1 - (int)utf8_cols(label) > 0 ? BAR_LABEL - 1 - (int)utf8_cols(label) : 0, "");
	sgr(&l, sgrcode);
	repeat(&l, utf8 ? "█" : "#", whole);
	if (part && utf8)
		put(&l, parts[part]);
	sgr(&l, "0");
	putf(&l, " %lld", (long long)v);
	line_end(&l, 0);
}

static void bars(const struct live *lv, struct textbuf *o, int width, int rows, int color, int utf8)
{
	struct line l;
	char label[32];
	int shown, i, np = lv->np;

	line_start(&l, o, width, color);
	put(&l, _(" the run queues now (each bar: goroutines waiting in it)"));
	line_end(&l, 0);
	/* TRANSLATORS: the live view's bar of the global run queue: at most
	 * 10 columns. */
	bar(o, width, color, utf8, _("global"), "31", lv->global, lv->bar_max);
	/* A bar per P while they fit (rows less the title and global), the
	 * rest together on the last. */
	shown = np <= rows - 2 ? np : rows - 3;
	if (shown > LIVE_BARS)
		shown = LIVE_BARS;
	if (shown < 0)
		shown = 0;
	for (i = 0; i < shown; i++) {
		snprintf(label, sizeof(label), "P%d", i);
		bar(o, width, color, utf8, label, "36", lv->local[i], lv->bar_max);
	}
	if (shown < np) {
		int64_t sum = 0;

		for (i = shown; i <= LIVE_BARS; i++)
			sum += lv->local[i];
		snprintf(label, sizeof(label), "P%d-P%d", shown, np - 1);
		bar(o, width, color, utf8, label, "36", sum, lv->bar_max);
		shown++;
	}
	/* Rows the bars leave: blank, so the frame keeps its height. */
	for (i = 2 + shown; i < rows; i++) {
		line_start(&l, o, width, color);
		line_end(&l, 0);
	}
}

size_t live_frame(const struct live *lv, int cols, int rows, int color, int utf8, char *buf, size_t len)
{
	struct textbuf o;
	struct line l;
	int width = cols - 1, nbars, height, two;

	textbuf_init(&o, buf, len);
	textbuf_printf(&o, "\033[H");
	if (cols < LIVE_MIN_COLS || rows < LIVE_MIN_ROWS) {
		line_start(&l, &o, width > 0 ? width : 1, color);
		putf(&l, _("leaklab live: the terminal is %dx%d; the view needs %dx%d. Make it larger: the run goes on."),
		     cols, rows, LIVE_MIN_COLS, LIVE_MIN_ROWS);
		line_end(&l, 1);
		textbuf_printf(&o, "\033[J");
		return o.used;
	}
	/* The bars: global and one per P, up to two fifths of what is left. */
	nbars = 1 + (lv->np > 0 ? lv->np : 1);
	if (nbars > (rows - FIXED_ROWS) * 2 / 5)
		nbars = (rows - FIXED_ROWS) * 2 / 5;
	if (nbars < 2)
		nbars = 2;
	height = rows - FIXED_ROWS - nbars;

	/* A title on two lines takes the blank line under the numbers. */
	two = header(lv, &o, width, color) == 2;
	progress(lv, &o, width, color, utf8);
	numbers(lv, &o, width, color);
	if (!two) {
		line_start(&l, &o, width, color);
		line_end(&l, 0);
	}
	chart(lv, &o, width, height, color, utf8);
	line_start(&l, &o, width, color);
	line_end(&l, 0);
	bars(lv, &o, width, nbars + 1, color, utf8);
	line_start(&l, &o, width, color);
	sgr(&l, "2");
	if (lv->note[0]) {
		size_t k = fit_words(lv->note, width - 5);

		/* Whole words, and a mark when there is more (said again
		 * in full once the view ends). */
		putf(&l, " %.*s%s", (int)k, lv->note, lv->note[k] ? " ..." : "");
	} else
		put(&l, _(" Ctrl-C stops the run; everything recorded so far is kept."));
	line_end(&l, 1);
	textbuf_printf(&o, "\033[J");
	return o.used;
}
