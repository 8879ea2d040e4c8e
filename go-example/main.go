// leakserver is the Go server bundled with leaklab: it leaks goroutines on
// demand so that GODEBUG=schedtrace can show them piling up.
//
// Every endpoint is small on purpose: a student should be able to read the
// handler that leaks next to the chart it produced.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"leaklab/leakserver/internal/listen"
)

// server holds the leak counters and the cap that bounds them.
type server struct {
	maxLeaks   int64
	start      time.Time
	leaksCPU   atomic.Int64
	leaksChan  atomic.Int64
	leaksMutex atomic.Int64
	reserved   atomic.Int64 // every leak started, of any kind, for the cap
}

// reserve claims n leaks against the cap. It starts nothing when the cap
// would be passed, so a runaway client cannot take the machine down.
func (s *server) reserve(n int64) bool {
	for {
		cur := s.reserved.Load()
		if cur+n > s.maxLeaks {
			return false
		}
		if s.reserved.CompareAndSwap(cur, cur+n) {
			return true
		}
	}
}

// leakCount reads ?n=K (1..1000, default 1).
func leakCount(r *http.Request) (int64, error) {
	v := r.URL.Query().Get("n")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 || n > 1000 {
		return 0, fmt.Errorf("n must be a whole number from 1 to 1000, got %q", v)
	}
	return n, nil
}

// leak is one kind of leaked goroutine: what starts one, and its counter.
type leak struct {
	kind    string
	counter *atomic.Int64
	start   func()
}

// leakHandler wraps leaks with the parameter check and the cap: each
// request starts ?n=K of every kind given.
func (s *server) leakHandler(leaks ...leak) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n, err := leakCount(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if !s.reserve(n * int64(len(leaks))) {
			http.Error(w, fmt.Sprintf("leak cap reached (-max-leaks %d): nothing started", s.maxLeaks),
				http.StatusTooManyRequests)
			return
		}
		for i := int64(0); i < n; i++ {
			for _, l := range leaks {
				l.start()
			}
		}
		for _, l := range leaks {
			total := l.counter.Add(n)
			fmt.Fprintf(w, "leaked %d %s goroutine(s), %d in all\n", n, l.kind, total)
		}
	}
}

// leakCPU is the source notes' example, `go func() { for {} }()`, as gofmt
// lays it out: a goroutine that spins forever. It is always runnable, so it
// sits in a run queue whenever it is not on a P.
func leakCPU() {
	go func() {
		for {
		}
	}()
}

// leakChan starts a goroutine that waits for a value nobody will ever send.
// Blocked, it never shows in a run queue: only pprof sees it.
func leakChan() {
	ch := make(chan int)
	go func() { <-ch }()
}

// leakMutex starts a goroutine that waits for a mutex nobody will unlock.
func leakMutex() {
	var mu sync.Mutex
	mu.Lock()
	go func() { mu.Lock() }()
}

// spinFor does a bounded amount of CPU work and stops early when ctx ends:
// the /leak spinner done right.
func spinFor(ctx context.Context, d time.Duration) int {
	deadline := time.Now().Add(d)
	n := 0
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return n
		default:
		}
		n++
	}
	return n
}

// fixed does the /leak work in a goroutine that always ends: a bounded spin
// under a context with a timeout. The context is not the request's: the
// work goes on after the answer (as /leak's does), and ends by its own
// deadline, not by the client leaving; r.Context() ends when the handler
// returns, at once.
func fixed(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	go func() {
		defer cancel()
		spinFor(ctx, 5*time.Millisecond)
	}()
	fmt.Fprintln(w, "started one goroutine that ends by itself")
}

// fixedChan is /leak/chan done right: the worker sends on a buffered
// channel, so it can finish even when the handler has stopped waiting.
func fixedChan(w http.ResponseWriter, r *http.Request) {
	ch := make(chan int, 1)
	go func() { ch <- spinFor(r.Context(), time.Millisecond) }()
	select {
	case <-ch:
		fmt.Fprintln(w, "worker answered")
	case <-time.After(100 * time.Millisecond):
		fmt.Fprintln(w, "worker was slow; it will still end, its channel is buffered")
	}
}

// slow answers after ?ms=N (0..60000) milliseconds: a slow backend for
// testing time-outs and open-loop sending, not part of the lesson.
func slow(w http.ResponseWriter, r *http.Request) {
	ms, err := strconv.Atoi(r.URL.Query().Get("ms"))
	if err != nil || ms < 0 || ms > 60000 {
		http.Error(w, "ms must be a whole number from 0 to 60000", http.StatusBadRequest)
		return
	}
	select {
	case <-time.After(time.Duration(ms) * time.Millisecond):
		fmt.Fprintln(w, "ok")
	case <-r.Context().Done():
	}
}

// setGomaxprocs changes GOMAXPROCS while the server runs (?n=1..1024), as
// runtime.GOMAXPROCS calls or Go 1.25's CPU-limit updates do: the trace's
// list of local run queues changes length mid-stream.
func setGomaxprocs(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n < 1 || n > 1024 {
		http.Error(w, "n must be a whole number from 1 to 1024", http.StatusBadRequest)
		return
	}
	old := runtime.GOMAXPROCS(n)
	fmt.Fprintf(w, "GOMAXPROCS %d -> %d\n", old, n)
}

func (s *server) stats(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintf(bw, "leaks_cpu %d\n", s.leaksCPU.Load())
	fmt.Fprintf(bw, "leaks_chan %d\n", s.leaksChan.Load())
	fmt.Fprintf(bw, "leaks_mutex %d\n", s.leaksMutex.Load())
	fmt.Fprintf(bw, "gomaxprocs %d\n", runtime.GOMAXPROCS(0))
	fmt.Fprintf(bw, "uptime_ms %d\n", time.Since(s.start).Milliseconds())
	fmt.Fprintf(bw, "go_version %s\n", runtime.Version())
	for _, m := range schedMetrics() {
		fmt.Fprintf(bw, "%s %d\n", m.name, m.value)
	}
	bw.Flush()
}

func (s *server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	cpu := leak{"cpu", &s.leaksCPU, leakCPU}
	ch := leak{"chan", &s.leaksChan, leakChan}
	mux.HandleFunc("/leak", s.leakHandler(cpu))
	mux.HandleFunc("/leak/chan", s.leakHandler(ch))
	mux.HandleFunc("/leak/mutex", s.leakHandler(leak{"mutex", &s.leaksMutex, leakMutex}))
	// Lab 08: a spinner and a waiter per request.
	mux.HandleFunc("/leak/both", s.leakHandler(cpu, ch))
	mux.HandleFunc("/fixed", fixed)
	mux.HandleFunc("/fixed/chan", fixedChan)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/stats", s.stats)
	mux.HandleFunc("/slow", slow)
	mux.HandleFunc("/gomaxprocs", setGomaxprocs)
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// run is main without os.Exit, so tests can drive it in a child process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("leakserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "listen address (port 0: a free port)")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback -addr (a /leak endpoint on a shared network is a denial of service)")
	maxLeaks := fs.Int64("max-leaks", 10000, "answer 429 and start nothing past this many leaked goroutines")
	lifetime := fs.Duration("lifetime", 10*time.Minute, "exit by itself after this long (0: never)")
	exitOnEOF := fs.Bool("exit-on-eof", false, "exit when stdin closes (leaklab passes a pipe)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: leakserver [flags]\n\n"+
			"A small HTTP server that leaks goroutines on demand, for leaklab.\n"+
			"Endpoints: /leak[?n=K] /leak/chan /leak/mutex /leak/both /fixed /fixed/chan /healthz /stats /slow?ms=N /gomaxprocs?n=K /debug/pprof/\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "leakserver: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *maxLeaks < 0 {
		fmt.Fprintf(stderr, "leakserver: -max-leaks must be >= 0, got %d\n", *maxLeaks)
		return 2
	}
	loop, err := listen.IsLoopback(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "leakserver: bad -addr %q: %v\n", *addr, err)
		return 2
	}
	if !loop && !*allowRemote {
		fmt.Fprintf(stderr, "leakserver: refusing to listen on %q: not a loopback address; "+
			"a /leak endpoint on a shared network lets anyone burn this machine's CPU "+
			"(pass -allow-remote if you really mean it)\n", *addr)
		return 2
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "leakserver: %v\n", err)
		return 1
	}
	s := &server{maxLeaks: *maxLeaks, start: time.Now()}
	srv := &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second}

	done := make(chan int, 3)
	if *lifetime > 0 {
		time.AfterFunc(*lifetime, func() {
			fmt.Fprintf(stderr, "leakserver: lifetime %v reached, exiting\n", *lifetime)
			done <- 0
		})
	}
	if *exitOnEOF {
		go func() {
			io.Copy(io.Discard, stdin)
			done <- 0
		}()
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "leakserver: %v\n", err)
			done <- 1
		}
	}()
	// SIGINT and SIGTERM keep the runtime's default action: the process
	// dies at once from inside the signal handler, which works even when
	// hundreds of spinners keep every goroutine waiting for a P.
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	if f, ok := stdout.(*os.File); ok {
		f.Sync()
	}
	return <-done
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
