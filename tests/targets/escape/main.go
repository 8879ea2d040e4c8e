// escape serves HTTP and starts a child that leaves the process group
// (setsid), as a daemonizing helper would; both write their pid to
// ESCAPE_PIDS so the test can check that none outlives leaklab.
package main

import (
	"fmt"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	if os.Getenv("ESCAPE_CHILD") == "1" {
		time.Sleep(10 * time.Minute)
		return
	}
	f, err := os.OpenFile(os.Getenv("ESCAPE_PIDS"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	child := exec.Command(os.Args[0])
	child.Env = append(os.Environ(), "ESCAPE_CHILD=1")
	child.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := child.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(f, "%d\n%d\n", os.Getpid(), child.Process.Pid)
	f.Close()
	http.ListenAndServe(os.Getenv("ADDR"), nil)
}
