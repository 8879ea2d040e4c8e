// attach stands for a long-running service that someone started by hand,
// in a container or from an IDE, and that leaklab is pointed at with
// `url =` (no command): it listens on -addr (a required flag, e.g.
// -addr 127.0.0.1:18080; port 0 picks a free one), serves net/http/pprof on
// the same mux (http.DefaultServeMux), prints exactly one line
// `listening on http://ADDR` (the address it got) to stdout when ready, and
// exits by itself after -lifetime (default 2m), so a test can never leave
// it running.
//
// Known answer: blocked leak. Every /leak request leaves one goroutine in
// main.waitForSignal blocked forever on a receive from a channel nobody
// sends to (wait reason "chan receive"); /ok leaks nothing.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"time"
)

// waitForSignal waits for a signal that is never sent.
func waitForSignal(signal <-chan struct{}) {
	<-signal
}

func main() {
	addr := flag.String("addr", "", "listen address, e.g. 127.0.0.1:18080 (required)")
	lifetime := flag.Duration("lifetime", 2*time.Minute, "exit by itself after this long")
	flag.Parse()
	if *addr == "" {
		fmt.Fprintln(os.Stderr, "attach: -addr is required")
		flag.Usage()
		os.Exit(2)
	}

	http.HandleFunc("/leak", func(w http.ResponseWriter, r *http.Request) {
		signal := make(chan struct{})
		go waitForSignal(signal)
		fmt.Fprintln(w, "waiting")
	})
	http.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "attach:", err)
		os.Exit(1)
	}
	time.AfterFunc(*lifetime, func() {
		fmt.Fprintf(os.Stderr, "attach: lifetime %v over, exiting\n", *lifetime)
		os.Exit(0)
	})
	fmt.Printf("listening on http://%s\n", ln.Addr())
	if err := http.Serve(ln, nil); err != nil {
		fmt.Fprintln(os.Stderr, "attach:", err)
		os.Exit(1)
	}
}
