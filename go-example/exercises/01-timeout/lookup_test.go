package lookup

import (
	"errors"
	"testing"
	"time"

	"leaklab/leakserver/exercises/internal/leakcheck"
)

// backend answers "value of KEY" after delay.
func backend(delay time.Duration) Backend {
	return func(key string) (string, error) {
		time.Sleep(delay)
		return "value of " + key, nil
	}
}

func TestLookup(t *testing.T) {
	snap := leakcheck.Start()

	// A fast backend: the answer comes back, every time.
	for i := 0; i < 100; i++ {
		got, err := Lookup(backend(0), "a", 500*time.Millisecond)
		if err != nil || got != "value of a" {
			t.Errorf(`Lookup with a fast backend = %q, %v on call %d; want "value of a", nil`, got, err, i+1)
			break
		}
	}

	// A slow backend: Lookup gives up on time, three times over.
	for i := 0; i < 3; i++ {
		start := time.Now()
		_, err := Lookup(backend(300*time.Millisecond), "b", 10*time.Millisecond)
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("Lookup with a slow backend: error %v, want ErrTimeout", err)
		}
		if took := time.Since(start); took > 200*time.Millisecond {
			t.Errorf("Lookup with a 10ms timeout took %v: it must not wait for the backend", took)
		}
	}

	// The backend answers 300ms later; by then nothing may be left waiting.
	snap.Check(t)
}
