// busypoll stands for a healthy worker that busy-polls: a fixed pool of 4
// goroutines, started at boot, loops forever doing a little CPU work and
// then time.Sleep(2 * time.Millisecond), as a poller of a queue or a
// device does. HTTP /status answers at once; net/http/pprof is on the mux
// (http.DefaultServeMux); the address is $ADDR.
//
// Known answer: no leak. The goroutine count stays constant (the 4 pollers
// exist from the start, and requests start nothing that outlives them);
// the CPU is busy and the run queues are often non-empty, but they do not
// grow with the requests.
package main

import (
	"fmt"
	"net/http"
	_ "net/http/pprof"
	"os"
	"sync/atomic"
	"time"
)

const pollers = 4

var polls [pollers]atomic.Int64

// checksum is the "little CPU work" of one poll.
func checksum(seed uint64) uint64 {
	x := seed | 1
	for i := 0; i < 200000; i++ { // about 0.06 ms of CPU here
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// poll is one member of the fixed pool: it never returns, and it is not a
// leak: it was started once at boot, as designed.
func poll(id int) {
	var sum uint64
	for {
		sum += checksum(sum + uint64(id))
		polls[id].Add(1)
		time.Sleep(2 * time.Millisecond)
	}
}

func main() {
	for i := 0; i < pollers; i++ {
		go poll(i)
	}
	http.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		for i := range polls {
			fmt.Fprintf(w, "poller%d %d\n", i, polls[i].Load())
		}
	})
	if err := http.ListenAndServe(os.Getenv("ADDR"), nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
