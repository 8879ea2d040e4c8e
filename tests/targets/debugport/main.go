// debugport stands for a service that keeps its debug endpoints off the API
// port, as many production services do: the API is served on its own
// http.NewServeMux at -addr (default 127.0.0.1:8080), and net/http/pprof
// (imported for its side effect on http.DefaultServeMux) is served on a
// separate port, -debug (default 127.0.0.1:6060), by
// `go http.ListenAndServe(debugAddr, nil)`. pprof is NOT on the API address.
// It reads no environment variable: both addresses come from flags only.
//
// Known answer: blocked leak. Every /api/report request the client gives up
// on (client time-out below 50 ms) leaves one goroutine in main.runQuery
// blocked forever on `out <- ...` (wait reason "chan send"): the handler
// that would have received has returned. /healthz answers at once and
// leaks nothing.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	_ "net/http/pprof"
	"time"
)

type report struct {
	rows int
}

// runQuery stands for a slow database query; it hands its result over an
// unbuffered channel, so it blocks forever if the handler has gone.
func runQuery(out chan<- report) {
	time.Sleep(50 * time.Millisecond)
	out <- report{rows: 42}
}

func handleReport(w http.ResponseWriter, r *http.Request) {
	out := make(chan report)
	go runQuery(out)
	select {
	case rep := <-out:
		fmt.Fprintf(w, "rows %d\n", rep.rows)
	case <-r.Context().Done():
		// the client gave up; runQuery is left blocked on its send
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "API address")
	debugAddr := flag.String("debug", "127.0.0.1:6060", "debug (pprof) address")
	flag.Parse()

	go func() {
		log.Println(http.ListenAndServe(*debugAddr, nil))
	}()

	api := http.NewServeMux()
	api.HandleFunc("/api/report", handleReport)
	api.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	log.Printf("api on %s, debug on %s", *addr, *debugAddr)
	log.Fatal(http.ListenAndServe(*addr, api))
}
