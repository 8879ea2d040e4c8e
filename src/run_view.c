/* run_view.c - what a run shows while it goes: the status line on stderr,
 * or the full-screen live view (live.c draws its frames) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "live.h"
#include "msg.h"
#include "run.h"
#include "run_view.h"
#include "term.h"
#include "utf8.h"

/* The live view: a frame on every sample, and four a second for the
 * clock. Drawn over the last one, never cleared first: no flicker. */
static void live_frame_draw(struct run *r, double now)
{
	int cols, rows;
	size_t n;

	if (!r->frame_due && now - r->last_frame < 250)
		return;
	r->frame_due = 0;
	r->last_frame = now;
	r->live->now_ms = now;
	r->live->now_sent = r->sent;
	r->live->goroutines = r->last_goroutines;
	r->live->probe_ms = r->last_probe_ms;
	snprintf(r->live->note, sizeof(r->live->note), "%s", msg_last());
	term_size(STDOUT_FILENO, &cols, &rows);
	n = live_frame(r->live, cols, rows, term_color(STDOUT_FILENO), term_utf8(), NULL, 0) + 1;
	if (n > r->frame_cap) {
		char *b = realloc(r->frame, n);

		if (!b)
			return;
		r->frame = b;
		r->frame_cap = n;
	}
	live_frame(r->live, cols, rows, term_color(STDOUT_FILENO), term_utf8(), r->frame, r->frame_cap);
	term_write(STDOUT_FILENO, r->frame, n - 1);
}

void run_view_draw(struct run *r, double now, int final)
{
	if (r->live) {
		if (!final)
			live_frame_draw(r, now);
		return;
	}
	if (!r->cfg->tty)
		return;
	if (final) {
		fputs("\r\033[K", stderr);
		return;
	}
	if (now - r->last_status < 250)
		return;
	r->last_status = now;
	{
		char line[256], probe[32] = "-";
		int cols, rows;

		if (r->last_probe_ms >= 0)
			snprintf(probe, sizeof(probe), "%.1f ms", r->last_probe_ms);
		if (r->phase)
			/* TRANSLATORS: the status line; %s is what it waits for ("the final profiles"). */
			snprintf(line, sizeof(line), _("[%5.1f s] the load is over; waiting for %s"), now / 1000, r->phase);
		else
			/* TRANSLATORS: the status line of a run, one terminal row. */
			snprintf(line, sizeof(line), _("[%5.1f/%.1f s] sent %llu  queued %lld  goroutines %ld  probe %s"),
				 now / 1000, r->run_end_ms / 1000, (unsigned long long)r->sent,
				 (long long)r->last_queued, r->last_goroutines, probe);
		/* One line that fits: a line that wraps cannot be redrawn. */
		term_size(STDERR_FILENO, &cols, &rows);
		if (cols - 1 > 0)
			utf8_cut(line, (size_t)(cols - 1));
		fprintf(stderr, "\r\033[K%s", line);
		fflush(stderr);
	}
}
