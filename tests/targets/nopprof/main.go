// nopprof serves its own mux without net/http/pprof; /leak leaves a
// goroutine blocked on a channel nobody sends to.
package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/leak", func(w http.ResponseWriter, r *http.Request) {
		ch := make(chan int)
		go func() { <-ch }()
		fmt.Fprintln(w, "ok")
	})
	if err := http.ListenAndServe(os.Getenv("ADDR"), mux); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
