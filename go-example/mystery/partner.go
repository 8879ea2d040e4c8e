package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// partnerServer plays the shop's two outside partners on a loopback port:
// the payment gateway (/v1/charges) and the recommendations partner
// (/v1/picks). Both behave like the real ones: the gateway reviews large
// charges by hand, the partner sheds load now and then.
type partnerServer struct {
	url        string
	srv        *http.Server
	delay      delays
	charges    atomic.Int64
	picksCalls atomic.Int64
	inflight   atomic.Int64 // requests being answered
}

// reviewFrom is the amount from which the gateway reviews a charge.
const reviewFrom = 100000 // cents

// picksShedEvery: the partner answers 503 to one call in this many.
const picksShedEvery = 5

func startPartner(d delays) (*partnerServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &partnerServer{url: "http://" + ln.Addr().String(), delay: d}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/charges", p.charge)
	mux.HandleFunc("/v1/picks", p.picks)
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.inflight.Add(1)
		defer p.inflight.Add(-1)
		mux.ServeHTTP(w, r)
	})
	p.srv = &http.Server{Handler: counted, ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(ln)
	return p, nil
}

func (p *partnerServer) close() { p.srv.Close() }

// wait sleeps for d, or less if the caller hangs up.
func wait(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

type chargeRequest struct {
	Order    string `json:"order"`
	Amount   int64  `json:"amount_cents"`
	Currency string `json:"currency"`
	Card     string `json:"card"`
}

type chargeReply struct {
	ID     string `json:"id,omitempty"`
	Status string `json:"status,omitempty"`
	Error  string `json:"error,omitempty"`
}

func (p *partnerServer) charge(w http.ResponseWriter, r *http.Request) {
	var req chargeRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Amount <= 0 {
		writeJSON(w, http.StatusBadRequest, chargeReply{Error: "bad charge"})
		return
	}
	d := p.delay.gateway
	if req.Amount >= reviewFrom {
		d += p.delay.review
	}
	if !wait(r, d) {
		return
	}
	if req.Card == "tok_declined" {
		writeJSON(w, http.StatusPaymentRequired, chargeReply{Error: "card declined"})
		return
	}
	n := p.charges.Add(1)
	writeJSON(w, http.StatusCreated, chargeReply{ID: fmt.Sprintf("ch_%06d", n), Status: "captured"})
}

type picksReply struct {
	User  string   `json:"user"`
	Items []string `json:"items"`
}

func (p *partnerServer) picks(w http.ResponseWriter, r *http.Request) {
	user := r.URL.Query().Get("user")
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit < 1 || limit > 20 {
		limit = 5
	}
	if !wait(r, p.delay.picks) {
		return
	}
	if p.picksCalls.Add(1)%picksShedEvery == 0 {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "over capacity, retry later"})
		return
	}
	// Stand-in for the partner's model: a fixed walk through the catalog
	// seeded by the user's name.
	seed := 0
	for _, c := range user {
		seed = seed*31 + int(c)
	}
	if seed < 0 {
		seed = -seed
	}
	items := make([]string, 0, limit)
	for i := 0; i < limit; i++ {
		id := 1001 + (seed+i*7)%28
		items = append(items, skuOfID(id))
	}
	writeJSON(w, http.StatusOK, picksReply{User: user, Items: items})
}

// skuOfID rebuilds a catalog SKU from a product id (the partner knows the
// shop's numbering).
func skuOfID(id int) string {
	prefix := "CP"
	switch {
	case id <= 1008:
		prefix = "SH"
	case id <= 1014:
		prefix = "JK"
	case id <= 1018:
		prefix = "SK"
	case id <= 1022:
		prefix = "BG"
	}
	return fmt.Sprintf("%s-%d", prefix, id)
}

// partnerError is a partner's failure: a bad status or an unreadable
// answer.
type partnerError struct {
	partner string
	status  int
	msg     string
}

func (e *partnerError) Error() string {
	s := e.partner
	if e.status != 0 {
		s += fmt.Sprintf(" answered %d %s", e.status, http.StatusText(e.status))
	}
	if e.msg != "" {
		s += ": " + e.msg
	}
	return s
}
