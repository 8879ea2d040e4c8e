package health

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"leaklab/leakserver/exercises/internal/leakcheck"
)

func TestCheck(t *testing.T) {
	snap := leakcheck.Start()

	// A service on loopback: /up is healthy, /down is in maintenance.
	mux := http.NewServeMux()
	mux.HandleFunc("/up", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, `{"status": "ok"}`)
	})
	mux.HandleFunc("/down", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"status": "maintenance"}`, http.StatusServiceUnavailable)
	})
	srv := httptest.NewServer(mux)
	c := srv.Client()

	// A monitor checks both, three times.
	for i := 0; i < 3; i++ {
		if err := Check(c, srv.URL+"/up"); err != nil {
			t.Errorf("Check(/up) = %v, want nil", err)
		}
		if err := Check(c, srv.URL+"/down"); err == nil {
			t.Errorf("Check(/down) = nil, want an error")
		}
	}

	// The monitor stops: the server and the client's idle connections are
	// closed. Nothing may be left reading or writing a connection.
	srv.Close()
	c.CloseIdleConnections()
	snap.Check(t)
}
