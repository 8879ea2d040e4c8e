package leakcheck

import (
	"fmt"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// recorder stands in for a *testing.T and keeps what Check reports.
type recorder struct {
	testing.TB
	msgs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...interface{}) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func quick(t *testing.T) {
	old := Wait
	Wait = 300 * time.Millisecond
	t.Cleanup(func() { Wait = old })
}

func TestPassesWhenGoroutinesEnd(t *testing.T) {
	quick(t)
	snap := Start()
	done := make(chan struct{})
	go func() {
		time.Sleep(50 * time.Millisecond) // a correct fix that needs a moment
		close(done)
	}()
	r := &recorder{TB: t}
	snap.Check(r)
	if len(r.msgs) > 0 {
		t.Fatalf("Check failed a goroutine that ended:\n%s", r.msgs[0])
	}
}

func blockedForever(ch chan int) { ch <- 1 }

func TestNamesABlockedGoroutine(t *testing.T) {
	quick(t)
	snap := Start()
	go blockedForever(make(chan int))
	r := &recorder{TB: t}
	snap.Check(r)
	if len(r.msgs) != 1 {
		t.Fatalf("Check reported %d failures, want 1", len(r.msgs))
	}
	want := []string{"1 goroutine left behind", "[chan send]", "blockedForever", "leakcheck_test.go:"}
	if pprof.Lookup("goroutineleak") != nil {
		want = append(want, "the goroutineleak profile proves")
	}
	for _, w := range want {
		if !strings.Contains(r.msgs[0], w) {
			t.Errorf("message lacks %q:\n%s", w, r.msgs[0])
		}
	}
}

func TestNamesASpinner(t *testing.T) {
	quick(t)
	var stop, spins int32
	snap := Start()
	go func() {
		for atomic.LoadInt32(&stop) == 0 {
			atomic.AddInt32(&spins, 1)
		}
	}()
	r := &recorder{TB: t}
	snap.Check(r)
	atomic.StoreInt32(&stop, 1)
	if len(r.msgs) != 1 || !strings.Contains(r.msgs[0], "TestNamesASpinner.func1") {
		t.Fatalf("Check did not name the spinner: %q", r.msgs)
	}
	if strings.Contains(r.msgs[0], "proves") {
		t.Errorf("the goroutineleak profile cannot see a spinner, yet:\n%s", r.msgs[0])
	}
}

func TestParseGoroutine(t *testing.T) {
	g, ok := parseGoroutine("goroutine 7 [chan send, 2 minutes]:\n" +
		"leaklab/leakserver/exercises/01-timeout.Lookup.func1()\n" +
		"\t/src/exercises/01-timeout/lookup.go:31 +0x3c\n" +
		"created by leaklab/leakserver/exercises/01-timeout.Lookup in goroutine 6\n" +
		"\t/src/exercises/01-timeout/lookup.go:30 +0x9c\n")
	if !ok {
		t.Fatal("not parsed")
	}
	got := g.summary("leaklab/leakserver/exercises/01-timeout")
	want := "[chan send] 01-timeout.Lookup.func1 (lookup.go:31), started by 01-timeout.Lookup (lookup.go:30)"
	if g.id != 7 || got != want {
		t.Errorf("id %d, summary %q; want 7, %q", g.id, got, want)
	}
	if p := packageOf("leaklab/leakserver/exercises/01-timeout_test.TestX.func1"); p != "leaklab/leakserver/exercises/01-timeout" {
		t.Errorf("packageOf = %q", p)
	}
}
