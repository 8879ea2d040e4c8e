package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

type cartItem struct {
	SKU string `json:"sku"`
	Qty int    `json:"qty"`
}

type checkoutRequest struct {
	Customer string     `json:"customer"`
	Items    []cartItem `json:"items"`
	Coupon   string     `json:"coupon,omitempty"`
	Card     string     `json:"card"`
}

type order struct {
	ID       string `json:"order"`
	Customer string `json:"customer"`
	Subtotal int64  `json:"subtotal_cents"`
	Discount int64  `json:"discount_cents"`
	Total    int64  `json:"total_cents"`
	Charge   string `json:"charge"`
}

type coupon struct {
	percent int64
	expires time.Time
}

var coupons = map[string]coupon{
	"WELCOME10": {percent: 10, expires: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)},
	"SPRING25":  {percent: 25, expires: time.Date(2026, 6, 21, 0, 0, 0, 0, time.UTC)},
	"TRAIL15":   {percent: 15, expires: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)},
}

// redeem returns the discount a coupon gives on subtotal.
func redeem(code string, subtotal int64, now time.Time) (int64, error) {
	c, ok := coupons[strings.ToUpper(code)]
	if !ok {
		return 0, &apiError{http.StatusUnprocessableEntity, fmt.Sprintf("coupon %q does not exist", code)}
	}
	if now.After(c.expires) {
		return 0, &apiError{http.StatusUnprocessableEntity, fmt.Sprintf("coupon %q expired on %s", code, c.expires.Format("2006-01-02"))}
	}
	return subtotal * c.percent / 100, nil
}

// placeOrder prices the cart, applies the coupon, charges the card and
// queues the confirmation e-mail. Every step goes to the audit trail.
func (s *service) placeOrder(ctx context.Context, req checkoutRequest) (order, error) {
	if len(req.Items) == 0 {
		return order{}, badRequest("the cart is empty")
	}
	o := order{ID: fmt.Sprintf("o-%06d", s.orders.Add(1)), Customer: req.Customer}
	for _, it := range req.Items {
		p, ok := s.catalog.lookup(it.SKU)
		if !ok {
			return order{}, badRequest("no product with SKU %q", it.SKU)
		}
		if it.Qty < 1 || it.Qty > 99 {
			return order{}, badRequest("%s: quantity must be 1..99", it.SKU)
		}
		o.Subtotal += p.Price * int64(it.Qty)
	}

	trail := s.audit.open(o.ID)
	trail.add("created", fmt.Sprintf("customer=%s items=%d subtotal=%d", o.Customer, len(req.Items), o.Subtotal))
	if req.Coupon != "" {
		off, err := redeem(req.Coupon, o.Subtotal, time.Now())
		if err != nil {
			return order{}, err
		}
		o.Discount = off
		trail.add("coupon", fmt.Sprintf("%s -%d", req.Coupon, off))
	}
	o.Total = o.Subtotal - o.Discount

	charge := chargeRequest{Order: o.ID, Amount: o.Total, Currency: "USD", Card: req.Card}
	var rcpt receipt
	var err error
	if s.prof.chargeAsync {
		rcpt, err = s.pay.capture(ctx, charge)
	} else {
		rcpt, err = s.pay.authorize(ctx, charge)
	}
	if err != nil {
		trail.add("payment-failed", err.Error())
		trail.close()
		return order{}, err
	}
	o.Charge = rcpt.Charge
	trail.add("paid", rcpt.Charge)
	trail.close()
	s.outbox.send(mail{to: o.Customer, subject: "Your order " + o.ID})
	return o, nil
}

func (s *service) handleCheckout(w http.ResponseWriter, r *http.Request) {
	if !onlyMethod(w, r, http.MethodPost) {
		return
	}
	var req checkoutRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	o, err := s.placeOrder(r.Context(), req)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, o)
}

// auditEvent is one step of an order, as the audit trail keeps it.
type auditEvent struct {
	order, step, detail string
	at                  time.Time
}

// auditTrail keeps the last events of every order for the support team.
type auditTrail struct {
	batch  bool
	mu     sync.Mutex
	events []auditEvent
}

const auditKeep = 10000

func newAuditTrail(batch bool) *auditTrail { return &auditTrail{batch: batch} }

func (a *auditTrail) append(evs ...auditEvent) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.events = append(a.events, evs...)
	if n := len(a.events); n > auditKeep {
		a.events = append(a.events[:0], a.events[n-auditKeep:]...)
	}
}

// orderTrail records the steps of one order; close ends it.
type orderTrail interface {
	add(step, detail string)
	close()
}

// open starts the trail of one order: batched (written by close) or
// streamed (each event written as it happens, by a writer of its own).
func (a *auditTrail) open(orderID string) orderTrail {
	if a.batch {
		return &batchTrail{a: a, order: orderID}
	}
	t := &streamTrail{order: orderID, events: make(chan auditEvent, 4)}
	go t.write(a)
	return t
}

type batchTrail struct {
	a      *auditTrail
	order  string
	events []auditEvent
}

func (t *batchTrail) add(step, detail string) {
	t.events = append(t.events, auditEvent{t.order, step, detail, time.Now()})
}

func (t *batchTrail) close() { t.a.append(t.events...) }

type streamTrail struct {
	order  string
	events chan auditEvent
}

func (t *streamTrail) add(step, detail string) {
	t.events <- auditEvent{t.order, step, detail, time.Now()}
}

func (t *streamTrail) close() { close(t.events) }

// write appends the order's events to the trail as they come.
func (t *streamTrail) write(a *auditTrail) {
	for ev := range t.events {
		a.append(ev)
	}
}
