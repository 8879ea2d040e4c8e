// Package logscan searches log streams, including streams that never end
// (a "tail -f" of a live service).
package logscan

import (
	"bufio"
	"context"
	"io"
	"strings"
)

// lines sends the lines of r, one by one, on the channel it returns, and
// closes that channel when r ends. It stops early when ctx is done.
func lines(ctx context.Context, r io.Reader) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			// Either the reader takes the line, or it has gone away and
			// cancelled ctx: a send alone would wait for it forever.
			select {
			case out <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// FirstError returns the first line of r that contains "ERROR", or "" when
// r ends without one. It reads no further than that line.
func FirstError(r io.Reader) string {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for line := range lines(ctx, r) {
		if strings.Contains(line, "ERROR") {
			return line
		}
	}
	return ""
}
