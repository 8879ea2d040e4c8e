// Package checksum hashes many files at once with a small pool of workers.
package checksum

import (
	"crypto/sha256"
	"encoding/hex"
)

type job struct {
	index int
	data  []byte
}

type result struct {
	index int
	sum   string
}

// All returns the SHA-256 of every file, in the order of files, computed
// by the given number of workers.
func All(files [][]byte, workers int) []string {
	jobs := make(chan job)
	results := make(chan result)

	for w := 0; w < workers; w++ {
		go func() {
			for j := range jobs {
				sum := sha256.Sum256(j.data)
				results <- result{j.index, hex.EncodeToString(sum[:])}
			}
		}()
	}

	go func() {
		for i, f := range files {
			jobs <- job{i, f}
		}
	}()

	sums := make([]string, len(files))
	for range files {
		r := <-results
		sums[r.index] = r.sum
	}
	return sums
}
