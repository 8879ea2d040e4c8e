package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Every profile is driven through every endpoint on loopback: first with
// requests that must leave nothing behind, then under each endpoint's
// awkward condition (a client that gives up, a partner that fails, an
// input the shop rejects). A profile may keep goroutines under one
// condition only, exactly as many as that condition's requests leave
// (one per request, or per failed call), and no two profiles under the
// same condition: neighbours in a class hunt different things.

// testDelays keep the run short; the margins between them are what the
// conditions rely on (a client gives up long before a review ends).
var testDelays = delays{
	gateway:   time.Millisecond,
	review:    60 * time.Millisecond,
	warehouse: time.Millisecond,
	picks:     2 * time.Millisecond,
	carrier:   20 * time.Millisecond,
	perOrder:  25 * time.Microsecond,
}

// giveUp is how long an impatient client waits.
const giveUp = 15 * time.Millisecond

type harness struct {
	t   *testing.T
	svc *service
	srv *http.Server
	url string
	hc  *http.Client
}

func startHarness(t *testing.T, p profile) *harness {
	t.Helper()
	svc, err := newService(p, testDelays, nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{
		t:   t,
		svc: svc,
		srv: &http.Server{Handler: svc.routes()},
		url: "http://" + ln.Addr().String(),
		hc:  &http.Client{Transport: &http.Transport{DisableKeepAlives: true}},
	}
	go h.srv.Serve(ln)
	return h
}

func (h *harness) stop() {
	h.srv.Close()
	h.svc.close()
}

// call sends one request and returns the status and body. patience 0
// waits up to 5 s; otherwise the client gives up after patience and
// status is 0.
func (h *harness) call(method, path, body string, patience time.Duration) (int, []byte) {
	h.t.Helper()
	if patience == 0 {
		patience = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, h.url+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	resp, err := h.hc.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// must is call for a request that has to be answered with status want.
func (h *harness) must(want int, method, path, body string) []byte {
	h.t.Helper()
	got, b := h.call(method, path, body, 0)
	if got != want {
		h.t.Errorf("%s %s: status %d, want %d (%s)", method, path, got, want, bytes.TrimSpace(b))
	}
	return b
}

// together runs n copies of f at once and waits for them.
func together(n int, f func()) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	wg.Wait()
}

// settle waits until the goroutine count stops moving and returns it:
// no partner call in flight and the same count for a quiet spell. Idle
// keep-alive connections to the partners are closed on every poll, so
// the size of their pools never counts.
func (h *harness) settle() int {
	h.t.Helper()
	const quiet = 50 * time.Millisecond
	deadline := time.Now().Add(5 * time.Second)
	last, since := -1, time.Now()
	for time.Now().Before(deadline) {
		h.svc.pay.hc.CloseIdleConnections()
		h.svc.picks.hc.CloseIdleConnections()
		n := runtime.NumGoroutine()
		if n != last || h.svc.partner.inflight.Load() != 0 {
			last, since = n, time.Now()
		} else if time.Since(since) >= quiet {
			return n
		}
		time.Sleep(2 * time.Millisecond)
	}
	h.t.Fatalf("the goroutine count did not settle within 5 s (last %d)", last)
	return 0
}

const (
	smallCart  = `{"customer":"c-1001","items":[{"sku":"SK-1015","qty":2},{"sku":"SH-1001","qty":1}],"card":"tok_visa"}`
	largeCart  = `{"customer":"c-2002","items":[{"sku":"CP-1024","qty":12}],"card":"tok_visa"}`
	couponCart = `{"customer":"c-3003","items":[{"sku":"JK-1009","qty":1}],"coupon":"WELCOME10","card":"tok_visa"}`
	oldCoupon  = `{"customer":"c-3003","items":[{"sku":"JK-1009","qty":1}],"coupon":"SPRING25","card":"tok_visa"}`
	goodPrices = `{"supplier":"acme","rows":[{"sku":"SH-1001","price_cents":4100},{"sku":"JK-1010","price_cents":7300}]}`
	badPrices  = `{"supplier":"acme","rows":[{"sku":"SH-1002","price_cents":4500},{"sku":"JK-1O11","price_cents":6900}]}`
)

// A scenario is one endpoint and the condition it might mishandle. calm
// sends requests without the condition; fire sends requests under it and
// returns how many goroutines stay behind if this is where the profile
// goes wrong.
type scenario struct {
	name string
	calm func(h *harness)
	fire func(h *harness) int
}

var scenarios = []scenario{
	{
		name: "checkout: a large cart and a client that gives up",
		calm: func(h *harness) {
			together(3, func() { h.must(201, "POST", "/checkout", smallCart) })
			together(2, func() { h.must(201, "POST", "/checkout", largeCart) })
		},
		fire: func(h *harness) int {
			together(11, func() { h.call("POST", "/checkout", largeCart, giveUp) })
			return 11
		},
	},
	{
		name: "search: a word no product has",
		calm: func(h *harness) {
			for _, q := range []string{"running+shoes", "rain+jacket", "wool+socks", "tent"} {
				h.must(200, "GET", "/search?q="+q, "")
			}
		},
		fire: func(h *harness) int {
			together(13, func() { h.call("GET", "/search?q=trail+sneakrs", "", giveUp) })
			return 13
		},
	},
	{
		name: "inventory: an unknown SKU, then known ones",
		calm: func(h *harness) {
			together(2, func() { h.must(200, "GET", "/inventory?sku=SH-1001", "") })
			together(2, func() { h.must(200, "GET", "/inventory?sku=JK-1010", "") })
		},
		fire: func(h *harness) int {
			h.must(404, "GET", "/inventory?sku=SH-9000", "")
			together(7, func() { h.call("GET", "/inventory?sku=SH-1001", "", giveUp) })
			return 7
		},
	},
	{
		name: "recommendations: the partner sheds a call",
		calm: func(h *harness) {
			for i := 0; i < 3 && (h.svc.partner.picksCalls.Load()+1)%picksShedEvery != 0; i++ {
				h.must(200, "GET", "/recommendations?user=u-1001", "")
			}
		},
		fire: func(h *harness) int {
			var mu sync.Mutex
			shed := 0
			together(25, func() {
				var reply struct{ Source string }
				json.Unmarshal(h.must(200, "GET", "/recommendations?user=u-1001", ""), &reply)
				if reply.Source != "partner" {
					mu.Lock()
					shed++
					mu.Unlock()
				}
			})
			return 3 * shed // the connection: the shop's reader and writer, the partner's end
		},
	},
	{
		name: "report: a busy month and a client that gives up",
		calm: func(h *harness) {
			together(2, func() { h.must(200, "GET", "/report?month=2026-10", "") })
			h.must(200, "GET", "/report?month=2026-11", "")
		},
		fire: func(h *harness) int {
			together(9, func() { h.call("GET", "/report?month=2026-11", "", giveUp) })
			return 9
		},
	},
	{
		name: "import: a row that fails its check",
		calm: func(h *harness) {
			together(3, func() { h.must(200, "POST", "/import", goodPrices) })
		},
		fire: func(h *harness) int {
			together(17, func() { h.must(422, "POST", "/import", badPrices) })
			return 17
		},
	},
	{
		name: "shipping: a carrier fails a call",
		calm: func(h *harness) {
			for i := 0; i < 2 && !h.carrierFailsNext(); i++ {
				h.must(200, "GET", "/shipping?zip=01310-100&kg=2.5", "")
			}
		},
		fire: func(h *harness) int {
			before := h.carrierCalls()
			var mu sync.Mutex
			failed := 0 // requests answered 502 because a carrier failed
			together(20, func() {
				if st, _ := h.call("GET", "/shipping?zip=01310-100&kg=2.5", "", 0); st == http.StatusBadGateway {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			})
			// 20 calls to each carrier: each fails two of them.
			if n := h.carrierCalls() - before; n != 60 {
				h.t.Errorf("shipping: %d carrier calls for 20 quotes, want 60", n)
			}
			return 2 * failed // per failed quote: the two carriers still answering
		},
	},
	{
		name: "checkout: an expired coupon",
		calm: func(h *harness) {
			together(2, func() { h.must(201, "POST", "/checkout", couponCart) })
			h.must(201, "POST", "/checkout", smallCart)
		},
		fire: func(h *harness) int {
			together(19, func() { h.must(422, "POST", "/checkout", oldCoupon) })
			return 19
		},
	},
}

func (h *harness) carrierCalls() int64 {
	var n int64
	for _, c := range h.svc.ship.carriers {
		n += c.calls.Load()
	}
	return n
}

// carrierFailsNext tells whether one of the carriers will fail its next
// call (requests are sent one at a time, so each asks every carrier once).
func (h *harness) carrierFailsNext() bool {
	for _, c := range h.svc.ship.carriers {
		if (c.calls.Load()+1)%10 == c.outage {
			return true
		}
	}
	return false
}

func TestEachProfileKeepsGoroutinesUnderOneConditionOnly(t *testing.T) {
	culprit := map[int]int{} // scenario -> profile that kept goroutines under it
	for pi, p := range profiles {
		h := startHarness(t, p)
		base := h.settle()

		var wg sync.WaitGroup
		for _, s := range scenarios {
			wg.Add(1)
			go func(s scenario) {
				defer wg.Done()
				s.calm(h)
			}(s)
		}
		wg.Wait()
		if n := h.settle(); n != base {
			t.Errorf("profile %s: goroutines %d -> %d after requests without any condition", p.name, base, n)
			base = n
		}

		found := -1
		for si, s := range scenarios {
			want := s.fire(h)
			n := h.settle()
			grew := n - base
			base = n
			switch {
			case grew == 0:
			case found >= 0:
				t.Errorf("profile %s: kept goroutines under two conditions: %q and %q (+%d)",
					p.name, scenarios[found].name, s.name, grew)
			case grew != want:
				t.Errorf("profile %s, %s: goroutines +%d, want +%d (what the condition's requests leave)",
					p.name, s.name, grew, want)
				found = si
			default:
				found = si
			}
		}
		if found < 0 {
			t.Errorf("profile %s: kept no goroutine under any condition", p.name)
		} else if other, dup := culprit[found]; dup {
			t.Errorf("profiles %d and %d both go wrong under %q", other+1, pi+1, scenarios[found].name)
		} else {
			culprit[found] = pi
		}
		h.stop()
	}
}

func TestProfilesValid(t *testing.T) {
	for i, p := range profiles {
		if p.name != fmt.Sprint(i+1) {
			t.Errorf("profile %d is named %q", i+1, p.name)
		}
		if p.searchLimit < 1 || p.picksLimit < 1 || p.reportParallel < 1 {
			t.Errorf("profile %s: a limit is below 1", p.name)
		}
	}
}
