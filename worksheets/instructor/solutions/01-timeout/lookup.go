// Package lookup asks a slow backend for a value, but never waits longer
// than the caller allows.
package lookup

import (
	"errors"
	"time"
)

// ErrTimeout is returned when the backend did not answer in time.
var ErrTimeout = errors.New("lookup: backend did not answer in time")

// Backend answers one key. It may be slow; it always answers in the end.
type Backend func(key string) (string, error)

type answer struct {
	value string
	err   error
}

// Lookup asks backend for key and returns its answer, or ErrTimeout when
// the answer takes longer than timeout. It never waits longer than that.
func Lookup(backend Backend, key string, timeout time.Duration) (string, error) {
	answers := make(chan answer, 1) // room for the answer: the send never waits
	go func() {
		v, err := backend(key)
		answers <- answer{v, err}
	}()

	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case a := <-answers:
		return a.value, a.err
	case <-timer.C:
		return "", ErrTimeout
	}
}
