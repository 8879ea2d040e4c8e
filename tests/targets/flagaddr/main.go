// flagaddr stands for a service whose address comes only from a flag:
// -addr (flag.String, default ":8080"); it reads no environment variable,
// so PORT and ADDR in its environment change nothing. net/http/pprof is on
// the same mux (http.DefaultServeMux) as the API.
//
// Known answer: blocked leak. Every /work request leaves one goroutine in
// main.worker blocked forever on a receive from a channel nobody sends to
// (wait reason "chan receive"); /ok leaks nothing.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	_ "net/http/pprof"
)

// worker waits for a job that is never sent.
func worker(jobs <-chan int) {
	for j := range jobs {
		_ = j
	}
}

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()

	http.HandleFunc("/work", func(w http.ResponseWriter, r *http.Request) {
		jobs := make(chan int)
		go worker(jobs)
		fmt.Fprintln(w, "queued")
	})
	http.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	log.Printf("listening on %s", *addr)
	log.Fatal(http.ListenAndServe(*addr, nil))
}
