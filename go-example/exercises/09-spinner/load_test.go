package load

import (
	"context"
	"testing"
	"time"

	"leaklab/leakserver/exercises/internal/leakcheck"
)

func TestStart(t *testing.T) {
	snap := leakcheck.Start()

	// A load test: two workers burn CPU until the test cancels them.
	ctx, cancel := context.WithCancel(context.Background())
	g := &Generator{}
	g.Start(ctx, 2)

	// Wait (at most 5s) until the workers have done some work.
	deadline := time.Now().Add(5 * time.Second)
	for g.Hashes() < 1000 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if g.Hashes() < 1000 {
		t.Errorf("the workers did %d hashes in 5s, want at least 1000", g.Hashes())
	}

	// The load test is over.
	cancel()
	snap.Check(t)
}
