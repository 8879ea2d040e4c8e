/* progress.c - the course at a glance, decided and drawn from what was read (pure) */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "progress.h"
#include "term.h"
#include "textbuf.h"

void progress_init(struct progress *p)
{
	memset(p, 0, sizeof(*p));
	p->hunt_lab = -1;
	p->next_lab = -1;
	snprintf(p->outdir, sizeof(p->outdir), "out");
}

void progress_hunt_add(struct progress_hunt *h, int variant, int try, int nright, int all)
{
	if (variant < 1 || variant >= PROGRESS_MAX_VARIANTS)
		return;
	h->last_variant = variant;
	h->checks[variant]++;
	/* A record whose try column was lost still counts in order. */
	if (try < 1)
		try = h->checks[variant];
	if (all && !h->right_try[variant])
		h->right_try[variant] = try;
	h->last_right[variant] = nright;
}

void progress_exercise_add(struct progress_exercises *e, const char *name, int fixed)
{
	e->known = 1;
	if (e->total < PROGRESS_MAX_EXERCISES) {
		e->bar[e->total] = fixed ? '#' : '.';
		e->bar[e->total + 1] = '\0';
	}
	e->total++;
	if (fixed)
		e->fixed++;
	else if (!e->next[0])
		snprintf(e->next, sizeof(e->next), "%s", name);
}

/* The state of a lab that is not the hunt. */
static enum progress_state lab_state(const struct progress_lab *l)
{
	const char *expected = l->expected[0] ? l->expected : l->lab_expected;

	if (!l->run)
		return PROGRESS_NOT_RUN;
	if (l->unreadable[0])
		return PROGRESS_UNREADABLE;
	if (l->partial)
		return PROGRESS_PARTIAL;
	if (!expected[0])
		return PROGRESS_DONE;
	/* The run's own judgement when it made one against the same expectation. */
	if (l->expected[0] && l->expected_met >= 0)
		return l->expected_met ? PROGRESS_MET : PROGRESS_NOT_MET;
	return strcmp(l->verdict, expected) == 0 ? PROGRESS_MET : PROGRESS_NOT_MET;
}

static int hunt_solved(const struct progress *p)
{
	return p->hunt.variant > 0 && p->hunt.right_try[p->hunt.variant] > 0;
}

void progress_decide(struct progress *p)
{
	int i;

	p->met = p->expecting = 0;
	p->next_lab = -1;
	p->hunt.variant = p->hunt.run_variant > 0 && p->hunt.run_variant < PROGRESS_MAX_VARIANTS ?
		p->hunt.run_variant : p->hunt.last_variant;
	for (i = 0; i < p->nlabs; i++) {
		struct progress_lab *l = &p->labs[i];

		if (l->hunt) {
			l->state = l->run ? PROGRESS_DONE : PROGRESS_NOT_RUN;
			continue;
		}
		l->state = lab_state(l);
		if (l->lab_expected[0] || l->expected[0])
			p->expecting++;
		if (l->state == PROGRESS_MET)
			p->met++;
		if (p->next_lab < 0 && l->state != PROGRESS_MET && l->state != PROGRESS_DONE)
			p->next_lab = i;
	}
	if (p->next_lab >= 0)
		p->next = PROGRESS_NEXT_LAB;
	else if (p->hunt_lab >= 0 && !hunt_solved(p))
		p->next = p->labs[p->hunt_lab].run ? PROGRESS_NEXT_HUNT_CHECK : PROGRESS_NEXT_HUNT_RUN;
	else if (!p->ex.known || p->ex.unreadable[0] || p->ex.total == 0)
		p->next = PROGRESS_NEXT_EXERCISES_RUN;
	else if (p->ex.fixed < p->ex.total)
		p->next = PROGRESS_NEXT_EXERCISE_FIX;
	else
		p->next = PROGRESS_NEXT_DONE;
}

const char *progress_state_name(enum progress_state s)
{
	switch (s) {
	case PROGRESS_NOT_RUN: return _("not run");
	case PROGRESS_MET: return _("met");
	case PROGRESS_NOT_MET: return _("not met");
	case PROGRESS_PARTIAL: return _("partial");
	case PROGRESS_UNREADABLE: return _("unreadable:");
	case PROGRESS_DONE: return _("run");
	}
	return "?";
}

/* ------------------------------------------------------------------ */
/* Drawing                                                             */
/* ------------------------------------------------------------------ */

/* Columns of UTF-8 text: its characters. */
static int cols(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* s in at most max columns: cut at a character, "..." marking the cut. */
static void put_fit(struct textbuf *o, const char *s, int max)
{
	int n = 0;
	const char *p;

	if (max <= 0)
		return;
	if (cols(s) <= max) {
		textbuf_printf(o, "%s", s);
		return;
	}
	if (max <= 3) {
		textbuf_printf(o, "%.*s", max, "...");
		return;
	}
	for (p = s; *p; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80 && ++n > max - 3)
			break;
	}
	textbuf_printf(o, "%.*s...", (int)(p - s), s);
}

/* s, coloured (an SGR code) when color, then blanks to width columns. */
static void put_pad(struct textbuf *o, const char *s, int width, const char *sgr, int color)
{
	int n = cols(s);

	if (color && sgr && *s)
		textbuf_printf(o, "\033[%sm%s\033[0m", sgr, s);
	else
		textbuf_printf(o, "%s", s);
	for (; n < width; n++)
		textbuf_printf(o, " ");
}

/* A sentence wrapped to width at words, continued two columns in. */
static void put_wrapped(struct textbuf *o, const char *text, int width)
{
	char line[1100], out[1500];

	snprintf(line, sizeof(line), "%s\n", text);
	term_wrap(line, width, out, sizeof(out));
	textbuf_printf(o, "%s", out);
}

static const char *state_sgr(enum progress_state s)
{
	switch (s) {
	case PROGRESS_MET: return "1;32";
	case PROGRESS_NOT_MET: return "1;31";
	case PROGRESS_PARTIAL: return "1;33";
	case PROGRESS_UNREADABLE: return "1;31";
	case PROGRESS_NOT_RUN: return "2";
	case PROGRESS_DONE: return "1";
	}
	return NULL;
}

/* The hunt's row: its state word, its colour and its words. */
static const char *hunt_words(const struct progress *p, char *detail, size_t len, const char **sgr)
{
	const struct progress_hunt *h = &p->hunt;
	int v = h->variant, run = p->labs[p->hunt_lab].run;

	detail[0] = '\0';
	if (v > 0 && h->right_try[v]) {
		*sgr = "1;32";
		snprintf(detail, len, ngettext("variant %d: right in %d try", "variant %d: right in %d tries",
					       (unsigned long)h->right_try[v]), v, h->right_try[v]);
		return _("right");
	}
	if (v > 0 && h->checks[v]) {
		*sgr = "1;33";
		snprintf(detail, len, ngettext("variant %d: %d check, %d of 4 right in the last",
					       "variant %d: %d checks, %d of 4 right in the last",
					       (unsigned long)h->checks[v]), v, h->checks[v], h->last_right[v]);
		return _("checked");
	}
	if (!run) {
		*sgr = state_sgr(PROGRESS_NOT_RUN);
		return progress_state_name(PROGRESS_NOT_RUN);
	}
	*sgr = "1";
	if (v > 0)
		snprintf(detail, len, _("variant %d, not checked yet"), v);
	else
		snprintf(detail, len, "%s", _("not checked yet"));
	return progress_state_name(PROGRESS_DONE);
}

/* A verdict as summary.json writes it ("blocked leak"), in the reader's
 * words (report.c's names are the catalogue's; anything else as it is). */
static const char *verdict_word(const char *v)
{
	return *v ? _(v) : v;
}

/* What a lab's row says after its state. */
static void lab_detail(const struct progress_lab *l, char *detail, size_t len)
{
	const char *expected = verdict_word(l->expected[0] ? l->expected : l->lab_expected);

	detail[0] = '\0';
	switch (l->state) {
	case PROGRESS_MET:
	case PROGRESS_DONE:
		snprintf(detail, len, "%s", verdict_word(l->verdict));
		break;
	case PROGRESS_NOT_MET:
		snprintf(detail, len, _("showed %s, expected %s"), verdict_word(l->verdict), expected);
		break;
	case PROGRESS_PARTIAL:
		if (l->verdict[0])
			snprintf(detail, len, _("interrupted (so far: %s): run it again"), verdict_word(l->verdict));
		else
			snprintf(detail, len, "%s", _("interrupted, or still running: no summary yet"));
		break;
	case PROGRESS_UNREADABLE:
		snprintf(detail, len, "%s", l->unreadable);
		break;
	case PROGRESS_NOT_RUN:
		break;
	}
}

/* The next step: a sentence, and the command to type (its own line, never
 * wrapped; "" for none). */
static void next_step(const struct progress *p, char *say, size_t saylen, char *cmd, size_t cmdlen)
{
	const char *lang = p->pt ? "pt-BR" : "en";
	char sheet[400], variant[16];
	const struct progress_lab *l;

	snprintf(variant, sizeof(variant), "%s", "N");
	if (p->hunt.variant > 0)
		snprintf(variant, sizeof(variant), "%d", p->hunt.variant);
	cmd[0] = say[0] = '\0';
	switch (p->next) {
	case PROGRESS_NEXT_LAB:
		l = &p->labs[p->next_lab];
		snprintf(sheet, sizeof(sheet), "worksheets/%s/%s.md", lang, l->name);
		snprintf(say, saylen, _("Next: read %s, then:"), sheet);
		snprintf(cmd, cmdlen, "make lab LAB=%s", l->path);
		return;
	case PROGRESS_NEXT_HUNT_RUN:
		l = &p->labs[p->hunt_lab];
		snprintf(sheet, sizeof(sheet), "worksheets/%s/%s.md", lang, l->name);
		if (p->hunt.variant > 0)
			snprintf(say, saylen, _("Next: every lab met, the hunt: read %s, then:"), sheet);
		else
			snprintf(say, saylen, _("Next: every lab met, the hunt: read %s, then (N: the number "
						"your instructor gives you):"), sheet);
		snprintf(cmd, cmdlen, "make hunt VARIANT=%s", variant);
		return;
	case PROGRESS_NEXT_HUNT_CHECK:
		l = &p->labs[p->hunt_lab];
		snprintf(sheet, sizeof(sheet), "worksheets/%s/%s.md", lang, l->name);
		snprintf(say, saylen, _("Next: find the leak in %s/%s-latest/ (%s tells how), then:"),
			 p->outdir, l->name, sheet);
		snprintf(cmd, cmdlen, "make hunt-check VARIANT=%s ANSWER=\"kind=K endpoint=/P function=F condition=C\"",
			 variant);
		return;
	case PROGRESS_NEXT_EXERCISES_RUN:
		snprintf(sheet, sizeof(sheet), "worksheets/%s/exercises.md", lang);
		snprintf(say, saylen, _("Next: the fix-it exercises: read %s, then:"), sheet);
		snprintf(cmd, cmdlen, "make exercises");
		return;
	case PROGRESS_NEXT_EXERCISE_FIX:
		snprintf(say, saylen, _("Next: fix go-example/exercises/%s/ (its README.md first), then:"), p->ex.next);
		snprintf(cmd, cmdlen, "make exercises");
		return;
	case PROGRESS_NEXT_DONE:
		snprintf(say, saylen, "%s", _("All done: every lab met, the hunt solved, every exercise fixed. Well done!"));
		return;
	}
}

size_t progress_format(const struct progress *p, int color, int width, char *buf, size_t len)
{
	struct textbuf o;
	char line[1024], detail[400];
	const char *unread = progress_state_name(PROGRESS_UNREADABLE), *exname = _("exercises");
	int namew = cols(exname), statew = 0, i, n;

	if (width < 40)
		width = 40;
	textbuf_init(&o, buf, len);
	for (i = 0; i < p->nlabs; i++)
		if ((n = cols(p->labs[i].name)) > namew)
			namew = n;
	if (namew > 24)
		namew = 24;
	for (i = PROGRESS_NOT_RUN; i <= PROGRESS_DONE; i++)
		if (i != PROGRESS_UNREADABLE && (n = cols(progress_state_name((enum progress_state)i))) > statew)
			statew = n;
	if ((n = cols(_("right"))) > statew)
		statew = n;
	if ((n = cols(_("checked"))) > statew)
		statew = n;

	snprintf(line, sizeof(line),
		 ngettext("Your course in %s/: %d of %d lab met; worksheets in worksheets/%s/",
			  "Your course in %s/: %d of %d labs met; worksheets in worksheets/%s/",
			  (unsigned long)p->expecting),
		 p->outdir, p->met, p->expecting, p->pt ? "pt-BR" : "en");
	put_wrapped(&o, line, width);
	textbuf_printf(&o, "\n");

	for (i = 0; i < p->nlabs; i++) {
		const struct progress_lab *l = &p->labs[i];
		const char *word, *sgr;
		struct textbuf cut;
		char name[128];

		textbuf_init(&cut, name, sizeof(name));
		put_fit(&cut, l->name, namew);
		textbuf_printf(&o, "  ");
		put_pad(&o, name, namew + 2, NULL, 0);
		if (l->hunt) {
			word = hunt_words(p, detail, sizeof(detail), &sgr);
		} else {
			word = progress_state_name(l->state);
			sgr = state_sgr(l->state);
			lab_detail(l, detail, sizeof(detail));
		}
		if (!l->hunt && l->state == PROGRESS_UNREADABLE) {
			put_pad(&o, word, 0, sgr, color);
			textbuf_printf(&o, " ");
			put_fit(&o, detail, width - 2 - (namew + 2) - cols(unread) - 1);
		} else if (detail[0]) {
			put_pad(&o, word, statew + 2, sgr, color);
			put_fit(&o, detail, width - 2 - (namew + 2) - (statew + 2));
		} else {
			put_pad(&o, word, 0, sgr, color);
		}
		textbuf_printf(&o, "\n");
	}
	if (p->hunt_lab >= 0 && p->hunt.unreadable[0]) {
		textbuf_printf(&o, "  ");
		put_pad(&o, "hunt-check.tsv", namew + 2, NULL, 0);
		put_pad(&o, unread, 0, state_sgr(PROGRESS_UNREADABLE), color);
		textbuf_printf(&o, " ");
		put_fit(&o, p->hunt.unreadable, width - 2 - (namew + 2) - cols(unread) - 1);
		textbuf_printf(&o, "\n");
	}

	textbuf_printf(&o, "\n  ");
	put_pad(&o, exname, namew + 2, NULL, 0);
	if (p->ex.unreadable[0]) {
		put_pad(&o, unread, 0, state_sgr(PROGRESS_UNREADABLE), color);
		textbuf_printf(&o, " ");
		put_fit(&o, p->ex.unreadable, width - 2 - (namew + 2) - cols(unread) - 1);
	} else if (p->ex.known) {
		snprintf(line, sizeof(line),
			 ngettext("%d of %d fixed [%s]", "%d of %d fixed [%s]", (unsigned long)p->ex.fixed),
			 p->ex.fixed, p->ex.total, p->ex.bar);
		put_fit(&o, line, width - 2 - (namew + 2));
	} else {
		put_fit(&o, _("no record yet: run make exercises"), width - 2 - (namew + 2));
	}
	textbuf_printf(&o, "\n\n");

	next_step(p, line, sizeof(line), detail, sizeof(detail));
	put_wrapped(&o, line, width);
	if (detail[0]) {
		textbuf_printf(&o, "  ");
		put_fit(&o, detail, width - 2);
		textbuf_printf(&o, "\n");
	}
	return o.used;
}
