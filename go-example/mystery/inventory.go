package main

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

var errUnknownSKU = errors.New("unknown SKU")

// warehouse is the stock system of record: slow to ask, always right.
type warehouse struct {
	delay time.Duration
	mu    sync.Mutex
	count map[string]int
}

func newWarehouse(c *catalog, delay time.Duration) *warehouse {
	wh := &warehouse{delay: delay, count: map[string]int{}}
	for _, p := range c.products {
		wh.count[p.SKU] = (p.ID*7)%40 + 3
	}
	return wh
}

// available asks the warehouse how many units of sku it has.
func (wh *warehouse) available(ctx context.Context, sku string) (int, error) {
	t := time.NewTimer(wh.delay)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	wh.mu.Lock()
	defer wh.mu.Unlock()
	n, ok := wh.count[sku]
	if !ok {
		return 0, errUnknownSKU
	}
	return n, nil
}

// stockCache keeps warehouse counts for a while. One lock covers the map
// and the warehouse call, so a burst of requests for a SKU whose count has
// expired makes one warehouse call, not one each.
type stockCache struct {
	wh      *warehouse
	ttl     time.Duration
	mu      sync.Mutex
	entries map[string]stockEntry
}

type stockEntry struct {
	units int
	at    time.Time
}

func newStockCache(wh *warehouse, ttl time.Duration) *stockCache {
	return &stockCache{wh: wh, ttl: ttl, entries: map[string]stockEntry{}}
}

// level returns the units of sku, from the cache while it is fresh.
func (c *stockCache) level(ctx context.Context, sku string) (int, error) {
	c.mu.Lock()
	if e, ok := c.entries[sku]; ok && time.Since(e.at) < c.ttl {
		c.mu.Unlock()
		return e.units, nil
	}
	n, err := c.wh.available(ctx, sku)
	if err != nil {
		return 0, err
	}
	c.entries[sku] = stockEntry{units: n, at: time.Now()}
	c.mu.Unlock()
	return n, nil
}

// sweep drops expired entries every few seconds until stop closes.
func (c *stockCache) sweep(stop <-chan struct{}) {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case now := <-t.C:
			c.mu.Lock()
			for sku, e := range c.entries {
				if now.Sub(e.at) >= c.ttl {
					delete(c.entries, sku)
				}
			}
			c.mu.Unlock()
		}
	}
}

// stockService answers stock questions, from the cache or the warehouse.
type stockService struct {
	direct bool
	wh     *warehouse
	cache  *stockCache
}

func (s *stockService) units(ctx context.Context, sku string) (int, error) {
	if s.direct {
		return s.wh.available(ctx, sku)
	}
	return s.cache.level(ctx, sku)
}

func (s *service) handleInventory(w http.ResponseWriter, r *http.Request) {
	sku := r.URL.Query().Get("sku")
	if sku == "" {
		writeError(w, r, badRequest("sku is missing"))
		return
	}
	n, err := s.stock.units(r.Context(), sku)
	if errors.Is(err, errUnknownSKU) {
		writeError(w, r, notFound("no product with SKU %q", sku))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]interface{}{"sku": sku, "available": n})
}
