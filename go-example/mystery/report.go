package main

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// ledger holds the shop's orders, day by day. The figures are synthetic
// but stable: the same day always has the same orders.
type ledger struct {
	perOrder time.Duration // what summing one order costs the database
	first    time.Time     // first day with orders
	closed   time.Time     // first day not yet closed
}

func newLedger(perOrder time.Duration) *ledger {
	return &ledger{
		perOrder: perOrder,
		first:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		closed:   time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
	}
}

type daySum struct {
	Day     string `json:"day"`
	Orders  int    `json:"orders"`
	Revenue int64  `json:"revenue_cents"`
}

// orders is how many orders day had: about 80, four times that in
// November (the Black Friday month).
func (l *ledger) orders(day time.Time) int {
	n := 60 + (day.YearDay()*37)%41
	if day.Month() == time.November {
		n *= 4
	}
	return n
}

// sum adds up one day. The database takes perOrder for each order.
func (l *ledger) sum(day time.Time) daySum {
	n := l.orders(day)
	time.Sleep(time.Duration(n) * l.perOrder)
	return daySum{Day: day.Format("2006-01-02"), Orders: n, Revenue: int64(n) * (4200 + int64(day.Day())*13)}
}

// days lists the days of month m ("2026-10"), or an error when the month
// is malformed or has no closed books.
func (l *ledger) days(m string) ([]time.Time, error) {
	start, err := time.Parse("2006-01", m)
	if err != nil {
		return nil, badRequest("month must look like 2026-10")
	}
	if start.Before(l.first) || !start.Before(l.closed) {
		return nil, notFound("no closed books for %s", m)
	}
	var out []time.Time
	for d := start; d.Month() == start.Month(); d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	return out, nil
}

type report struct {
	Month   string   `json:"month"`
	Orders  int      `json:"orders"`
	Revenue int64    `json:"revenue_cents"`
	Days    []daySum `json:"days"`
}

// reporter builds monthly reports, summing several days at once.
type reporter struct {
	ledger   *ledger
	pool     bool
	parallel int
}

func (rp *reporter) monthly(ctx context.Context, month string) (report, error) {
	days, err := rp.ledger.days(month)
	if err != nil {
		return report{}, err
	}
	var sums []daySum
	if rp.pool {
		sums = rp.pooled(ctx, days)
	} else {
		sums = rp.fanOut(ctx, days)
	}
	if err := ctx.Err(); err != nil {
		return report{}, err
	}
	rep := report{Month: month, Days: sums}
	for _, d := range sums {
		rep.Orders += d.Orders
		rep.Revenue += d.Revenue
	}
	return rep, nil
}

// fanOut sums each day on a goroutine of its own, at most rp.parallel at
// a time.
func (rp *reporter) fanOut(ctx context.Context, days []time.Time) []daySum {
	sums := make([]daySum, len(days))
	sem := make(chan struct{}, rp.parallel)
	var wg sync.WaitGroup
	for i, d := range days {
		wg.Add(1)
		go func(i int, d time.Time) {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			if ctx.Err() == nil {
				sums[i] = rp.ledger.sum(d)
			}
		}(i, d)
	}
	wg.Wait()
	return sums
}

// pooled sums the days with rp.parallel workers fed from a channel.
func (rp *reporter) pooled(ctx context.Context, days []time.Time) []daySum {
	sums := make([]daySum, len(days))
	jobs := make(chan int)
	var wg sync.WaitGroup
	wg.Add(len(days))
	for w := 0; w < rp.parallel; w++ {
		go func() {
			for i := range jobs {
				if ctx.Err() != nil {
					continue // the caller has gone: drain the queue, sum nothing
				}
				sums[i] = rp.ledger.sum(days[i])
				wg.Done()
			}
		}()
	}
	for i := range days {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return sums
}

func (s *service) handleReport(w http.ResponseWriter, r *http.Request) {
	month := r.URL.Query().Get("month")
	rep, err := s.reports.monthly(r.Context(), month)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}
