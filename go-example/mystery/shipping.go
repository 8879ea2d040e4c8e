package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"sync/atomic"
	"time"
)

// carrier is one shipping company's rate API.
type carrier struct {
	name    string
	delay   time.Duration
	outage  int64 // the API fails the calls whose number ends in this digit
	calls   atomic.Int64
	perKilo int64
}

var errCarrierDown = errors.New("carrier API unavailable")

type quote struct {
	Carrier string `json:"carrier"`
	Cents   int64  `json:"price_cents"`
	Days    int    `json:"days"`
}

// rate asks the carrier for a price. About one call in ten fails at once
// (the carrier's API is flaky); the others take c.delay.
func (c *carrier) rate(ctx context.Context, zip string, grams int64) (quote, error) {
	if c.calls.Add(1)%10 == c.outage {
		return quote{}, fmt.Errorf("%s: %w", c.name, errCarrierDown)
	}
	t := time.NewTimer(c.delay)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return quote{}, ctx.Err()
	}
	zone := int64(zip[0]-'0') + 1
	return quote{Carrier: c.name, Cents: 500 + zone*90 + grams*c.perKilo/1000, Days: int(zone) + len(c.name)%3}, nil
}

// shippingDesk asks every carrier for a quote at once.
type shippingDesk struct {
	carriers []*carrier
	waitAll  bool
	warnf    func(format string, a ...interface{})
}

func newShippingDesk(delay time.Duration, waitAll bool, warnf func(string, ...interface{})) *shippingDesk {
	return &shippingDesk{
		waitAll: waitAll,
		warnf:   warnf,
		carriers: []*carrier{
			{name: "Parcelo", delay: delay, outage: 7, perKilo: 210},
			{name: "Rapidex", delay: 2 * delay, outage: 4, perKilo: 340},
			{name: "Transvia", delay: 3 * delay, outage: 0, perKilo: 150},
		},
	}
}

type carrierAnswer struct {
	q   quote
	err error
}

// quotes returns every carrier's quote, cheapest first.
func (d *shippingDesk) quotes(ctx context.Context, zip string, grams int64) ([]quote, error) {
	if d.waitAll {
		return d.gather(ctx, zip, grams)
	}
	return d.quote(ctx, zip, grams)
}

// gather waits for every carrier and keeps the quotes it got; it fails
// only when every carrier failed.
func (d *shippingDesk) gather(ctx context.Context, zip string, grams int64) ([]quote, error) {
	answers := make(chan carrierAnswer, len(d.carriers))
	for _, c := range d.carriers {
		go func(c *carrier) {
			q, err := c.rate(ctx, zip, grams)
			answers <- carrierAnswer{q, err}
		}(c)
	}
	var out []quote
	var last error
	for range d.carriers {
		a := <-answers
		if a.err != nil {
			d.warnf("shipping quote without a carrier: %v", a.err)
			last = a.err
			continue
		}
		out = append(out, a.q)
	}
	if len(out) == 0 {
		return nil, &partnerError{partner: "carriers", msg: last.Error()}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Cents < out[j].Cents })
	return out, nil
}

// quote asks every carrier and needs all of them: a partial list would
// hide the cheapest option, so the first failure fails the quote.
func (d *shippingDesk) quote(ctx context.Context, zip string, grams int64) ([]quote, error) {
	answers := make(chan carrierAnswer)
	for _, c := range d.carriers {
		go func(c *carrier) {
			q, err := c.rate(ctx, zip, grams)
			answers <- carrierAnswer{q, err}
		}(c)
	}
	out := make([]quote, 0, len(d.carriers))
	for range d.carriers {
		a := <-answers
		if a.err != nil {
			return nil, &partnerError{partner: "carriers", msg: a.err.Error()}
		}
		out = append(out, a.q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Cents < out[j].Cents })
	return out, nil
}

func (s *service) handleShipping(w http.ResponseWriter, r *http.Request) {
	zip := r.URL.Query().Get("zip")
	if len(zip) < 5 || zip[0] < '0' || zip[0] > '9' {
		writeError(w, r, badRequest("zip must be a postal code"))
		return
	}
	kg, err := strconv.ParseFloat(r.URL.Query().Get("kg"), 64)
	if err != nil || kg <= 0 || kg > 70 {
		writeError(w, r, badRequest("kg must be a weight from 0 to 70"))
		return
	}
	qs, err := s.ship.quotes(r.Context(), zip, int64(kg*1000))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]interface{}{"zip": zip, "quotes": qs})
}
