// verdicts is a test program for leaklab's verdict rules: every endpoint
// has a known answer. The address is $ADDR; net/http/pprof is on
// http.DefaultServeMux; /stats prints `goroutines N`; -lifetime (default
// 10m) makes it exit by itself. Functions are named so the top stack of
// each leak is one known main.* frame.
//
//	/leak/local       blocked leak, PROVEN: main.waitLocal blocks forever on a
//	                  receive from an unbuffered channel local to the
//	                  handler ("chan receive"); nothing else references it,
//	                  so Go 1.26+'s goroutineleak profile lists every one.
//	/leak/global      grows and stays, NOT proven: main.waitGlobal waits to
//	                  receive on the package-level channel `announcements`,
//	                  never sent to but reachable from a global, so the
//	                  goroutineleak profile proves none of them (0).
//	/leak/sleepchain  ?n=K (default 50, 1..10000): K goroutines per request in
//	                  a chain: main.chainLink i waits on a channel that link
//	                  i+1 closes when it returns; the last link sleeps
//	                  (time.Sleep(time.Hour)). NOT a proven leak: everything
//	                  waits, transitively, on a sleeper that will wake
//	                  (goroutineleak: 0). Grows by K per request within a run.
//	/drain            ?ms=M (default 300, 1..10000): one goroutine
//	                  (main.burnCPU) doing M ms of pure CPU work (no sleeps,
//	                  iterations calibrated at boot), then it returns.
//	                  Finite: NO leak. Under GOMAXPROCS=1 at 10/s for 3 s
//	                  (9 s of work in 3 s) the run queues are high when the
//	                  load ends and drain to 0 some seconds later.
//	                  `&wall=1` spins for M ms of wall-clock time instead
//	                  (then each ends M ms after it started, whatever its
//	                  CPU share, and the queues hardly build up).
//	/leak/spin        runnable leak: `go spin()`, spin is `for {}`
//	                  (main.spin; never in the goroutineleak profile).
//	/body             blocked leak: main.handleBody calls the in-process
//	                  backend (a second http.Server on 127.0.0.1:0 started at
//	                  boot, /data, keep-alive on) with http.Get and never
//	                  closes (nor reads) resp.Body: the client's
//	                  net/http.(*persistConn).readLoop and .writeLoop
//	                  goroutines stay, one pair per request, created by
//	                  net/http.(*Transport).dialConn (no main.* frame in
//	                  their stacks or `created by`); the backend's
//	                  net/http.(*conn).serve for each connection stays too
//	                  (waiting for the next request, IO wait).
//	/ok               answers at once, leaks nothing.
//	/wg               blocked leak: main.waitGroupWait waits on a local
//	                  sync.WaitGroup that never reaches zero.
//	/ctx              blocked leak: main.waitCtx waits on <-ctx.Done() of a
//	                  context.WithCancel(context.Background()) whose cancel is
//	                  never called; the cancel funcs are kept in the
//	                  package-level slice `cancels` (so vet is content), which
//	                  also keeps every ctx reachable.
//	/slowprofile      ?n=K (default 20000, 1..200000): K goroutines
//	                  (main.parkForever) blocked forever on local channels in
//	                  one request, so that a later goroutine / goroutineleak
//	                  profile takes long to write.
//	/stats            `goroutines N` (runtime.NumGoroutine()).
//
// -profile-delay D answers /debug/pprof/goroutineleak and every debug=2
// goroutine profile D late (a busy program writing them slowly).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// announcements is never sent to; it is reachable from this global.
var announcements = make(chan string)

var (
	cancelsMu sync.Mutex
	cancels   []context.CancelFunc // kept, never called
)

var backendURL string

// itersPerMs is the calibrated number of work() rounds per millisecond.
var itersPerMs int64 = 1

// sink keeps the CPU work from being optimised away.
var sink atomic.Uint64

func waitLocal(ch <-chan int) {
	<-ch
}

func waitGlobal() {
	<-announcements
}

func chainLink(i, n int, mine chan struct{}, next chan struct{}) {
	defer close(mine)
	if i == n-1 {
		time.Sleep(time.Hour)
		return
	}
	<-next
}

func work(x uint64) uint64 {
	x ^= x << 13
	x ^= x >> 7
	x ^= x << 17
	return x
}

func burnCPU(d time.Duration, wall bool) {
	x := uint64(88172645463325252)
	if wall {
		deadline := time.Now().Add(d)
		for time.Now().Before(deadline) {
			for j := 0; j < 1000; j++ {
				x = work(x)
			}
		}
	} else {
		n := itersPerMs * int64(d/time.Millisecond)
		for i := int64(0); i < n; i++ {
			x = work(x)
		}
	}
	sink.Add(x)
}

func calibrate() {
	x := uint64(1)
	const rounds = 20000000
	start := time.Now()
	for i := 0; i < rounds; i++ {
		x = work(x)
	}
	sink.Add(x)
	ms := time.Since(start).Seconds() * 1000
	if ms > 0 {
		itersPerMs = int64(float64(rounds) / ms)
	}
}

func spin() {
	for {
	}
}

func waitGroupWait(wg *sync.WaitGroup) {
	wg.Wait()
}

func waitCtx(ctx context.Context) {
	<-ctx.Done()
}

func parkForever(ch <-chan struct{}) {
	<-ch
}

func intParam(r *http.Request, key string, def, min, max int) (int, bool) {
	s := r.URL.Query().Get(key)
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		return 0, false
	}
	return n, true
}

func handleBody(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get(backendURL + "/data")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	// resp.Body is never read nor closed: the connection is never given
	// back, and its readLoop/writeLoop goroutines stay.
	fmt.Fprintf(w, "backend said %s\n", resp.Status)
}

// slowProfiles answers the goroutineleak profile and the full goroutine
// profile d later: a program that takes seconds to write them, as one
// does behind a crowd of spinners or with a hundred thousand goroutines.
func slowProfiles(next http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/debug/pprof/goroutineleak" || r.URL.Query().Get("debug") == "2" {
			time.Sleep(d)
		}
		next.ServeHTTP(w, r)
	})
}

func startBackend() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/data", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "{\"items\":[1,2,3]}\n")
	})
	backendURL = "http://" + ln.Addr().String()
	go http.Serve(ln, mux)
	return nil
}

func main() {
	lifetime := flag.Duration("lifetime", 10*time.Minute, "exit by itself after this long")
	profileDelay := flag.Duration("profile-delay", 0, "answer /debug/pprof/goroutineleak and ?debug=2 this much later (a busy program)")
	flag.Parse()
	time.AfterFunc(*lifetime, func() { os.Exit(0) })

	calibrate()
	if err := startBackend(); err != nil {
		fmt.Fprintln(os.Stderr, "verdicts: backend:", err)
		os.Exit(1)
	}

	http.HandleFunc("/leak/local", func(w http.ResponseWriter, r *http.Request) {
		ch := make(chan int)
		go waitLocal(ch)
		fmt.Fprintln(w, "ok")
	})
	http.HandleFunc("/leak/global", func(w http.ResponseWriter, r *http.Request) {
		go waitGlobal()
		fmt.Fprintln(w, "ok")
	})
	http.HandleFunc("/leak/sleepchain", func(w http.ResponseWriter, r *http.Request) {
		n, ok := intParam(r, "n", 50, 1, 10000)
		if !ok {
			http.Error(w, "n: 1..10000", http.StatusBadRequest)
			return
		}
		chans := make([]chan struct{}, n+1)
		for i := range chans {
			chans[i] = make(chan struct{})
		}
		for i := 0; i < n; i++ {
			go chainLink(i, n, chans[i], chans[i+1])
		}
		fmt.Fprintln(w, "ok")
	})
	http.HandleFunc("/drain", func(w http.ResponseWriter, r *http.Request) {
		ms, ok := intParam(r, "ms", 300, 1, 10000)
		if !ok {
			http.Error(w, "ms: 1..10000", http.StatusBadRequest)
			return
		}
		go burnCPU(time.Duration(ms)*time.Millisecond, r.URL.Query().Get("wall") == "1")
		fmt.Fprintln(w, "ok")
	})
	http.HandleFunc("/leak/spin", func(w http.ResponseWriter, r *http.Request) {
		go spin()
		fmt.Fprintln(w, "ok")
	})
	http.HandleFunc("/body", handleBody)
	http.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	http.HandleFunc("/wg", func(w http.ResponseWriter, r *http.Request) {
		var wg sync.WaitGroup
		wg.Add(1) // never Done
		go waitGroupWait(&wg)
		fmt.Fprintln(w, "ok")
	})
	http.HandleFunc("/ctx", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithCancel(context.Background())
		cancelsMu.Lock()
		cancels = append(cancels, cancel)
		cancelsMu.Unlock()
		go waitCtx(ctx)
		fmt.Fprintln(w, "ok")
	})
	http.HandleFunc("/slowprofile", func(w http.ResponseWriter, r *http.Request) {
		n, ok := intParam(r, "n", 20000, 1, 200000)
		if !ok {
			http.Error(w, "n: 1..200000", http.StatusBadRequest)
			return
		}
		for i := 0; i < n; i++ {
			go parkForever(make(chan struct{}))
		}
		fmt.Fprintf(w, "parked %d\n", n)
	})
	http.HandleFunc("/stats", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "goroutines %d\n", runtime.NumGoroutine())
	})

	var handler http.Handler = http.DefaultServeMux
	if *profileDelay > 0 {
		handler = slowProfiles(http.DefaultServeMux, *profileDelay)
	}
	if err := http.ListenAndServe(os.Getenv("ADDR"), handler); err != nil {
		fmt.Fprintln(os.Stderr, "verdicts:", err)
		os.Exit(1)
	}
}
