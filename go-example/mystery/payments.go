package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// paymentClient talks to the payment gateway.
type paymentClient struct {
	base string
	hc   *http.Client
}

func newPaymentClient(base string) *paymentClient {
	return &paymentClient{
		base: base,
		hc: &http.Client{Transport: &http.Transport{
			MaxIdleConnsPerHost: 4,
			IdleConnTimeout:     90 * time.Second,
		}},
	}
}

type receipt struct {
	Charge string `json:"charge"`
}

// authorize charges the card and returns the gateway's receipt. It gives
// up when ctx ends.
func (p *paymentClient) authorize(ctx context.Context, c chargeRequest) (receipt, error) {
	body, err := json.Marshal(c)
	if err != nil {
		return receipt{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.base+"/v1/charges", bytes.NewReader(body))
	if err != nil {
		return receipt{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", c.Order)
	resp, err := p.hc.Do(req)
	if err != nil {
		return receipt{}, err
	}
	defer resp.Body.Close()
	var reply chargeReply
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&reply); err != nil {
		return receipt{}, &partnerError{partner: "payment gateway", status: resp.StatusCode, msg: "unreadable answer"}
	}
	if resp.StatusCode == http.StatusPaymentRequired {
		return receipt{}, &apiError{http.StatusPaymentRequired, "payment refused: " + reply.Error}
	}
	if resp.StatusCode != http.StatusCreated {
		return receipt{}, &partnerError{partner: "payment gateway", status: resp.StatusCode, msg: reply.Error}
	}
	return receipt{Charge: reply.ID}, nil
}

type chargeResult struct {
	rcpt receipt
	err  error
}

// capture charges the card like authorize, but the call to the gateway
// runs on its own and is never cut off half way: once a charge has left,
// the gateway finishes it even when our caller stops waiting.
func (p *paymentClient) capture(ctx context.Context, c chargeRequest) (receipt, error) {
	done := make(chan chargeResult)
	go func() {
		rcpt, err := p.authorize(context.Background(), c)
		done <- chargeResult{rcpt, err}
	}()
	select {
	case res := <-done:
		return res.rcpt, res.err
	case <-ctx.Done():
		return receipt{}, ctx.Err()
	}
}
