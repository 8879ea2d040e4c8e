// mystery is the backend of a small outdoor-gear web shop: catalog search,
// stock levels, checkout through a payment gateway, recommendations from a
// partner, shipping quotes from three carriers, monthly sales reports and
// supplier price imports.
//
// The payment gateway and the recommendations partner are simulated by a
// second HTTP server on a loopback port that the shop starts itself, so the
// shop talks to them over real connections.
//
// It runs one of several deployment profiles (-variant N, or the
// MYSTERY_VARIANT environment variable); a profile switches between the
// implementations each feature has shipped with.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"leaklab/leakserver/internal/listen"
)

// defaultVariant reads $MYSTERY_VARIANT: 1 when unset, 0 (refused
// later) when it is not a number.
func defaultVariant() int {
	e := os.Getenv("MYSTERY_VARIANT")
	if e == "" {
		return 1
	}
	v, err := strconv.Atoi(e)
	if err != nil {
		return 0
	}
	return v
}

// run is main without os.Exit.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mystery", flag.ContinueOnError)
	fs.SetOutput(stderr)
	variant := fs.Int("variant", defaultVariant(), fmt.Sprintf("deployment profile, 1..%d (default: $MYSTERY_VARIANT, else 1)", len(profiles)))
	addr := fs.String("addr", "", "listen address (default: $ADDR, else 127.0.0.1:$PORT, else 127.0.0.1:8080)")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback address")
	lifetime := fs.Duration("lifetime", 10*time.Minute, "exit by itself after this long (0: never)")
	accessLog := fs.Bool("access-log", true, "log one line per finished request on stdout")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: mystery [flags]\n\n"+
			"The backend of a small web shop.\n"+
			"Endpoints: /products /search /inventory /recommendations /checkout /shipping /report /import /healthz /debug/pprof/\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mystery: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *variant < 1 || *variant > len(profiles) {
		fmt.Fprintf(stderr, "mystery: the variant must be a number from 1 to %d (-variant %d, MYSTERY_VARIANT=%q)\n",
			len(profiles), *variant, os.Getenv("MYSTERY_VARIANT"))
		return 2
	}
	a := listen.Addr(*addr)
	loop, err := listen.IsLoopback(a)
	if err != nil {
		fmt.Fprintf(stderr, "mystery: bad address %q: %v\n", a, err)
		return 2
	}
	if !loop && !*allowRemote {
		fmt.Fprintf(stderr, "mystery: refusing to listen on %q: not a loopback address (pass -allow-remote if you mean it)\n", a)
		return 2
	}

	var logw io.Writer
	if *accessLog {
		logw = stdout
	}
	svc, err := newService(profiles[*variant-1], liveDelays, logw)
	if err != nil {
		fmt.Fprintf(stderr, "mystery: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", a)
	if err != nil {
		fmt.Fprintf(stderr, "mystery: %v\n", err)
		return 1
	}
	srv := &http.Server{Handler: svc.routes(), ReadHeaderTimeout: 10 * time.Second}

	done := make(chan int, 2)
	if *lifetime > 0 {
		time.AfterFunc(*lifetime, func() {
			fmt.Fprintf(stderr, "mystery: lifetime %v reached, exiting\n", *lifetime)
			done <- 0
		})
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "mystery: %v\n", err)
			done <- 1
		}
	}()
	fmt.Fprintf(stdout, "listening on http://%s (profile %s)\n", ln.Addr(), svc.prof.name)
	if f, ok := stdout.(*os.File); ok {
		f.Sync()
	}
	return <-done
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
