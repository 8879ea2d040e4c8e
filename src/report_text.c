/* report_text.c - a judged run in words: summary.txt and summary.json (pure) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "meta.h"
#include "report.h"
#include "textbuf.h"
#include "utf8.h"


static const char *num(double v, char *buf, size_t len, const char *fmt)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, fmt, v);
	return buf;
}

/* What people read of a field with a twin for them: the twin when set
 * (a report_input filled by hand has only the English one). */
static const char *shown(const char *for_people, const char *english)
{
	return for_people[0] ? for_people : english;
}

/* The top stack, when there is one to show. */
static int show_top(const struct report_input *in, const struct report *r)
{
	return r->top && !in->verdict_hidden;
}

/* A line's label, in the reader's language, padded to the 12 columns of
 * the English ones ("time slice  "): columns, not bytes (UTF-8). */
static void label(struct textbuf *o, const char *word)
{
	size_t cols = utf8_cols(word);

	textbuf_printf(o, "%s%*s", word, cols < 12 ? (int)(12 - cols) : 1, "");
}

/* A line under a label: its indent. */
static void indent(struct textbuf *o)
{
	textbuf_printf(o, "%12s", "");
}

/* The verdict's name: the reader's word and, when it differs, the one
 * summary.json and the worksheets use. */
static void put_verdict_name(struct textbuf *o, const char *name)
{
	const char *t = _(name);

	textbuf_printf(o, "%s", t);
	if (strcmp(t, name) != 0)
		textbuf_printf(o, " (%s)", name);
}

static void put_top(struct textbuf *o, const struct report_input *in, const struct report *r)
{
	label(o, P_("summary", "top stack"));
	if (!show_top(in, r)) {
		textbuf_printf(o, "%s\n", in->verdict_hidden ? _("(hidden: find it in stacks.txt)") :
			       r->verdict != REPORT_NO_LEAK && (in->g_from_trace || !in->ng) ?
			       _("- (no goroutine profile, so no stacks: serve net/http/pprof, or say where with "
				 "pprof = URL)") : "-");
		return;
	}
	textbuf_printf(o, "%s%s x %ld", r->top_by_creator ? _("created by ") : "", r->top->text, r->top->count);
	if (r->top->growth != r->top->count)
		textbuf_printf(o, _(" (%+ld since the start)"), r->top->growth);
	textbuf_printf(o, _("; from the %s"), _(r->top_source));
	if (r->stale_goroutines && in->stacks_t_ms >= 0)
		textbuf_printf(o, _(" taken at %.1f s"), in->stacks_t_ms / 1000);
	textbuf_printf(o, "\n");
	if (r->top_by_creator) {
		indent(o);
		textbuf_printf(o, "%s\n", _("(none of your code is on their stacks: that is your function "
					    "that started them)"));
	}
	if (r->top_meaning) {
		label(o, P_("summary", "means"));
		textbuf_printf(o, "%s\n", _(r->top_meaning));
	}
}

static const char *outcome_words(int o)
{
	static const char *const w[] = { "ok", "http", "timeout", "error" };

	return o >= 0 && o < 4 ? w[o] : NULL;
}

/* How the verdict is known, what they wait on, which target: none of it
 * for a hunt (it would give the answer away). */
static void put_evidence(struct textbuf *o, const struct report_input *in, const struct report *r)
{
	if (in->verdict_hidden)
		return;
	if (r->proof) {
		label(o, P_("summary", "proof"));
		textbuf_printf(o, "%s", _(r->proof));
		if (r->verdict == REPORT_BLOCKED_LEAK && r->proven_leaked > 0)
			textbuf_printf(o, _n(": the runtime proved %ld goroutine leaked",
					     ": the runtime proved %ld goroutines leaked", (unsigned long)r->proven_leaked),
				       r->proven_leaked);
		else if (r->verdict == REPORT_BLOCKED_LEAK && r->proven_leaked == 0)
			textbuf_printf(o, "%s", _(": the goroutineleak profile proves none (total 0)"));
		else if (r->verdict == REPORT_BLOCKED_LEAK)
			textbuf_printf(o, _(": no goroutineleak profile (%s)"), report_leak_profile_lost(in) ?
				       _("it did not come: see profiles below") : in->pprof_served ? _("this Go has none") :
				       _("no pprof"));
		textbuf_printf(o, "\n");
	}
	if (r->nwaiting_on && r->verdict != REPORT_NO_LEAK) {
		label(o, r->verdict == REPORT_RUNNABLE_LEAK ? P_("summary", "by state") : P_("summary", "waiting on"));
		for (int i = 0; i < r->nwaiting_on; i++)
			textbuf_printf(o, "%s%s %ld", i ? ", " : "", r->waiting_on[i].reason, r->waiting_on[i].end);
		textbuf_printf(o, _(" (grown since the start; from the %s)"), _(r->waiting_source));
		if (r->wait_minutes > 0)
			textbuf_printf(o, _n("; the longest has waited %ld minute", "; the longest has waited %ld minutes",
					     (unsigned long)r->wait_minutes), r->wait_minutes);
		textbuf_printf(o, "\n");
	}
	if (r->culprit.target >= 0) {
		label(o, P_("summary", "leaking"));
		textbuf_printf(o, "%s", in->target_names[r->culprit.target]);
		if (outcome_words(r->culprit.outcome))
			textbuf_printf(o, _(" (outcome %s)"), outcome_words(r->culprit.outcome));
		textbuf_printf(o, _(": %.2f per request of it (%.0f requests), %.0f%% of the growth\n"),
			       r->culprit.per_request, r->culprit.requests, r->culprit.share * 100);
	} else if (r->culprit.ambiguous && r->verdict != REPORT_NO_LEAK) {
		label(o, P_("summary", "leaking"));
		textbuf_printf(o, "%s\n", _("not told apart: the targets' counts rose together (or more than "
					    "one leaks); run each target alone, or poll more often "
					    "(sample_every = 250ms), to tell"));
	}
	if (r->verdict == REPORT_UNKNOWN) {
		label(o, P_("summary", "to know"));
		textbuf_printf(o, "%s\n", r->to_know);
	}
}

/* What the run could not see, or lost. */
static void put_caveats(struct textbuf *o, const struct report_input *in)
{
	char words[256];

	if (in->attached) {
		label(o, P_("summary", "attached"));
		textbuf_printf(o, _("to a service already running at %s: leaklab started nothing, so "
				    "there is no trace (no run queues); it sees the goroutines through pprof only, "
				    "runnable ones by their state\n"), in->pprof_url[0] ? in->pprof_url : _("its url"));
	}
	if (in->trace_runtimes > 1) {
		label(o, P_("summary", "MIXED TRACE"));
		textbuf_printf(o, _("%d Go runtimes wrote a schedtrace to the same stderr (a shell or a launcher "
				    "around the program, or a child that inherits GODEBUG); %llu samples of the others "
				    "are left out of trace.tsv, raw-stderr.log keeps them. Use env = and $ADDR instead "
				    "of a shell, or run the built binary\n"),
			       in->trace_runtimes, (unsigned long long)in->trace_dropped);
	}
	if (in->pprof_lost_ms >= 0) {
		label(o, P_("summary", "pprof"));
		textbuf_printf(o, _("%s stopped answering at %.1f s; the goroutines are judged from "
				    "what came before\n"), in->pprof_url, in->pprof_lost_ms / 1000);
	}
	if (report_leak_profile_lost(in)) {
		label(o, P_("summary", "profiles"));
		textbuf_printf(o, _("the goroutineleak profile: %s\n"),
			       meta_words(in->profile_leak, words, sizeof(words)));
	}
	if (in->profile_final[0] && strcmp(in->profile_final, "ok") != 0 && strcmp(in->profile_final, META_NOT_SERVED) != 0 &&
	    in->pprof_served) {
		label(o, P_("summary", "profiles"));
		textbuf_printf(o, _("the last goroutine profile: %s\n"),
			       meta_words(in->profile_final, words, sizeof(words)));
	}
	if (in->profile_full[0] && strcmp(in->profile_full, "ok") != 0 && in->pprof_served) {
		label(o, P_("summary", "profiles"));
		textbuf_printf(o, _("the last full goroutine profile (debug=2): %s\n"),
			       meta_words(in->profile_full, words, sizeof(words)));
	}
}

/* The first lines: the lab, who ran it, the verdict and why. */
static void put_head(struct textbuf *o, const struct report_input *in, const struct report *r)
{
	textbuf_printf(o, _("leaklab summary: %s%s\n"), in->lab_name, in->partial ? _(" (PARTIAL: the run was cut short)") : "");
	if (shown(in->title_shown, in->title)[0])
		textbuf_printf(o, "  %s\n", shown(in->title_shown, in->title));
	if (in->student[0]) {
		if (in->host[0])
			textbuf_printf(o, _("  run by %s on %s\n"), in->student, in->host);
		else
			textbuf_printf(o, _("  run by %s\n"), in->student);
	}
	if (in->verdict_hidden) {
		textbuf_printf(o, "\n%s\n  %s\n\n", _("verdict: hidden"),
			       _("This lab is a hunt: is there a leak, runnable or blocked, where, "
				 "and when? Decide from the charts, stacks.txt, waits.tsv and requests.tsv."));
	} else {
		textbuf_printf(o, "\n%s", _("verdict: "));
		put_verdict_name(o, report_verdict_name(r->verdict));
		textbuf_printf(o, "\n  %s\n\n", r->why);
	}
}

static void put_load(struct textbuf *o, const struct report_input *in, const struct report *r)
{
	label(o, P_("summary", "requests"));
	textbuf_printf(o, _("%llu sent of %llu scheduled to %s: %llu ok, %llu failed"),
		       (unsigned long long)in->sent, (unsigned long long)in->scheduled, shown(in->targets_shown, in->targets),
		       (unsigned long long)in->ok, (unsigned long long)in->failed);
	if (in->timeouts)
		textbuf_printf(o, _(" (%llu timed out: the client gave up)"), (unsigned long long)in->timeouts);
	textbuf_printf(o, _(", %llu dropped"), (unsigned long long)in->dropped);
	if (in->aborted)
		textbuf_printf(o, _(", %llu still in flight at the end"), (unsigned long long)in->aborted);
	textbuf_printf(o, "\n");
	label(o, P_("summary", "rate"));
	if (!isnan(r->sending_target))
		textbuf_printf(o, _("%.2f/s while sending (target %.2f/s); %.2f/s over the whole schedule with its "
				    "pauses (target %.2f/s)\n"), r->sending_achieved, r->sending_target, r->achieved_rate,
			       r->target_rate);
	else
		textbuf_printf(o, _("%.2f/s achieved, %.2f/s target\n"), r->achieved_rate, r->target_rate);
}

static void put_numbers(struct textbuf *o, const struct report_input *in, const struct report *r)
{
	char a[32], b[32], c[32], d[32], e[32], f[32];

	label(o, P_("summary", "queued"));
	textbuf_printf(o, _("start %s, end %s, max %s; slope %s/s (R\xc2\xb2 %s); %s per leak request\n"),
		       num(r->queued_start, a, sizeof(a), "%.0f"), num(r->queued_end, b, sizeof(b), "%.0f"),
		       num(r->queued_max, c, sizeof(c), "%.0f"), num(r->queued_fit.slope, d, sizeof(d), "%.2f"),
		       num(r->queued_fit.n >= 2 ? r->queued_fit.r2 : NAN, e, sizeof(e), "%.2f"),
		       num(r->queued_per_leak, f, sizeof(f), "%.2f"));
	label(o, P_("summary", "goroutines"));
	textbuf_printf(o, in->g_from_trace ? _("start %s, end %s; slope %s/s (scheddetail G lines, %zu samples)") :
		       _("start %s, end %s; slope %s/s (pprof, %zu polls)"),
		       num(r->goroutines_start, a, sizeof(a), "%.0f"), num(r->goroutines_end, b, sizeof(b), "%.0f"),
		       num(in->ng >= 2 ? r->goroutines_fit.slope : NAN, c, sizeof(c), "%.2f"), in->ng);
	if (r->idle_conns_end > 0)
		textbuf_printf(o, _n("; %.0f goroutine of leaklab's own connections not counted",
				     "; %.0f goroutines of leaklab's own connections not counted",
				     (unsigned long)r->idle_conns_end), r->idle_conns_end);
	if (r->stale_goroutines)
		textbuf_printf(o, _("; the end is from %.1f s: later polls went unanswered (a starving program)"),
			       in->g_t_ms[in->ng - 1] / 1000);
	textbuf_printf(o, "\n");
	if (r->pause_samples) {
		label(o, P_("summary", "pause"));
		textbuf_printf(o, _("queued %.1f on average over its %zu samples (the last pause, %.1f s)\n"),
			       r->pause_queued_mean, r->pause_samples,
			       (in->pauses[in->npauses - 1][1] - in->pauses[in->npauses - 1][0]) / 1000);
	}
	if (!isnan(r->time_slice_ms)) {
		label(o, P_("summary", "time slice"));
		textbuf_printf(o, _("%.1f ms per schedtick while every P was busy (median of %zu intervals)\n"),
			       r->time_slice_ms, in->nslices);
	}
	if (in->probe[0]) {
		label(o, P_("summary", "probe"));
		textbuf_printf(o, _("%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%llu probes, %llu failed)\n"),
			       in->probe, stats_hist_quantile(&in->probe_hist, 0.5) / 1000,
			       stats_hist_quantile(&in->probe_hist, 0.99) / 1000, in->probe_hist.max_us / 1000,
			       (unsigned long long)in->probes, (unsigned long long)in->probes_failed);
	}
}

/* The trace, the expected verdict and how the run ended. */
static void put_tail(struct textbuf *o, const struct report_input *in, const struct report *r)
{
	char words[256];

	label(o, P_("summary", "trace"));
	if (in->attached && !in->samples)
		textbuf_printf(o, "%s\n", _("none: attached (pipe the service's stderr, run with GODEBUG=schedtrace=1000, "
					    "to 'leaklab collect' for one)"));
	else
		textbuf_printf(o, _("%llu samples, %llu malformed lines; %s, GOMAXPROCS %ld\n"),
			       (unsigned long long)in->samples, (unsigned long long)in->malformed,
			       in->go_version[0] && strcmp(in->go_version, "-") ? in->go_version : "Go ?",
			       in->gomaxprocs);
	if (in->expected[0] && !in->verdict_hidden) {
		label(o, P_("summary", "expected"));
		put_verdict_name(o, in->expected);
		textbuf_printf(o, ": %s\n",
			       report_verdict_matches(r->verdict, in->expected) == 1 ? _("met") : _("NOT met"));
	}
	label(o, P_("summary", "run"));
	textbuf_printf(o, "%s", meta_words(in->ended, words, sizeof(words)));
	if (in->cpu_leaklab_ms >= 0 && in->cpu_program_ms >= 0)
		textbuf_printf(o, _("; CPU time: the program %.1f s, leaklab %.1f s"), in->cpu_program_ms / 1000,
			       in->cpu_leaklab_ms / 1000);
	textbuf_printf(o, "\n");
}

size_t report_text(const struct report_input *in, const struct report *r, char *buf, size_t len)
{
	struct textbuf o;

	textbuf_init(&o, buf, len);
	put_head(&o, in, r);
	put_load(&o, in, r);
	put_numbers(&o, in, r);
	put_top(&o, in, r);
	put_evidence(&o, in, r);
	put_caveats(&o, in);
	put_tail(&o, in, r);
	return o.used;
}

/* A JSON string: escaped, and valid UTF-8 (what is not becomes U+FFFD). */
static void put_json_str(struct textbuf *o, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	textbuf_printf(o, "\"");
	while (*s) {
		size_t n = utf8_seq(s, 4);

		if (n == 0) {
			textbuf_printf(o, "\xef\xbf\xbd");
			s++;
		} else if (*s == '"' || *s == '\\') {
			textbuf_printf(o, "\\%c", *s++);
		} else if (*s < 0x20) {
			textbuf_printf(o, "\\u%04x", *s++);
		} else {
			textbuf_printf(o, "%.*s", (int)n, (const char *)s);
			s += n;
		}
	}
	textbuf_printf(o, "\"");
}

static void put_json_num(struct textbuf *o, const char *key, double v, const char *fmt, int last)
{
	textbuf_printf(o, "  \"%s\": ", key);
	if (isnan(v) || isinf(v))
		textbuf_printf(o, "null");
	else
		textbuf_printf(o, fmt, v);
	textbuf_printf(o, "%s\n", last ? "" : ",");
}

static void put_json_key_str(struct textbuf *o, const char *key, const char *v)
{
	textbuf_printf(o, "  \"%s\": ", key);
	if (v)
		put_json_str(o, v);
	else
		textbuf_printf(o, "null");
	textbuf_printf(o, ",\n");
}

static void put_json_bool(struct textbuf *o, const char *key, int v)
{
	textbuf_printf(o, "  \"%s\": %s,\n", key, v ? "true" : "false");
}

/* How it is known, what they wait on, which target; null for a hunt. */
static void put_json_evidence(struct textbuf *o, const struct report_input *in, const struct report *r)
{
	int hide = in->verdict_hidden, i;
	int culprit = !hide && r->culprit.target >= 0;

	put_json_key_str(o, "proof", hide ? NULL : r->proof);
	put_json_num(o, "proven_leaked", hide || r->proven_leaked < 0 ? NAN : (double)r->proven_leaked, "%.0f", 0);
	put_json_key_str(o, "unknown_reason", !hide && r->verdict == REPORT_UNKNOWN ? r->unknown : NULL);
	put_json_key_str(o, "to_know", !hide && r->verdict == REPORT_UNKNOWN ? r->to_know : NULL);
	textbuf_printf(o, "  \"waiting_on\": ");
	if (hide || !r->waiting_source) {
		textbuf_printf(o, "null,\n");
	} else {
		textbuf_printf(o, "{");
		for (i = 0; i < r->nwaiting_on; i++) {
			textbuf_printf(o, "%s", i ? ", " : "");
			put_json_str(o, r->waiting_on[i].reason);
			textbuf_printf(o, ": %ld", r->waiting_on[i].end);
		}
		textbuf_printf(o, "},\n");
	}
	put_json_key_str(o, "waiting_source", hide ? NULL : r->waiting_source);
	put_json_num(o, "wait_minutes", hide || r->wait_minutes < 0 ? NAN : (double)r->wait_minutes, "%.0f", 0);
	put_json_num(o, "grown_sleeping", hide || r->grown_sleeping < 0 ? NAN : (double)r->grown_sleeping, "%.0f", 0);
	put_json_num(o, "grown_running", hide || r->grown_running < 0 ? NAN : (double)r->grown_running, "%.0f", 0);
	put_json_bool(o, "draining", !hide && r->draining);
	put_json_num(o, "drain_from", hide ? NAN : r->drain_from, "%.1f", 0);
	put_json_num(o, "drain_to", hide ? NAN : r->drain_to, "%.1f", 0);
	put_json_key_str(o, "leaking_target", culprit ? in->target_names[r->culprit.target] : NULL);
	put_json_num(o, "leaking_target_per_request", culprit ? r->culprit.per_request : NAN, "%.3f", 0);
	put_json_num(o, "leaking_target_requests", culprit ? r->culprit.requests : NAN, "%.0f", 0);
	put_json_num(o, "leaking_target_share", culprit ? r->culprit.share : NAN, "%.3f", 0);
	put_json_key_str(o, "leaking_outcome", culprit ? outcome_words(r->culprit.outcome) : NULL);
	put_json_bool(o, "leaking_target_ambiguous", !hide && r->culprit.ambiguous);
	put_json_key_str(o, "expected", in->expected[0] ? in->expected : NULL);
	textbuf_printf(o, "  \"expected_met\": %s,\n", !in->expected[0] || hide ? "null" :
		       report_verdict_matches(r->verdict, in->expected) == 1 ? "true" : "false");
}

size_t report_json(const struct report_input *in, const struct report *r, char *buf, size_t len)
{
	struct textbuf o;
	int top = show_top(in, r);

	textbuf_init(&o, buf, len);
	textbuf_printf(&o, "{\n");
	put_json_key_str(&o, "lab", in->lab_name);
	put_json_key_str(&o, "title", in->title);
	put_json_key_str(&o, "verdict", in->verdict_hidden ? "hidden" : report_verdict_name(r->verdict));
	put_json_key_str(&o, "why", in->verdict_hidden ? NULL : r->why);
	put_json_evidence(&o, in, r);
	textbuf_printf(&o, "  \"partial\": %s,\n", in->partial ? "true" : "false");
	put_json_key_str(&o, "ended", in->ended);
	put_json_key_str(&o, "targets", in->targets);
	put_json_key_str(&o, "go_version", in->go_version);
	put_json_num(&o, "gomaxprocs", in->gomaxprocs < 0 ? NAN : (double)in->gomaxprocs, "%.0f", 0);
	put_json_num(&o, "requests_scheduled", (double)in->scheduled, "%.0f", 0);
	put_json_num(&o, "requests_sent", (double)in->sent, "%.0f", 0);
	put_json_num(&o, "requests_ok", (double)in->ok, "%.0f", 0);
	put_json_num(&o, "requests_failed", (double)in->failed, "%.0f", 0);
	put_json_num(&o, "requests_timed_out", (double)in->timeouts, "%.0f", 0);
	put_json_num(&o, "requests_dropped", (double)in->dropped, "%.0f", 0);
	put_json_num(&o, "requests_aborted", (double)in->aborted, "%.0f", 0);
	put_json_num(&o, "rate_achieved_per_s", r->achieved_rate, "%.3f", 0);
	put_json_num(&o, "rate_target_per_s", r->target_rate, "%.3f", 0);
	put_json_num(&o, "rate_sending_per_s", r->sending_achieved, "%.3f", 0);
	put_json_num(&o, "rate_sending_target_per_s", r->sending_target, "%.3f", 0);
	put_json_num(&o, "queued_start", r->queued_start, "%.0f", 0);
	put_json_num(&o, "queued_end", r->queued_end, "%.0f", 0);
	put_json_num(&o, "queued_max", r->queued_max, "%.0f", 0);
	put_json_num(&o, "queued_slope_per_s", r->queued_fit.n >= 2 ? r->queued_fit.slope : NAN, "%.4f", 0);
	put_json_num(&o, "queued_r2", r->queued_fit.n >= 2 ? r->queued_fit.r2 : NAN, "%.4f", 0);
	put_json_num(&o, "queued_per_leak", r->queued_per_leak, "%.4f", 0);
	put_json_num(&o, "goroutines_start", r->goroutines_start, "%.0f", 0);
	put_json_num(&o, "goroutines_end", r->goroutines_end, "%.0f", 0);
	put_json_num(&o, "goroutines_end_t_ms", in->ng ? in->g_t_ms[in->ng - 1] : NAN, "%.0f", 0);
	put_json_num(&o, "goroutines_idle_conns_end", r->idle_conns_end, "%.0f", 0);
	put_json_num(&o, "goroutines_slope_per_s", in->ng >= 2 ? r->goroutines_fit.slope : NAN, "%.4f", 0);
	put_json_num(&o, "goroutines_r2", in->ng >= 2 ? r->goroutines_fit.r2 : NAN, "%.4f", 0);
	put_json_key_str(&o, "goroutines_source", in->ng ? (in->g_from_trace ? "scheddetail" : "pprof") : NULL);
	put_json_num(&o, "probes", (double)in->probes, "%.0f", 0);
	put_json_num(&o, "probes_failed", (double)in->probes_failed, "%.0f", 0);
	put_json_num(&o, "probe_p50_ms", in->probe_hist.count ? stats_hist_quantile(&in->probe_hist, 0.5) / 1000 : NAN, "%.3f", 0);
	put_json_num(&o, "probe_p99_ms", in->probe_hist.count ? stats_hist_quantile(&in->probe_hist, 0.99) / 1000 : NAN, "%.3f", 0);
	put_json_num(&o, "probe_max_ms", in->probe_hist.count ? in->probe_hist.max_us / 1000 : NAN, "%.3f", 0);
	put_json_num(&o, "time_slice_ms", r->time_slice_ms, "%.3f", 0);
	put_json_num(&o, "pause_queued_mean", r->pause_queued_mean, "%.2f", 0);
	put_json_num(&o, "malformed_lines", (double)in->malformed, "%.0f", 0);
	put_json_num(&o, "samples", (double)in->samples, "%.0f", 0);
	put_json_num(&o, "cpu_program_ms", in->cpu_program_ms >= 0 ? in->cpu_program_ms : NAN, "%.0f", 0);
	put_json_num(&o, "cpu_leaklab_ms", in->cpu_leaklab_ms >= 0 ? in->cpu_leaklab_ms : NAN, "%.0f", 0);
	put_json_key_str(&o, "student", in->student[0] ? in->student : NULL);
	put_json_key_str(&o, "host", in->host[0] ? in->host : NULL);
	put_json_num(&o, "cpus", in->cpus > 0 ? (double)in->cpus : NAN, "%.0f", 0);
	put_json_bool(&o, "attached", in->attached);
	put_json_bool(&o, "trace_mixed", in->trace_runtimes > 1);
	put_json_num(&o, "trace_runtimes", (double)in->trace_runtimes, "%.0f", 0);
	put_json_num(&o, "trace_dropped", (double)in->trace_dropped, "%.0f", 0);
	put_json_key_str(&o, "pprof_url", in->pprof_url[0] ? in->pprof_url : NULL);
	put_json_num(&o, "pprof_lost_ms", in->pprof_lost_ms >= 0 ? in->pprof_lost_ms : NAN, "%.0f", 0);
	put_json_key_str(&o, "profile_final", in->profile_final[0] ? in->profile_final : NULL);
	put_json_key_str(&o, "profile_full", in->profile_full[0] ? in->profile_full : NULL);
	put_json_key_str(&o, "profile_leak", in->profile_leak[0] ? in->profile_leak : NULL);
	put_json_key_str(&o, "top_stack_meaning", top ? r->top_meaning : NULL);
	put_json_bool(&o, "top_stack_by_creator", top && r->top_by_creator);
	put_json_key_str(&o, "top_stack", top ? r->top->text : NULL);
	put_json_num(&o, "top_stack_count", top ? (double)r->top->count : NAN, "%.0f", 0);
	put_json_num(&o, "top_stack_growth", top ? (double)r->top->growth : NAN, "%.0f", 0);
	put_json_key_str(&o, "top_stack_source", top ? r->top_source : NULL);
	put_json_num(&o, "top_stack_t_ms", top && in->stacks_t_ms >= 0 ? in->stacks_t_ms : NAN, "%.0f", 1);
	textbuf_printf(&o, "}\n");
	return o.used;
}
