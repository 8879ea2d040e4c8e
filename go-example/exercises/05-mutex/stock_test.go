package stock

import (
	"errors"
	"testing"

	"leaklab/leakserver/exercises/internal/leakcheck"
)

func TestTake(t *testing.T) {
	snap := leakcheck.Start()

	// Ten customers order one teapot each, at the same time, as a web
	// server would serve them: one goroutine per request. Only three
	// teapots are left.
	s := New(map[string]int{"teapot": 3})
	const orders = 10
	errs := make(chan error, orders) // room for every answer: a sender never waits
	for i := 0; i < orders; i++ {
		go func() { errs <- s.Take("teapot", 1) }()
	}

	// Every order gets its answer, sold or sold out.
	snap.Check(t)
	if t.Failed() {
		return // the stock may be locked for good: asking it anything would hang
	}
	sold, soldOut := 0, 0
	for i := 0; i < orders; i++ {
		err := <-errs
		switch {
		case err == nil:
			sold++
		case errors.Is(err, ErrSoldOut):
			soldOut++
		default:
			t.Errorf("Take: unexpected error %v", err)
		}
	}
	if sold != 3 || soldOut != orders-3 {
		t.Errorf("%d sold and %d sold out; want 3 and %d", sold, soldOut, orders-3)
	}
	if left := s.Left("teapot"); left != 0 {
		t.Errorf("Left = %d teapots after selling out, want 0", left)
	}
}
