package checksum

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"leaklab/leakserver/exercises/internal/leakcheck"
)

func TestAll(t *testing.T) {
	snap := leakcheck.Start()

	var files [][]byte
	for i := 0; i < 20; i++ {
		files = append(files, []byte(fmt.Sprintf("file number %d", i)))
	}
	sums := All(files, 4)
	if len(sums) != len(files) {
		t.Fatalf("All returned %d sums for %d files", len(sums), len(files))
	}
	for i, f := range files {
		want := sha256.Sum256(f)
		if sums[i] != hex.EncodeToString(want[:]) {
			t.Errorf("sum %d = %q, want the SHA-256 of %q", i, sums[i], f)
		}
	}

	// Every file is hashed: the four workers have nothing left to do.
	snap.Check(t)
}
