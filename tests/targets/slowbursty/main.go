// slowbursty stands for a healthy service that is slow and bursty: /search
// takes 100-400 ms (time.Sleep for a random duration; the generator is
// seeded from the clock at boot) and fans out to 3 short-lived goroutines
// per request (3 "shards"), which all end before the answer is written.
// /healthz answers at once; net/http/pprof is on the mux
// (http.DefaultServeMux); the address is $ADDR.
//
// Known answer: no leak. Goroutines rise while requests are in flight
// (handler + 3 shards each, for up to 400 ms) and fall back to the idle
// count once the load ends; nothing stays.
package main

import (
	"fmt"
	"math/rand"
	"net/http"
	_ "net/http/pprof"
	"os"
	"sync"
	"time"
)

var (
	rngMu sync.Mutex
	rng   = rand.New(rand.NewSource(time.Now().UnixNano()))
)

func randomDelay(min, max time.Duration) time.Duration {
	rngMu.Lock()
	defer rngMu.Unlock()
	return min + time.Duration(rng.Int63n(int64(max-min)))
}

// queryShard stands for one shard's lookup: short, and it always ends.
func queryShard(shard int, q string, out chan<- string) {
	time.Sleep(randomDelay(time.Millisecond, 10*time.Millisecond))
	out <- fmt.Sprintf("shard%d:%s", shard, q)
}

func handleSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	out := make(chan string, 3) // buffered: a shard never blocks on its send
	for i := 0; i < 3; i++ {
		go queryShard(i, q, out)
	}
	time.Sleep(randomDelay(100*time.Millisecond, 400*time.Millisecond))
	for i := 0; i < 3; i++ {
		fmt.Fprintln(w, <-out)
	}
}

func main() {
	http.HandleFunc("/search", handleSearch)
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	if err := http.ListenAndServe(os.Getenv("ADDR"), nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
