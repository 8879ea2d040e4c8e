// withpprof is a user's service as the README tells them to write it: it
// reads ADDR, serves net/http/pprof, and leaks a goroutine on every
// request to /leak that the client gives up on.
package main

import (
	"fmt"
	"net/http"
	_ "net/http/pprof"
	"os"
	"time"
)

func lookup(out chan<- string) {
	time.Sleep(50 * time.Millisecond)
	out <- "result" // nobody receives once the client gave up
}

func main() {
	http.HandleFunc("/leak", func(w http.ResponseWriter, r *http.Request) {
		out := make(chan string)
		go lookup(out)
		select {
		case v := <-out:
			fmt.Fprintln(w, v)
		case <-r.Context().Done():
		}
	})
	http.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	fmt.Println("serving on", os.Getenv("ADDR"), "with GODEBUG", os.Getenv("GODEBUG"))
	if err := http.ListenAndServe(os.Getenv("ADDR"), nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
