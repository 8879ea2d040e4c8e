package quotes

import (
	"errors"
	"testing"
	"time"

	"leaklab/leakserver/exercises/internal/leakcheck"
)

var errClosed = errors.New("shop closed")

func shop(price int, delay time.Duration) Shop {
	return func(string) (int, error) {
		time.Sleep(delay)
		return price, nil
	}
}

func closed(string) (int, error) { return 0, errClosed }

func TestPrices(t *testing.T) {
	snap := leakcheck.Start()

	// Every shop answers.
	got, err := Prices([]Shop{shop(120, 0), shop(99, 5*time.Millisecond), shop(105, 0)}, "tea")
	if err != nil || len(got) != 3 || got[0] != 120 || got[1] != 99 || got[2] != 105 {
		t.Errorf("Prices = %v, %v; want [120 99 105], nil", got, err)
	}

	// One shop is closed and says so at once; the other five take 300ms.
	slow := 300 * time.Millisecond
	shops := []Shop{shop(1, slow), shop(2, slow), closed, shop(3, slow), shop(4, slow), shop(5, slow)}
	start := time.Now()
	got, err = Prices(shops, "tea")
	if !errors.Is(err, errClosed) || got != nil {
		t.Errorf("Prices with a closed shop = %v, %v; want nil, an error wrapping %q", got, err, errClosed)
	}
	if took := time.Since(start); took > 200*time.Millisecond {
		t.Errorf("Prices took %v to report the closed shop: it must not wait for the others", took)
	}

	// The slow shops have all answered by now; nobody may still be waiting.
	snap.Check(t)
}
