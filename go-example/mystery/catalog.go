package main

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
)

type product struct {
	ID       int    `json:"id"`
	SKU      string `json:"sku"`
	Name     string `json:"name"`
	Category string `json:"category"`
	Price    int64  `json:"price_cents"`
}

// catalog is the shop's product list, fixed at start-up.
type catalog struct {
	products []product
	bySKU    map[string]int // SKU -> index in products
	index    *wordIndex
}

var catalogSeed = []struct {
	category, prefix string
	base             int64
	names            []string
}{
	{"shoes", "SH", 7990, []string{"Trail running shoes", "Road running shoes", "Leather hiking boots",
		"Winter boots", "Canvas sneakers", "Approach shoes", "Rain boots", "Slip-on sneakers"}},
	{"jackets", "JK", 12990, []string{"Rain jacket", "Down jacket", "Fleece jacket", "Wind jacket",
		"Ski jacket", "Denim jacket"}},
	{"socks", "SK", 1490, []string{"Wool socks", "Running socks", "Hiking socks", "Cotton socks"}},
	{"bags", "BG", 5990, []string{"Trail backpack", "Laptop backpack", "Duffel bag", "Hip pack"}},
	{"camping", "CP", 9990, []string{"Two-person tent", "Sleeping bag", "Camp stove", "Trekking poles",
		"Head lamp", "Water filter"}},
}

func newCatalog() *catalog {
	c := &catalog{bySKU: map[string]int{}}
	id := 1000
	for _, s := range catalogSeed {
		for i, name := range s.names {
			id++
			p := product{
				ID:       id,
				SKU:      fmt.Sprintf("%s-%d", s.prefix, id),
				Name:     name,
				Category: s.category,
				Price:    s.base + int64(i)*1000,
			}
			c.bySKU[p.SKU] = len(c.products)
			c.products = append(c.products, p)
		}
	}
	c.index = newWordIndex(c.products)
	return c
}

func (c *catalog) lookup(sku string) (product, bool) {
	i, ok := c.bySKU[sku]
	if !ok {
		return product{}, false
	}
	return c.products[i], true
}

// scan finds the products whose name has every word of q, in catalog order.
func (c *catalog) scan(q string, limit int) []product {
	terms := words(q)
	var out []product
	for _, p := range c.products {
		have := map[string]bool{}
		for _, w := range words(p.Name + " " + p.Category) {
			have[w] = true
		}
		all := len(terms) > 0
		for _, t := range terms {
			if !have[t] {
				all = false
				break
			}
		}
		if all {
			out = append(out, p)
			if len(out) == limit {
				break
			}
		}
	}
	return out
}

// wordIndex maps each word of a product's name and category to the
// products that have it.
type wordIndex struct {
	products []product
	postings map[string][]int
}

func newWordIndex(products []product) *wordIndex {
	ix := &wordIndex{products: products, postings: map[string][]int{}}
	for i, p := range products {
		seen := map[string]bool{}
		for _, w := range words(p.Name + " " + p.Category) {
			if !seen[w] {
				seen[w] = true
				ix.postings[w] = append(ix.postings[w], i)
			}
		}
	}
	return ix
}

// search finds the products that have every word of q. The posting lists
// are streamed to the counter, which tallies them while later words are
// still being looked up.
func (ix *wordIndex) search(q string, limit int) []product {
	terms := words(q)
	hits := make(chan int)
	go func() {
		for _, t := range terms {
			posting, ok := ix.postings[t]
			if !ok {
				return // no product has this word, so none has them all
			}
			for _, i := range posting {
				hits <- i
			}
		}
		close(hits)
	}()
	count := map[int]int{}
	for i := range hits {
		count[i]++
	}
	var found []int
	for i, n := range count {
		if n == len(terms) {
			found = append(found, i)
		}
	}
	sort.Ints(found)
	if len(found) > limit {
		found = found[:limit]
	}
	out := make([]product, 0, len(found))
	for _, i := range found {
		out = append(out, ix.products[i])
	}
	return out
}

func (s *service) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if len(words(q)) == 0 {
		writeError(w, r, badRequest("q: give at least one word"))
		return
	}
	var found []product
	if s.prof.searchIndex {
		found = s.catalog.index.search(q, s.prof.searchLimit)
	} else {
		found = s.catalog.scan(q, s.prof.searchLimit)
	}
	if found == nil {
		found = []product{}
	}
	writeJSON(w, http.StatusOK, map[string]interface{}{"query": q, "products": found})
}

func (s *service) handleProducts(w http.ResponseWriter, r *http.Request) {
	cat := r.URL.Query().Get("category")
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, r, badRequest("page must be a whole number from 1"))
			return
		}
		page = n
	}
	const perPage = 10
	var list []product
	for _, p := range s.catalog.products {
		if cat == "" || p.Category == cat {
			list = append(list, p)
		}
	}
	from := (page - 1) * perPage
	if from > len(list) {
		from = len(list)
	}
	to := from + perPage
	if to > len(list) {
		to = len(list)
	}
	writeJSON(w, http.StatusOK, map[string]interface{}{"page": page, "total": len(list), "products": list[from:to]})
}
