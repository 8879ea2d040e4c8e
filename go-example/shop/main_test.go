package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"
)

// A leak test as it should be written: it creates the condition (clients
// that give up before the supplier answers) and asks that every goroutine
// the requests started is gone once they end. As shipped the shop leaks
// one goroutine per client that gave up, so this test fails; fixed (lab
// 09's worksheet), it passes. 'make test' checks both: red as shipped,
// green with the solution in worksheets/instructor/solutions/shop/.

func startShop(t *testing.T, latency time.Duration) string {
	t.Helper()
	s := &shop{supplier: &supplier{latency: func(int64) time.Duration { return latency }}}
	mux := http.NewServeMux()
	mux.HandleFunc("/products", s.listProducts)
	mux.HandleFunc("/quote", s.quote)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// get sends n requests at once, each giving up after patience, and
// returns how many were answered.
func get(t *testing.T, url string, n int, patience time.Duration) int {
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	var mu sync.Mutex
	answered := 0
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), patience)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
			resp, err := hc.Do(req)
			if err != nil {
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				mu.Lock()
				answered++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return answered
}

// settle polls until the goroutine count has not moved for longer than
// the supplier takes, and returns it.
func settle(t *testing.T, quiet time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	last, since := -1, time.Now()
	for time.Now().Before(deadline) {
		n := runtime.NumGoroutine()
		if n != last {
			last, since = n, time.Now()
		} else if time.Since(since) >= quiet {
			return n
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("the goroutine count did not settle within 5 s (last %d)", last)
	return 0
}

func TestQuoteLeavesNoGoroutineBehind(t *testing.T) {
	const supplierTakes = 40 * time.Millisecond
	url := startShop(t, supplierTakes)
	quiet := 2 * supplierTakes
	base := settle(t, quiet)

	if got := get(t, url+"/quote?sku=TEA-01&qty=2", 10, 2*time.Second); got != 10 {
		t.Fatalf("patient clients: %d of 10 quotes answered", got)
	}
	get(t, url+"/products", 10, 2*time.Second)
	if n := settle(t, quiet); n != base {
		t.Errorf("patient clients: goroutines %d -> %d, want no change", base, n)
	}

	if got := get(t, url+"/quote?sku=TEA-01&qty=2", 12, supplierTakes/4); got != 0 {
		t.Fatalf("impatient clients: %d quotes answered before they gave up", got)
	}
	if n := settle(t, quiet); n != base {
		t.Errorf("%d goroutines left behind by 12 clients that gave up (%d before, %d now), want none",
			n-base, base, n)
	}
}
