package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	httppprof "net/http/pprof"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"
)

// service is the shop: its stores, its clients of the partners, and the
// profile that picks their implementations.
type service struct {
	prof    profile
	log     *log.Logger // nil: no access log
	catalog *catalog
	partner *partnerServer
	stock   *stockService
	pay     *paymentClient
	picks   *picksClient
	audit   *auditTrail
	outbox  *outbox
	orders  atomic.Int64
	ledger  *ledger
	reports *reporter
	imports *importer
	ship    *shippingDesk
	stop    chan struct{}
}

// newService starts the partner server and the background workers.
func newService(p profile, d delays, accessLog io.Writer) (*service, error) {
	partner, err := startPartner(d)
	if err != nil {
		return nil, fmt.Errorf("starting the partner server: %w", err)
	}
	s := &service{prof: p, partner: partner, stop: make(chan struct{})}
	if accessLog != nil {
		s.log = log.New(accessLog, "", log.LstdFlags|log.Lmicroseconds)
	}
	s.catalog = newCatalog()
	wh := newWarehouse(s.catalog, d.warehouse)
	s.stock = &stockService{direct: p.stockDirect, wh: wh, cache: newStockCache(wh, p.stockTTL)}
	s.pay = newPaymentClient(partner.url)
	s.picks = newPicksClient(partner.url, p.picksStream)
	s.audit = newAuditTrail(p.auditBatch)
	s.outbox = startOutbox(3, 256)
	s.ledger = newLedger(d.perOrder)
	s.reports = &reporter{ledger: s.ledger, pool: p.reportPool, parallel: p.reportParallel}
	s.imports = newImporter(s.catalog, p.importStaged)
	s.ship = newShippingDesk(d.carrier, p.quoteWaitAll, s.warnf)
	go s.stock.cache.sweep(s.stop)
	return s, nil
}

// close stops the partner server and the background workers.
func (s *service) close() {
	close(s.stop)
	s.outbox.close()
	s.partner.close()
}

func (s *service) routes() *http.ServeMux {
	mux := http.NewServeMux()
	s.handle(mux, "/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	s.handle(mux, "/products", s.handleProducts)
	s.handle(mux, "/search", s.handleSearch)
	s.handle(mux, "/inventory", s.handleInventory)
	s.handle(mux, "/recommendations", s.handleRecommendations)
	s.handle(mux, "/checkout", s.handleCheckout)
	s.handle(mux, "/shipping", s.handleShipping)
	s.handle(mux, "/report", s.handleReport)
	s.handle(mux, "/import", s.handleImport)
	mux.HandleFunc("/debug/pprof/", httppprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", httppprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", httppprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", httppprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", httppprof.Trace)
	return mux
}

// handle mounts h at route with the shop's middleware: the goroutines a
// request runs on carry a "route" profiler label (so the goroutine profile
// says which endpoint started them), and a finished request gets one line
// in the access log (health checks excepted).
func (s *service) handle(mux *http.ServeMux, route string, h http.HandlerFunc) {
	mux.HandleFunc(route, func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		pprof.Do(r.Context(), pprof.Labels("route", route), func(ctx context.Context) {
			h(sw, r.WithContext(ctx))
		})
		if s.log != nil && route != "/healthz" {
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			s.log.Printf("%s %s %d %dms", r.Method, r.URL.RequestURI(), status, time.Since(start).Milliseconds())
		}
	})
}

// warnf logs a problem the shop worked around, next to the access log.
func (s *service) warnf(format string, a ...interface{}) {
	if s.log != nil {
		s.log.Printf("warning: "+format, a...)
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// statusClientClosed is nginx's code for "the client went away first".
const statusClientClosed = 499

// apiError is an error with the HTTP status it should be answered with.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, a ...interface{}) error {
	return &apiError{http.StatusBadRequest, fmt.Sprintf(format, a...)}
}

func notFound(format string, a ...interface{}) error {
	return &apiError{http.StatusNotFound, fmt.Sprintf(format, a...)}
}

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeError answers err with its status: an apiError's own, 499 when the
// client has gone, 502 for a partner that failed, else 500.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	var pe *partnerError
	switch {
	case errors.As(err, &ae):
		writeJSON(w, ae.status, map[string]string{"error": ae.msg})
	case r.Context().Err() != nil:
		w.WriteHeader(statusClientClosed)
	case errors.As(err, &pe):
		writeJSON(w, http.StatusBadGateway, map[string]string{"error": err.Error()})
	default:
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
	}
}

// onlyMethod answers 405 and returns false unless r uses method.
func onlyMethod(w http.ResponseWriter, r *http.Request, method string) bool {
	if r.Method == method {
		return true
	}
	w.Header().Set("Allow", method)
	writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "use " + method})
	return false
}

// decodeBody reads a JSON request body of at most 1 MiB into v.
func decodeBody(w http.ResponseWriter, r *http.Request, v interface{}) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("bad JSON body: %v", err)
	}
	return nil
}

// words splits text into lower-case words.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')
	})
}
