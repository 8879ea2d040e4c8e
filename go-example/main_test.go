package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The tests run the real server: this test binary re-executes itself with
// LEAKSERVER_CHILD=1 and then behaves as leakserver, on a free loopback port.

// ending bounds the wait for a server to end: a hang fails, a machine
// busy with other tests does not (it is no measure of how fast).
const ending = 60 * time.Second

func TestMain(m *testing.M) {
	if os.Getenv("LEAKSERVER_CHILD") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

type child struct {
	t     *testing.T
	cmd   *exec.Cmd
	stdin io.WriteCloser
	url   string
	done  chan error
	errb  syncBuf
}

// syncBuf is the child's stderr, safe to read while the child writes it.
type syncBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs the server with args and waits for its ready line.
func start(t *testing.T, env []string, args ...string) *child {
	t.Helper()
	c := &child{t: t, done: make(chan error, 1)}
	c.cmd = exec.Command(os.Args[0], args...)
	c.cmd.Env = append(append(os.Environ(), "LEAKSERVER_CHILD=1"), env...)
	c.cmd.Stderr = &c.errb
	var err error
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		select {
		case <-c.done:
		case <-time.After(ending):
			t.Errorf("server pid %d did not end", c.cmd.Process.Pid)
		}
	})
	line := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(out)
		if s.Scan() {
			line <- s.Text()
		}
		close(line)
		io.Copy(io.Discard, out)
		c.done <- c.cmd.Wait()
	}()
	select {
	case l, ok := <-line:
		if !ok {
			return c // exited before ready; the caller checks
		}
		if !strings.HasPrefix(l, "listening on http://127.0.0.1:") {
			t.Fatalf("ready line = %q", l)
		}
		c.url = strings.TrimPrefix(l, "listening on ")
	case <-time.After(ending):
		t.Fatal("no ready line within 10s")
	}
	return c
}

// wait returns the exit code once the server ends, failing after d.
func (c *child) wait(d time.Duration) int {
	c.t.Helper()
	select {
	case <-c.done:
		c.done <- nil // let Cleanup see it ended
		return c.cmd.ProcessState.ExitCode()
	case <-time.After(d):
		c.t.Fatalf("server still running after %v", d)
		return -1
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	cl := &http.Client{Timeout: 10 * time.Second}
	resp, err := cl.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func stat(t *testing.T, url, key string) string {
	t.Helper()
	_, body := get(t, url+"/stats")
	for _, l := range strings.Split(body, "\n") {
		if k, v, ok := strings.Cut(l, " "); ok && k == key {
			return v
		}
	}
	t.Fatalf("/stats has no %q:\n%s", key, body)
	return ""
}

func TestEndpointsAnswerAndCountLeaks(t *testing.T) {
	c := start(t, []string{"GOMAXPROCS=2"})
	cases := []struct {
		path string
		code int
	}{
		{"/healthz", 200},
		{"/leak", 200},
		{"/leak?n=3", 200},
		{"/leak?n=0", 400},
		{"/leak?n=1001", 400},
		{"/leak?n=x", 400},
		{"/leak/chan?n=5", 200},
		{"/leak/mutex?n=2", 200},
		{"/leak/both?n=3", 200},
		{"/fixed", 200},
		{"/fixed/chan", 200},
		{"/debug/pprof/", 200},
		{"/slow?ms=1", 200},
		{"/slow?ms=-1", 400},
		{"/gomaxprocs?n=0", 400},
		{"/nope", 404},
	}
	for _, tc := range cases {
		if code, body := get(t, c.url+tc.path); code != tc.code {
			t.Errorf("GET %s = %d, want %d (%s)", tc.path, code, tc.code, body)
		}
	}
	want := map[string]string{"leaks_cpu": "7", "leaks_chan": "8", "leaks_mutex": "2", "gomaxprocs": "2"}
	for k, v := range want {
		if got := stat(t, c.url, k); got != v {
			t.Errorf("/stats %s = %s, want %s", k, got, v)
		}
	}
	if v := stat(t, c.url, "go_version"); !strings.HasPrefix(v, "go") {
		t.Errorf("go_version = %q", v)
	}
	_, prof := get(t, c.url+"/debug/pprof/goroutine?debug=1")
	if !strings.HasPrefix(prof, "goroutine profile: total ") || !strings.Contains(prof, "leakChan.func1") {
		t.Errorf("goroutine profile lacks leakChan.func1:\n%.400s", prof)
	}
}

func TestGomaxprocsChangesAtRuntime(t *testing.T) {
	c := start(t, []string{"GOMAXPROCS=1"})
	if code, body := get(t, c.url+"/gomaxprocs?n=3"); code != 200 || !strings.Contains(body, "1 -> 3") {
		t.Fatalf("/gomaxprocs?n=3: %d %q", code, body)
	}
	if got := stat(t, c.url, "gomaxprocs"); got != "3" {
		t.Fatalf("gomaxprocs = %s, want 3", got)
	}
}

func TestFixedEndpointsLeaveNothingBehind(t *testing.T) {
	c := start(t, nil)
	before := stat(t, c.url, "goroutines")
	for i := 0; i < 20; i++ {
		get(t, c.url+"/fixed")
		get(t, c.url+"/fixed/chan")
	}
	// The fixed goroutines end within 20 ms; poll instead of sleeping blind.
	deadline := time.Now().Add(5 * time.Second)
	for stat(t, c.url, "goroutines") != before {
		if time.Now().After(deadline) {
			t.Fatalf("goroutines = %s, was %s before 40 fixed requests", stat(t, c.url, "goroutines"), before)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestLeakCapAnswers429AndStartsNothing(t *testing.T) {
	c := start(t, nil, "-max-leaks", "5")
	if code, _ := get(t, c.url+"/leak/chan?n=4"); code != 200 {
		t.Fatalf("first 4 leaks: %d", code)
	}
	if code, body := get(t, c.url+"/leak/chan?n=2"); code != 429 || !strings.Contains(body, "max-leaks") {
		t.Fatalf("past the cap: %d %q, want 429", code, body)
	}
	if got := stat(t, c.url, "leaks_chan"); got != "4" {
		t.Fatalf("leaks_chan = %s after a refused request, want 4", got)
	}
	if code, _ := get(t, c.url+"/leak/mutex"); code != 200 {
		t.Fatalf("the 5th leak should fit under the cap: %d", code)
	}
	if code, _ := get(t, c.url+"/leak"); code != 429 {
		t.Fatalf("6th leak: %d, want 429", code)
	}
}

func TestRefusesNonLoopbackAddr(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "10.1.2.3:80"} {
		c := start(t, nil, "-addr", addr)
		if code := c.wait(ending); code != 2 {
			t.Errorf("-addr %s: exit %d, want 2", addr, code)
		}
		if !strings.Contains(c.errb.String(), "allow-remote") {
			t.Errorf("-addr %s: message does not name -allow-remote: %q", addr, c.errb.String())
		}
	}
}

func TestBadFlagExits2(t *testing.T) {
	c := start(t, nil, "-no-such-flag")
	if code := c.wait(ending); code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
}

func TestExitsWhenStdinCloses(t *testing.T) {
	c := start(t, nil, "-exit-on-eof")
	get(t, c.url+"/leak?n=10")
	c.stdin.Close()
	if code := c.wait(ending); code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
}

func TestExitsAfterLifetime(t *testing.T) {
	c := start(t, nil, "-lifetime", "300ms")
	if code := c.wait(ending); code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	if !strings.Contains(c.errb.String(), "lifetime") {
		t.Errorf("no lifetime message: %q", c.errb.String())
	}
}

// 200 spinners on one P: a handler would wait for its turn behind them,
// the runtime's default action for SIGTERM does not.
func TestSIGTERMEndsAStarvedServer(t *testing.T) {
	c := start(t, []string{"GOMAXPROCS=1"})
	get(t, c.url+"/leak?n=200")
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	c.wait(ending)
	ws, ok := c.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Errorf("the server ended with %v, not by SIGTERM", c.cmd.ProcessState)
	}
}

func TestSchedtraceGoesToStderr(t *testing.T) {
	c := start(t, []string{"GODEBUG=schedtrace=50", "GOMAXPROCS=1"})
	get(t, c.url+"/leak?n=20")
	// The runtime's sysmon prints the first line on its own thread: on a
	// busy machine that can come after a short-lived server has ended, so
	// wait for it (bounded) before ending the server.
	for deadline := time.Now().Add(ending); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(c.errb.String(), "SCHED ") {
			break
		}
	}
	c.stdin.Close()
	c.cmd.Process.Signal(os.Interrupt)
	c.wait(ending)
	if !strings.Contains(c.errb.String(), "SCHED 0ms: gomaxprocs=1 ") {
		t.Errorf("no SCHED line on stderr: %.300q", c.errb.String())
	}
}
