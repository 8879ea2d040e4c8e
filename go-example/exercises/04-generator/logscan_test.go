package logscan

import (
	"fmt"
	"strings"
	"testing"

	"leaklab/leakserver/exercises/internal/leakcheck"
)

// liveLog is a log that never ends, like "tail -f" on a busy service: line
// 5 is an error, and the lines keep coming after it.
type liveLog struct {
	n       int
	pending []byte
}

func (l *liveLog) Read(p []byte) (int, error) {
	if len(l.pending) == 0 {
		l.n++
		level := "INFO"
		if l.n == 5 {
			level = "ERROR"
		}
		l.pending = []byte(fmt.Sprintf("%s request %d served\n", level, l.n))
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}

func TestFirstError(t *testing.T) {
	snap := leakcheck.Start()

	// A log that ends.
	short := "INFO start\nWARN slow disk\nERROR disk full\nINFO retry\n"
	if got := FirstError(strings.NewReader(short)); got != "ERROR disk full" {
		t.Errorf("FirstError(a short log) = %q, want %q", got, "ERROR disk full")
	}
	if got := FirstError(strings.NewReader("INFO all good\n")); got != "" {
		t.Errorf("FirstError(a log without errors) = %q, want \"\"", got)
	}

	// Three logs that never end.
	for i := 0; i < 3; i++ {
		if got := FirstError(&liveLog{}); got != "ERROR request 5 served" {
			t.Errorf("FirstError(a live log) = %q, want %q", got, "ERROR request 5 served")
		}
	}

	// The error was found: nothing may go on reading the live logs.
	snap.Check(t)
}
