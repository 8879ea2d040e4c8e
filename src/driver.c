/* driver.c - open-loop HTTP load on libcurl's multi interface, one thread */
#include <curl/curl.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "driver.h"
#include "mono.h"
#include "platform.h"

#define FETCH_BODY_MAX (64 * 1024 * 1024)
/* How long a connection kept for reuse may sit idle. */
#define DRIVER_IDLE_SECONDS 2
#define MAX_EXTRA_FDS 16

/* A round of the mix: this many times each target's weight. */
#define ROUND_REPEAT 8
#define MAX_ROUND 4096

enum slot_kind { SLOT_LOAD, SLOT_FETCH };

struct slot {
	enum slot_kind kind;
	CURL *easy;
	struct slot *next_free;
	struct slot *prev, *next;  /* fetches in flight */
	int in_multi;
	uint64_t seq;
	size_t target;             /* index into cfg.targets */
	double t_sched, t_start;
	char errbuf[CURL_ERROR_SIZE];
	/* fetches */
	void (*cb)(void *ud, const struct driver_fetch_result *r);
	void *ud;
	char *body;
	size_t len, cap;
	int too_big;
};

struct driver {
	struct driver_config cfg;
	CURLM *multi;
	struct plat_timer *timer;  /* wakes the loop at a send time, to the microsecond */
	struct slot *slots;        /* cfg.concurrency load slots */
	struct slot *free_slots;
	struct slot *fetch_list;
	struct schedule_iter it;
	size_t drop_target;        /* the target of a request being dropped */
	struct curl_slist *headers;
	long *current;             /* smooth weighted round robin, one per target */
	long weight_sum;
	size_t *round;             /* a shuffled round of the mix, or NULL (round robin) */
	size_t round_len, round_at;
	uint64_t rng;
	int have_next;
	double next_ms;            /* the next send time, driver clock */
	int stopped;
	double armed_ms;           /* the timer's deadline, driver clock; 0 = none */
	unsigned in_flight, fetches;
	struct driver_counts counts;
};

static double now_ms(const struct driver *d)
{
	return mono_now_ms() - d->cfg.t0_ms;
}

static size_t discard(char *ptr, size_t size, size_t n, void *ud)
{
	(void)ptr;
	(void)ud;
	return size * n;
}

static size_t keep(char *ptr, size_t size, size_t n, void *ud)
{
	struct slot *s = ud;
	size_t add = size * n;

	if (s->too_big || s->len + add + 1 > FETCH_BODY_MAX) {
		s->too_big = 1;
		return add; /* read on, keep nothing more */
	}
	if (s->len + add + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		char *b;

		while (cap < s->len + add + 1)
			cap *= 2;
		if (!(b = realloc(s->body, cap)))
			return 0;
		s->body = b;
		s->cap = cap;
	}
	memcpy(s->body + s->len, ptr, add);
	s->len += add;
	s->body[s->len] = '\0';
	return add;
}

/* Options every transfer shares: stay where the URL says, no proxy, no
 * redirects (a redirect could lead off this machine), no signals. */
static int common_opts(CURL *e, struct slot *s, const char *url, long timeout_ms)
{
	if ((url && curl_easy_setopt(e, CURLOPT_URL, url) != CURLE_OK) ||
	    curl_easy_setopt(e, CURLOPT_PRIVATE, s) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_MAXAGE_CONN, (long)DRIVER_IDLE_SECONDS) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, s->errbuf) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PROXY, "") != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_USERAGENT, "leaklab") != CURLE_OK)
		return -1;
	return 0;
}

/* xorshift64*: the same sequence every run. */
static uint64_t next_random(struct driver *d)
{
	d->rng ^= d->rng >> 12;
	d->rng ^= d->rng << 25;
	d->rng ^= d->rng >> 27;
	return d->rng * 2685821657736338717ULL;
}

/* A new round: each target ROUND_REPEAT x its weight times, shuffled. */
static void shuffle_round(struct driver *d)
{
	size_t k = 0;

	for (size_t i = 0; i < d->cfg.ntargets; i++)
		for (long j = 0; j < ROUND_REPEAT * (d->cfg.targets[i].weight > 0 ? d->cfg.targets[i].weight : 1); j++)
			d->round[k++] = i;
	for (size_t i = d->round_len; i > 1; i--) {
		size_t j = (size_t)(next_random(d) % i), t = d->round[i - 1];

		d->round[i - 1] = d->round[j];
		d->round[j] = t;
	}
	d->round_at = 0;
}

/* The multi handle and its connection pool. */
static int new_multi(struct driver *d, char *err, size_t errlen)
{
	CURLMcode mc;

	if (!(d->multi = curl_multi_init())) {
		snprintf(err, errlen, _("curl_multi_init failed"));
		return -1;
	}
	/* A connection per possible transfer may stay for reuse (a high rate
	 * needs them: a new connection per request costs both sides), but none
	 * stays idle long (CURLOPT_MAXAGE_CONN): every connection leaklab keeps
	 * is a goroutine of the program's HTTP server, and the load's footprint
	 * must not linger where a leak is looked for. */
	if ((mc = curl_multi_setopt(d->multi, CURLMOPT_MAXCONNECTS, (long)d->cfg.concurrency + 16)) != CURLM_OK) {
		snprintf(err, errlen, _("CURLMOPT_MAXCONNECTS: %s"), curl_multi_strerror(mc));
		return -1;
	}
	return 0;
}

int driver_close_connections(struct driver *d, char *err, size_t errlen)
{
	if (d->in_flight || d->fetches) {
		snprintf(err, errlen, _("requests are still in flight"));
		return -1;
	}
	curl_multi_cleanup(d->multi);
	d->multi = NULL;
	return new_multi(d, err, errlen);
}

struct driver *driver_new(const struct driver_config *cfg, char *err, size_t errlen)
{
	struct driver *d = calloc(1, sizeof(*d));
	size_t i;

	if (!d) {
		snprintf(err, errlen, _("out of memory"));
		return NULL;
	}
	d->cfg = *cfg;
	if (d->cfg.concurrency == 0)
		d->cfg.concurrency = 1;
	if (new_multi(d, err, errlen) < 0)
		goto fail;
	if (!(d->timer = plat_timer_new())) {
		snprintf(err, errlen, _("the send timer: %s"), strerror(errno));
		goto fail;
	}
	for (i = 0; i < d->cfg.nheaders; i++) {
		struct curl_slist *h = curl_slist_append(d->headers, d->cfg.headers[i]);

		if (!h) {
			snprintf(err, errlen, _("out of memory for headers"));
			goto fail;
		}
		d->headers = h;
	}
	if (d->cfg.ntargets) {
		if (!(d->current = calloc(d->cfg.ntargets, sizeof(*d->current)))) {
			snprintf(err, errlen, _("out of memory"));
			goto fail;
		}
		for (i = 0; i < d->cfg.ntargets; i++)
			d->weight_sum += d->cfg.targets[i].weight > 0 ? d->cfg.targets[i].weight : 1;
		if (d->cfg.ntargets > 1 && d->weight_sum * ROUND_REPEAT <= MAX_ROUND) {
			d->round_len = (size_t)(d->weight_sum * ROUND_REPEAT);
			if (!(d->round = calloc(d->round_len, sizeof(*d->round)))) {
				snprintf(err, errlen, _("out of memory"));
				goto fail;
			}
			d->rng = 0x5eed1eafULL;
			shuffle_round(d);
		}
	}
	if (cfg->sched && d->cfg.ntargets) {
		if (!(d->slots = calloc(d->cfg.concurrency, sizeof(*d->slots)))) {
			snprintf(err, errlen, _("out of memory for %u slots"), d->cfg.concurrency);
			goto fail;
		}
		for (i = d->cfg.concurrency; i-- > 0;) {
			d->slots[i].kind = SLOT_LOAD;
			d->slots[i].next_free = d->free_slots;
			d->free_slots = &d->slots[i];
		}
		schedule_iter_init(&d->it, cfg->sched);
		d->have_next = schedule_next(&d->it, &d->next_ms);
		d->next_ms += cfg->start_ms;
	}
	return d;
fail:
	driver_free(d);
	return NULL;
}

/* Side requests still in flight: removed and freed, unanswered. */
static void drop_fetches(struct driver *d)
{
	while (d->fetch_list) {
		struct slot *s = d->fetch_list;

		d->fetch_list = s->next;
		curl_multi_remove_handle(d->multi, s->easy);
		curl_easy_cleanup(s->easy);
		free(s->body);
		free(s);
		d->fetches--;
	}
}

void driver_free(struct driver *d)
{
	unsigned i;

	if (!d)
		return;
	drop_fetches(d);
	for (i = 0; d->slots && i < d->cfg.concurrency; i++) {
		if (d->slots[i].in_multi)
			curl_multi_remove_handle(d->multi, d->slots[i].easy);
		if (d->slots[i].easy)
			curl_easy_cleanup(d->slots[i].easy);
	}
	if (d->multi)
		curl_multi_cleanup(d->multi);
	plat_timer_free(d->timer);
	curl_slist_free_all(d->headers);
	free(d->current);
	free(d->round);
	free(d->slots);
	free(d);
}

/* A load request ended (or was dropped, or aborted): its requests.tsv row. */
static void emit_result(struct driver *d, struct slot *s, double t_end, long status,
			enum reqfile_outcome outcome, const char *error)
{
	struct reqfile_row r;

	r.seq = s ? s->seq : d->counts.scheduled - 1;
	r.t_sched_ms = s ? s->t_sched : d->next_ms;
	r.t_start_ms = s ? s->t_start : NAN;
	r.t_end_ms = s ? t_end : NAN;
	r.status = status;
	r.outcome = outcome;
	r.target = d->cfg.targets[s ? s->target : d->drop_target].label;
	r.error = error;
	if (d->cfg.on_result)
		d->cfg.on_result(d->cfg.ud, &r);
}

/*
 * The next target of the mix. Each target gets exactly its share of every
 * round of ROUND_REPEAT x (the sum of the weights) requests, in an order
 * shuffled with a fixed seed, the same every run: over a few seconds the
 * shares wander a little around the weights, so the goroutine count can
 * tell which target leaks (a fixed A B A B order would make every
 * target's count rise in step). Weights too large for a round: smooth
 * weighted round robin.
 */
static size_t pick_target(struct driver *d)
{
	size_t i, best = 0;

	if (d->cfg.ntargets == 1)
		return 0;
	if (d->round) {
		if (d->round_at == d->round_len)
			shuffle_round(d);
		return d->round[d->round_at++];
	}
	for (i = 0; i < d->cfg.ntargets; i++) {
		d->current[i] += d->cfg.targets[i].weight > 0 ? d->cfg.targets[i].weight : 1;
		if (d->current[i] > d->current[best])
			best = i;
	}
	d->current[best] -= d->weight_sum;
	return best;
}

/* What this request is: its URL, method and body. A reused handle keeps
 * the previous request's options, so each is set every time. */
static int set_request(struct driver *d, CURL *e, const struct driver_target *t)
{
	int head = strcmp(t->method, "HEAD") == 0;
	int get = strcmp(t->method, "GET") == 0;

	if (curl_easy_setopt(e, CURLOPT_URL, t->url) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_HTTPHEADER, d->headers) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_NOBODY, head ? 1L : 0L) != CURLE_OK)
		return -1;
	if (t->body) {
		if (curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)t->body_len) != CURLE_OK ||
		    curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->body) != CURLE_OK)
			return -1;
	} else if (!head && curl_easy_setopt(e, CURLOPT_HTTPGET, 1L) != CURLE_OK) {
		return -1;
	}
	/* GET, HEAD and POST-with-body are libcurl's own; others by name. */
	return curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST,
				get || head || (t->body && strcmp(t->method, "POST") == 0) ? NULL : t->method)
	       == CURLE_OK ? 0 : -1;
}

/* Send every request whose time has come. Open loop: lateness never
 * delays the schedule; a full house drops the request, visibly. */
static int launch_due(struct driver *d, char *err, size_t errlen)
{
	double now = now_ms(d);

	if (d->have_next && d->cfg.end_ms > 0 && d->next_ms >= d->cfg.end_ms)
		d->have_next = 0;
	while (d->have_next && !d->stopped && d->next_ms <= now) {
		struct slot *s = d->free_slots;
		size_t target = pick_target(d);
		CURLMcode mc;

		d->counts.scheduled++;
		if (!s) {
			d->counts.dropped++;
			d->drop_target = target;
			emit_result(d, NULL, 0, 0, REQ_DROPPED, "dropped: the concurrency cap was reached");
		} else {
			d->free_slots = s->next_free;
			if (!s->easy) {
				if (!(s->easy = curl_easy_init()) ||
				    common_opts(s->easy, s, NULL, d->cfg.timeout_ms) < 0 ||
				    curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, discard) != CURLE_OK) {
					snprintf(err, errlen, _("cannot set up a libcurl handle"));
					return -1;
				}
			}
			if (set_request(d, s->easy, &d->cfg.targets[target]) < 0) {
				snprintf(err, errlen, _("cannot set up a request to %s"), d->cfg.targets[target].url);
				return -1;
			}
			s->target = target;
			s->seq = d->counts.scheduled - 1;
			s->t_sched = d->next_ms;
			s->errbuf[0] = '\0';
			s->t_start = now_ms(d);
			if ((mc = curl_multi_add_handle(d->multi, s->easy)) != CURLM_OK) {
				snprintf(err, errlen, _("curl_multi_add_handle: %s"), curl_multi_strerror(mc));
				return -1;
			}
			s->in_multi = 1;
			d->in_flight++;
			d->counts.sent++;
			if (d->in_flight > d->counts.max_in_flight)
				d->counts.max_in_flight = d->in_flight;
		}
		d->have_next = schedule_next(&d->it, &d->next_ms);
		d->next_ms += d->cfg.start_ms;
		if (d->have_next && d->cfg.end_ms > 0 && d->next_ms >= d->cfg.end_ms)
			d->have_next = 0;
		now = now_ms(d);
	}
	return 0;
}

static const char *error_text(struct slot *s, CURLcode rc)
{
	if (rc == CURLE_OK)
		return NULL;
	return s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc);
}

static int harvest(struct driver *d, char *err, size_t errlen)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(d->multi, &left))) {
		struct slot *s = NULL;
		long status = 0;
		double t_end;
		CURLMcode mc;

		if (m->msg != CURLMSG_DONE)
			continue;
		t_end = now_ms(d);
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&s);
		curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &status);
		if ((mc = curl_multi_remove_handle(d->multi, m->easy_handle)) != CURLM_OK) {
			snprintf(err, errlen, _("curl_multi_remove_handle: %s"), curl_multi_strerror(mc));
			return -1;
		}
		if (s->kind == SLOT_LOAD) {
			CURLcode rc = m->data.result;
			enum reqfile_outcome oc = rc == CURLE_OPERATION_TIMEDOUT ? REQ_TIMEOUT :
						  rc != CURLE_OK ? REQ_ERROR :
						  status >= 200 && status < 300 ? REQ_OK : REQ_HTTP;

			s->in_multi = 0;
			d->in_flight--;
			d->counts.done++;
			if (oc == REQ_OK)
				d->counts.ok++;
			else
				d->counts.failed++;
			emit_result(d, s, t_end, status, oc, error_text(s, rc));
			s->next_free = d->free_slots;
			d->free_slots = s;
		} else {
			struct driver_fetch_result r;
			CURLcode rc = m->data.result;

			d->fetches--;
			if (s->prev)
				s->prev->next = s->next;
			else
				d->fetch_list = s->next;
			if (s->next)
				s->next->prev = s->prev;
			r.t_start_ms = s->t_start;
			r.t_end_ms = t_end;
			r.status = status;
			r.error = error_text(s, rc);
			if (!r.error && s->too_big)
				r.error = "answer too large, cut";
			r.body = s->body ? s->body : "";
			r.body_len = s->len;
			s->cb(s->ud, &r);
			curl_easy_cleanup(s->easy);
			free(s->body);
			free(s);
		}
	}
	return 0;
}

int driver_fetch(struct driver *d, const char *url, long timeout_ms,
		 void (*cb)(void *ud, const struct driver_fetch_result *r), void *ud)
{
	struct slot *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	s->kind = SLOT_FETCH;
	s->cb = cb;
	s->ud = ud;
	if (!(s->easy = curl_easy_init()) ||
	    /* Its connection is kept for the next side request: the final
	     * profiles, one after the other, then come on one connection,
	     * whose goroutine is the one writing them. */
	    common_opts(s->easy, s, url, timeout_ms) < 0 ||
	    curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, keep) != CURLE_OK ||
	    curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, s) != CURLE_OK)
		goto fail;
	s->t_start = now_ms(d);
	if (curl_multi_add_handle(d->multi, s->easy) != CURLM_OK)
		goto fail; /* said by the caller: a side request is not sent */
	s->next = d->fetch_list;
	if (d->fetch_list)
		d->fetch_list->prev = s;
	d->fetch_list = s;
	d->fetches++;
	return 0;
fail:
	if (s->easy)
		curl_easy_cleanup(s->easy);
	free(s);
	return -1;
}

static int perform(struct driver *d, char *err, size_t errlen)
{
	int running;
	CURLMcode mc = curl_multi_perform(d->multi, &running);

	if (mc != CURLM_OK) {
		snprintf(err, errlen, _("curl_multi_perform: %s"), curl_multi_strerror(mc));
		return -1;
	}
	return harvest(d, err, errlen);
}

int driver_step(struct driver *d, double until_ms, const int *fds, short *revents,
		size_t nfds, char *err, size_t errlen)
{
	struct curl_waitfd extra[MAX_EXTRA_FDS + 1];
	double deadline, now;
	long curl_to = -1;
	int numfds, timeout, tfd;
	CURLMcode mc;
	size_t i;

	if (nfds > MAX_EXTRA_FDS) {
		snprintf(err, errlen, _("too many fds to watch"));
		return -1;
	}
	/* The previous step ended with a perform: another is needed only if
	 * this one sends something (libcurl's timeout covers the rest). */
	{
		uint64_t sent = d->counts.sent;

		if (launch_due(d, err, errlen) < 0)
			return -1;
		if (d->counts.sent != sent && perform(d, err, errlen) < 0)
			return -1;
	}

	deadline = until_ms;
	if (d->have_next && !d->stopped && d->next_ms < deadline)
		deadline = d->next_ms;
	if ((mc = curl_multi_timeout(d->multi, &curl_to)) != CURLM_OK) {
		snprintf(err, errlen, _("curl_multi_timeout: %s"), curl_multi_strerror(mc));
		return -1;
	}
	now = now_ms(d);
	if (curl_to >= 0 && now + (double)curl_to < deadline)
		deadline = now + (double)curl_to;

	/* libcurl waits in whole ms. A timer fd (Linux) wakes us at the exact
	 * time; without one, wake a millisecond early and nap the rest. */
	tfd = plat_timer_fd(d->timer);
	if (deadline <= now) {
		timeout = 0;
	} else if (tfd < 0) {
		if (deadline - now < 2) {
			plat_timer_nap(d->timer, deadline + d->cfg.t0_ms);
			timeout = 0;
		} else {
			timeout = (int)floor(deadline - now) - 1;
		}
	} else if (deadline == d->armed_ms) {
		/* Armed already: spare a syscall per wake-up. */
		timeout = (int)ceil(deadline - now) + 1;
	} else {
		if (plat_timer_arm(d->timer, deadline + d->cfg.t0_ms) < 0) {
			snprintf(err, errlen, _("the send timer: %s"), strerror(errno));
			return -1;
		}
		d->armed_ms = deadline;
		timeout = (int)ceil(deadline - now) + 1;
	}

	for (i = 0; i < nfds; i++) {
		extra[i].fd = fds[i];
		extra[i].events = CURL_WAIT_POLLIN;
		extra[i].revents = 0;
	}
	if (tfd >= 0) {
		extra[nfds].fd = tfd;
		extra[nfds].events = CURL_WAIT_POLLIN;
		extra[nfds].revents = 0;
	}
	mc = curl_multi_poll(d->multi, extra, (unsigned)nfds + (tfd >= 0), timeout, &numfds);
	if (mc != CURLM_OK) {
		snprintf(err, errlen, _("curl_multi_poll: %s"), curl_multi_strerror(mc));
		return -1;
	}
	if (tfd >= 0 && extra[nfds].revents) {
		d->armed_ms = 0;
		if (plat_timer_ack(d->timer) < 0) {
			snprintf(err, errlen, _("the send timer: %s"), strerror(errno));
			return -1;
		}
	}
	for (i = 0; i < nfds; i++)
		revents[i] = (short)((extra[i].revents & CURL_WAIT_POLLIN) ? POLLIN : 0);
	if (launch_due(d, err, errlen) < 0 || perform(d, err, errlen) < 0)
		return -1;
	return 0;
}

void driver_abort(struct driver *d, const char *why)
{
	unsigned i;
	double t = now_ms(d);

	d->stopped = 1;
	for (i = 0; d->slots && i < d->cfg.concurrency; i++) {
		struct slot *s = &d->slots[i];

		if (!s->in_multi)
			continue;
		curl_multi_remove_handle(d->multi, s->easy);
		s->in_multi = 0;
		d->in_flight--;
		d->counts.done++;
		d->counts.failed++;
		emit_result(d, s, t, 0, REQ_ABORTED, why);
		s->next_free = d->free_slots;
		d->free_slots = s;
	}
	drop_fetches(d);
}

void driver_stop_sending(struct driver *d)
{
	d->stopped = 1;
}

int driver_load_done(const struct driver *d)
{
	return (!d->have_next || d->stopped) && d->in_flight == 0;
}

void driver_get_counts(const struct driver *d, struct driver_counts *c)
{
	*c = d->counts;
}
