// Package stock keeps the stock of a small online shop. Many requests use
// it at once, so every method takes the lock.
package stock

import (
	"errors"
	"fmt"
	"sync"
)

// ErrSoldOut is returned when there is not enough of an item left.
var ErrSoldOut = errors.New("sold out")

// Stock counts what is left of each item.
type Stock struct {
	mu    sync.Mutex
	items map[string]int
}

// New returns a stock holding items.
func New(items map[string]int) *Stock {
	s := &Stock{items: map[string]int{}}
	for k, v := range items {
		s.items[k] = v
	}
	return s
}

// Take removes n of item from the stock. When fewer than n are left it
// takes nothing and returns an error wrapping ErrSoldOut.
func (s *Stock) Take(item string, n int) error {
	s.mu.Lock()
	defer s.mu.Unlock() // on every way out, the early return included
	left := s.items[item]
	if left < n {
		return fmt.Errorf("%w: %d %s wanted, %d left", ErrSoldOut, n, item, left)
	}
	s.items[item] = left - n
	return nil
}

// Left returns how many of item are left.
func (s *Stock) Left(item string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.items[item]
}
