// wrapper stands for a launcher as people write them (a supervisor, a
// "run.go" that sets things up and starts the real server): run without
// flags it starts itself again as a child, `os.Executable() -child`, with
// os/exec; the child inherits the environment (so GODEBUG=schedtrace, PORT
// and ADDR reach it: BOTH Go runtimes print SCHED lines, to the same
// stderr, since cmd.Stdout/cmd.Stderr are the wrapper's own), SIGTERM and
// SIGINT are forwarded to the child, and the wrapper exits with the
// child's exit code when it exits. The wrapper itself serves nothing.
//
// The child serves on $ADDR, with net/http/pprof on http.DefaultServeMux,
// /leak and /ok.
//
// Known answer: blocked leak, in the CHILD process: every /leak request
// leaves one goroutine in main.awaitReply blocked forever on a receive from
// a channel nobody sends to (wait reason "chan receive"). /ok leaks nothing.
// The wrapper's runtime is idle all along; its SCHED lines are interleaved
// with the child's on one stderr (two runtimes, two uptime clocks).
package main

import (
	"errors"
	"flag"
	"fmt"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// awaitReply waits for a reply that is never sent.
func awaitReply(reply <-chan string) {
	<-reply
}

func serveChild() {
	http.HandleFunc("/leak", func(w http.ResponseWriter, r *http.Request) {
		reply := make(chan string)
		go awaitReply(reply)
		fmt.Fprintln(w, "sent")
	})
	http.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	if err := http.ListenAndServe(os.Getenv("ADDR"), nil); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(1)
	}
}

func main() {
	child := flag.Bool("child", false, "run the server (started by the wrapper)")
	flag.Parse()
	if *child {
		serveChild()
		return
	}

	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "wrapper:", err)
		os.Exit(1)
	}
	cmd := exec.Command(exe, "-child")
	cmd.Stdin = os.Stdin
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	// cmd.Env is nil: the child inherits the whole environment.

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "wrapper:", err)
		os.Exit(1)
	}
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()

	err = cmd.Wait()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		os.Exit(0)
	case errors.As(err, &exitErr):
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			os.Exit(128 + int(ws.Signal()))
		}
		os.Exit(exitErr.ExitCode())
	default:
		fmt.Fprintln(os.Stderr, "wrapper:", err)
		os.Exit(1)
	}
}
