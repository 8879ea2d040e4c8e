// Package load keeps CPUs busy on purpose, to test a service under load.
package load

import (
	"context"
	"crypto/sha256"
	"sync/atomic"
)

// Generator burns CPU with workers that hash a buffer over and over.
type Generator struct {
	hashes int64 // done so far, by all workers; read with Hashes
}

// Start starts workers goroutines that keep hashing until ctx ends. It
// returns at once.
func (g *Generator) Start(ctx context.Context, workers int) {
	for i := 0; i < workers; i++ {
		go func() {
			buf := make([]byte, 1024)
			for {
				sum := sha256.Sum256(buf)
				copy(buf, sum[:])
				atomic.AddInt64(&g.hashes, 1)
			}
		}()
	}
}

// Hashes returns how many hashes the workers have done so far.
func (g *Generator) Hashes() int64 {
	return atomic.LoadInt64(&g.hashes)
}
