package main

import (
	"sync"
	"sync/atomic"
)

type mail struct {
	to, subject string
}

// outbox sends e-mails in the background with a fixed set of workers, so
// a checkout never waits for the mail server.
type outbox struct {
	jobs    chan mail
	wg      sync.WaitGroup
	sent    atomic.Int64
	dropped atomic.Int64
}

func startOutbox(workers, queue int) *outbox {
	o := &outbox{jobs: make(chan mail, queue)}
	for i := 0; i < workers; i++ {
		o.wg.Add(1)
		go o.work()
	}
	return o
}

func (o *outbox) work() {
	defer o.wg.Done()
	for m := range o.jobs {
		deliver(m)
		o.sent.Add(1)
	}
}

// deliver hands a message to the mail relay (here: nowhere).
func deliver(m mail) {}

// send queues m, or drops it when the queue is full: a lost confirmation
// e-mail is better than a stuck checkout.
func (o *outbox) send(m mail) {
	select {
	case o.jobs <- m:
	default:
		o.dropped.Add(1)
	}
}

// close lets the workers finish the queue and end.
func (o *outbox) close() {
	close(o.jobs)
	o.wg.Wait()
}
