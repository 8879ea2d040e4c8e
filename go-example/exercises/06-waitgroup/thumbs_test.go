package thumbs

import (
	"bytes"
	"context"
	"testing"
	"time"

	"leaklab/leakserver/exercises/internal/leakcheck"
)

func TestMake(t *testing.T) {
	snap := leakcheck.Start()

	// A request handler gives Make half a second, as a web server would.
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	uploads := []Upload{
		{"cat.png", bytes.Repeat([]byte("c"), 800)},
		{"empty.png", nil}, // the upload failed half-way: no data
		{"dog.png", bytes.Repeat([]byte("d"), 1600)},
	}
	start := time.Now()
	thumbs, err := Make(ctx, uploads)
	if err != nil {
		t.Errorf("Make: %v after %v; want no error, and at once", err, time.Since(start).Round(time.Millisecond))
	}
	if len(thumbs) != 2 {
		t.Errorf("Make made %d thumbnails, want 2 (the empty upload is skipped)", len(thumbs))
	}
	for _, th := range thumbs {
		if len(th.Data) != 100 && len(th.Data) != 200 {
			t.Errorf("thumbnail %s has %d bytes, want 100 or 200", th.Name, len(th.Data))
		}
	}

	// Make has returned: whatever it started must end with it.
	snap.Check(t)
}
