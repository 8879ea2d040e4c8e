// shop is a tiny web shop: a product list, and price quotes that ask the
// tea supplier for today's price. It is the example service of leaklab's
// lab 09: a program of your own, run under leaklab.
//
// What it needs to be run by leaklab is what any service needs: it
// listens on $ADDR (or 127.0.0.1:$PORT), serves /healthz, and serves
// net/http/pprof under /debug/pprof/.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof/ on http.DefaultServeMux
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"leaklab/leakserver/internal/listen"
)

type product struct {
	SKU   string `json:"sku"`
	Name  string `json:"name"`
	Grams int    `json:"grams"`
}

var products = []product{
	{"TEA-01", "Sencha", 100},
	{"TEA-02", "Assam", 250},
	{"TEA-03", "Rooibos", 100},
	{"TEA-04", "Earl Grey", 250},
	{"TEA-05", "Oolong", 100},
}

// supplier is the tea supplier's price API. Its client library takes no
// context: once asked, it answers when it answers (here: 50 to 400 ms).
type supplier struct {
	calls   atomic.Int64
	latency func(n int64) time.Duration
}

func spreadLatency(n int64) time.Duration {
	return time.Duration(50+(n*137)%351) * time.Millisecond
}

var errNoSuchTea = errors.New("the supplier does not sell this tea")

// price returns today's price of sku per 100 g, in cents.
func (s *supplier) price(sku string) (int64, error) {
	n := s.calls.Add(1)
	time.Sleep(s.latency(n))
	for i, p := range products {
		if p.SKU == sku {
			return 450 + int64(i)*120 + n%7*5, nil
		}
	}
	return 0, errNoSuchTea
}

type shop struct {
	supplier *supplier
}

type supplierAnswer struct {
	cents int64
	err   error
}

// quote answers the price of qty packs of a tea. The supplier can be
// slow, so the handler stops waiting as soon as the client hangs up.
func (s *shop) quote(w http.ResponseWriter, r *http.Request) {
	sku := r.URL.Query().Get("sku")
	qty, err := strconv.Atoi(r.URL.Query().Get("qty"))
	if err != nil || qty < 1 || qty > 50 {
		http.Error(w, "qty must be a whole number from 1 to 50", http.StatusBadRequest)
		return
	}
	answer := make(chan supplierAnswer)
	go func() {
		cents, err := s.supplier.price(sku)
		answer <- supplierAnswer{cents, err}
	}()
	select {
	case a := <-answer:
		if a.err != nil {
			http.Error(w, a.err.Error(), http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]interface{}{"sku": sku, "qty": qty, "total_cents": a.cents * int64(qty)})
	case <-r.Context().Done():
		return // the client has gone; nobody to answer
	}
}

func (s *shop) listProducts(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(products)
}

// routes mounts the shop on http.DefaultServeMux, where net/http/pprof
// has put /debug/pprof/.
func (s *shop) routes() http.Handler {
	http.HandleFunc("/products", s.listProducts)
	http.HandleFunc("/quote", s.quote)
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	return http.DefaultServeMux
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("shop", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "", "listen address (default: $ADDR, else 127.0.0.1:$PORT, else 127.0.0.1:8080)")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback address (pprof would be open to the network)")
	lifetime := fs.Duration("lifetime", 10*time.Minute, "exit by itself after this long (0: never)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	a := listen.Addr(*addr)
	loop, err := listen.IsLoopback(a)
	if err != nil {
		fmt.Fprintf(stderr, "shop: bad address %q: %v\n", a, err)
		return 2
	}
	if !loop && !*allowRemote {
		fmt.Fprintf(stderr, "shop: refusing to listen on %q: not a loopback address (pass -allow-remote if you mean it)\n", a)
		return 2
	}
	ln, err := net.Listen("tcp", a)
	if err != nil {
		fmt.Fprintf(stderr, "shop: %v\n", err)
		return 1
	}
	s := &shop{supplier: &supplier{latency: spreadLatency}}
	srv := &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan int, 2)
	if *lifetime > 0 {
		time.AfterFunc(*lifetime, func() {
			fmt.Fprintf(stderr, "shop: lifetime %v reached, exiting\n", *lifetime)
			done <- 0
		})
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "shop: %v\n", err)
			done <- 1
		}
	}()
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	return <-done
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
