package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// picksClient asks the recommendations partner what a customer may like.
type picksClient struct {
	base   string
	stream bool
	hc     *http.Client
}

func newPicksClient(base string, stream bool) *picksClient {
	return &picksClient{
		base:   base,
		stream: stream,
		hc: &http.Client{Transport: &http.Transport{
			MaxIdleConnsPerHost: 4,
			IdleConnTimeout:     90 * time.Second,
		}},
	}
}

func (c *picksClient) url(user string, limit int) string {
	q := url.Values{"user": {user}, "limit": {strconv.Itoa(limit)}}
	return c.base + "/v1/picks?" + q.Encode()
}

// fetch reads the partner's whole answer, then decodes it.
func (c *picksClient) fetch(ctx context.Context, user string, limit int) ([]string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url(user, limit), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &partnerError{partner: "recommendations", status: resp.StatusCode}
	}
	var reply picksReply
	if err := json.Unmarshal(body, &reply); err != nil {
		return nil, &partnerError{partner: "recommendations", msg: "unreadable answer"}
	}
	return reply.Items, nil
}

// top decodes the partner's answer as it arrives, one item at a time, and
// stops reading once it has limit items.
func (c *picksClient) top(user string, limit int) ([]string, error) {
	resp, err := c.hc.Get(c.url(user, limit))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &partnerError{partner: "recommendations", status: resp.StatusCode}
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	var items []string
	// {"user": "...", "items": ["SKU", ...]}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &partnerError{partner: "recommendations", msg: "unreadable answer"}
		}
		if key, ok := tok.(string); ok && key == "items" {
			if _, err := dec.Token(); err != nil { // [
				return nil, &partnerError{partner: "recommendations", msg: "unreadable answer"}
			}
			for dec.More() && len(items) < limit {
				var sku string
				if err := dec.Decode(&sku); err != nil {
					return nil, &partnerError{partner: "recommendations", msg: "unreadable answer"}
				}
				items = append(items, sku)
			}
			break
		}
	}
	return items, nil
}

// bestsellers is what the shop recommends when the partner cannot.
var bestsellers = []string{"SH-1001", "JK-1009", "SK-1015", "BG-1019", "CP-1024"}

func (s *service) handleRecommendations(w http.ResponseWriter, r *http.Request) {
	user := r.URL.Query().Get("user")
	if user == "" {
		writeError(w, r, badRequest("user is missing"))
		return
	}
	var items []string
	var err error
	if s.prof.picksStream {
		items, err = s.picks.top(user, s.prof.picksLimit)
	} else {
		items, err = s.picks.fetch(r.Context(), user, s.prof.picksLimit)
	}
	source := "partner"
	if err != nil {
		if r.Context().Err() != nil {
			writeError(w, r, err)
			return
		}
		s.warnf("recommendations for %s: %v; serving bestsellers", user, err)
		items, source = bestsellers, "bestsellers"
	}
	var list []product
	for _, sku := range items {
		if p, ok := s.catalog.lookup(sku); ok {
			list = append(list, p)
		}
	}
	writeJSON(w, http.StatusOK, map[string]interface{}{"user": user, "source": source, "products": list})
}
