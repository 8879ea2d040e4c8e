package main

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
)

type priceRow struct {
	SKU   string `json:"sku"`
	Price int64  `json:"price_cents"`
}

type importRequest struct {
	Supplier string     `json:"supplier"`
	Rows     []priceRow `json:"rows"`
}

// importer applies suppliers' price lists to the catalog.
type importer struct {
	catalog *catalog
	staged  bool
	ids     atomic.Int64

	mu      sync.Mutex
	prices  map[string]int64 // SKU -> supplier price, cents
	staging map[int64]*batch // batches being checked
	applied int64
}

// batch is a price list on its way in.
type batch struct {
	id       int64
	supplier string
	rows     []priceRow
	cancel   context.CancelFunc
}

func newImporter(c *catalog, staged bool) *importer {
	return &importer{catalog: c, staged: staged, prices: map[string]int64{}, staging: map[int64]*batch{}}
}

func (im *importer) check(row priceRow) error {
	if _, ok := im.catalog.lookup(row.SKU); !ok {
		return fmt.Errorf("no product with SKU %q", row.SKU)
	}
	if row.Price <= 0 || row.Price > 10000000 {
		return fmt.Errorf("%s: price %d is out of range", row.SKU, row.Price)
	}
	return nil
}

func (im *importer) apply(rows []priceRow) int {
	im.mu.Lock()
	defer im.mu.Unlock()
	for _, r := range rows {
		im.prices[r.SKU] = r.Price
	}
	im.applied += int64(len(rows))
	return len(rows)
}

// direct checks every row, then applies them all.
func (im *importer) direct(req importRequest) (int, error) {
	for i, row := range req.Rows {
		if err := im.check(row); err != nil {
			return 0, &apiError{http.StatusUnprocessableEntity, fmt.Sprintf("row %d: %v", i+1, err)}
		}
	}
	return im.apply(req.Rows), nil
}

// stage parks the batch in the staging area while its rows are checked,
// then applies it. The staging entry lives as long as the batch's context:
// ending the context removes it.
func (im *importer) stage(req importRequest) (int, error) {
	ctx, cancel := context.WithCancel(context.Background())
	b := &batch{id: im.ids.Add(1), supplier: req.Supplier, cancel: cancel}
	im.mu.Lock()
	im.staging[b.id] = b
	im.mu.Unlock()
	go func() {
		<-ctx.Done()
		im.mu.Lock()
		delete(im.staging, b.id)
		im.mu.Unlock()
	}()

	for i, row := range req.Rows {
		if err := im.check(row); err != nil {
			return 0, &apiError{http.StatusUnprocessableEntity, fmt.Sprintf("row %d: %v", i+1, err)}
		}
		b.rows = append(b.rows, row)
	}
	n := im.apply(b.rows)
	b.cancel()
	return n, nil
}

func (s *service) handleImport(w http.ResponseWriter, r *http.Request) {
	if !onlyMethod(w, r, http.MethodPost) {
		return
	}
	var req importRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Supplier == "" || len(req.Rows) == 0 {
		writeError(w, r, badRequest("give a supplier and at least one row"))
		return
	}
	var n int
	var err error
	if s.imports.staged {
		n, err = s.imports.stage(req)
	} else {
		n, err = s.imports.direct(req)
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]interface{}{"supplier": req.Supplier, "updated": n})
}
