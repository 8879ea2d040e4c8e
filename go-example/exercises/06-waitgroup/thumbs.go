// Package thumbs makes thumbnails of uploaded pictures, all at once.
package thumbs

import (
	"context"
	"sync"
)

// Upload is one uploaded picture.
type Upload struct {
	Name string
	Data []byte
}

// Thumb is a thumbnail of an upload.
type Thumb struct {
	Name string
	Data []byte
}

// shrink keeps one byte in eight: a stand-in for real image scaling.
func shrink(u Upload) Thumb {
	t := Thumb{Name: u.Name + ".thumb"}
	for i := 0; i < len(u.Data); i += 8 {
		t.Data = append(t.Data, u.Data[i])
	}
	return t
}

// Make returns a thumbnail of every upload that has data, in any order;
// empty uploads are skipped. It gives up when ctx ends, returning the
// thumbnails made so far and ctx's error.
func Make(ctx context.Context, uploads []Upload) ([]Thumb, error) {
	results := make(chan Thumb, len(uploads))
	var wg sync.WaitGroup
	wg.Add(len(uploads))
	for _, u := range uploads {
		go func(u Upload) {
			if len(u.Data) == 0 {
				return // nothing to shrink
			}
			results <- shrink(u)
			wg.Done()
		}(u)
	}

	// When every worker is done, close results so the loop below ends.
	go func() {
		wg.Wait()
		close(results)
	}()

	var thumbs []Thumb
	for {
		select {
		case t, ok := <-results:
			if !ok {
				return thumbs, nil
			}
			thumbs = append(thumbs, t)
		case <-ctx.Done():
			return thumbs, ctx.Err()
		}
	}
}
