// Package sessions keeps track of the clients connected to a chat server.
package sessions

import (
	"context"
	"errors"
	"sync"
)

// ErrClosed is returned by Close on a session already closed.
var ErrClosed = errors.New("session already closed")

// Registry knows every open session.
type Registry struct {
	mu   sync.Mutex
	next int
	open map[int]*Session
}

// Session is one connected client.
type Session struct {
	ID     int
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	closed bool
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{open: map[int]*Session{}}
}

// Open starts a session for a client. The session lasts until parent ends
// (the server shuts down) or the client leaves and Close is called; then
// the registry forgets it.
func (r *Registry) Open(parent context.Context) *Session {
	ctx, cancel := context.WithCancel(parent)
	r.mu.Lock()
	r.next++
	s := &Session{ID: r.next, ctx: ctx, cancel: cancel}
	r.open[s.ID] = s
	r.mu.Unlock()

	go func() {
		<-ctx.Done()
		r.mu.Lock()
		delete(r.open, s.ID)
		r.mu.Unlock()
	}()
	return s
}

// Len returns how many sessions are open.
func (r *Registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.open)
}

// Context returns the session's context: work done for the client uses
// it, so that it stops when the session ends.
func (s *Session) Context() context.Context { return s.ctx }

// Close ends the session when the client leaves. Closing twice is an error.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.closed = true
	s.cancel() // ends ctx: work for the client stops, and the registry forgets it
	return nil
}
