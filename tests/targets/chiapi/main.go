// chiapi stands for a service built on github.com/go-chi/chi/v5 (its own
// module, leaklab/targets/chiapi), with chi's middleware (Recoverer on,
// Logger off), routes /api/items (healthy) and /api/items/{id}/price, and
// net/http/pprof mounted by chi's middleware.Profiler() at /debug (so pprof
// is under /debug/pprof/ on the API address). The address is $ADDR,
// falling back to ":8080".
//
// Known answer: blocked leak. Every /api/items/{id}/price request the client
// gives up on (client time-out below 50 ms) leaves one goroutine in
// main.fetchPrice blocked forever on `out <- ...` (wait reason "chan
// send"): the handler selected on r.Context().Done() and returned, and
// nobody receives from the unbuffered channel any more. /api/items leaks
// nothing.
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

type item struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Price int    `json:"price_cents,omitempty"`
}

var catalog = []item{{ID: "1", Name: "kettle"}, {ID: "2", Name: "teapot"}, {ID: "3", Name: "mug"}}

// fetchPrice stands for a call to a pricing backend; it hands its result
// over an unbuffered channel, so it blocks forever once the handler left.
func fetchPrice(id string, out chan<- int) {
	time.Sleep(50 * time.Millisecond)
	out <- 100 + len(id)
}

func listItems(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(catalog)
}

func itemPrice(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	out := make(chan int)
	go fetchPrice(id, out)
	select {
	case p := <-out:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(item{ID: id, Price: p})
	case <-r.Context().Done():
		// the client gave up; fetchPrice is left blocked on its send
	}
}

func main() {
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = ":8080"
	}

	r := chi.NewRouter()
	r.Use(middleware.Recoverer) // no middleware.Logger: stderr carries the schedtrace
	r.Get("/api/items", listItems)
	r.Get("/api/items/{id}/price", itemPrice)
	r.Mount("/debug", middleware.Profiler())

	if err := http.ListenAndServe(addr, r); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
