// Package quotes asks several shops for a price at the same time.
package quotes

import "fmt"

// Shop quotes a price for an item, in cents.
type Shop func(item string) (int, error)

type quote struct {
	shop  int
	price int
	err   error
}

// Prices asks every shop at once and returns their prices in the order of
// shops. If a shop fails, Prices fails at once with that shop's error: the
// caller has no use for a partial list, so it should not wait for it.
func Prices(shops []Shop, item string) ([]int, error) {
	// One slot per shop: each sender can leave its quote and end, even
	// after Prices has returned and nobody reads any more.
	quotes := make(chan quote, len(shops))
	for i, s := range shops {
		go func(i int, s Shop) {
			price, err := s(item)
			quotes <- quote{i, price, err}
		}(i, s)
	}

	prices := make([]int, len(shops))
	for range shops {
		q := <-quotes
		if q.err != nil {
			return nil, fmt.Errorf("shop %d: %w", q.shop, q.err)
		}
		prices[q.shop] = q.price
	}
	return prices, nil
}
