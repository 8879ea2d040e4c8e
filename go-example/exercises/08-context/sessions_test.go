package sessions

import (
	"context"
	"errors"
	"testing"

	"leaklab/leakserver/exercises/internal/leakcheck"
)

func TestOpenClose(t *testing.T) {
	snap := leakcheck.Start()

	// The server runs for the whole test: its context never ends.
	server := context.Background()
	r := NewRegistry()

	// Five clients come and go.
	for i := 0; i < 5; i++ {
		s := r.Open(server)
		if s.Context().Err() != nil {
			t.Errorf("session %d: context done while the client is still there", s.ID)
		}
		if err := s.Close(); err != nil {
			t.Errorf("session %d: Close = %v", s.ID, err)
		}
		if err := s.Close(); !errors.Is(err, ErrClosed) {
			t.Errorf("session %d: second Close = %v, want ErrClosed", s.ID, err)
		}
	}

	// Every client has left; the server still runs.
	snap.Check(t)
	if n := r.Len(); n != 0 {
		t.Errorf("%d sessions still open after every client left, want 0", n)
	}
}
