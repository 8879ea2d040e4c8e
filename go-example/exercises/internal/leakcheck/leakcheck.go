// Package leakcheck tells a test whether the goroutines its work started
// have all ended. Every exercise test uses it the same way:
//
//	func TestSomething(t *testing.T) {
//		snap := leakcheck.Start()
//		... call the code under test, close what the test opened ...
//		snap.Check(t)
//	}
//
// Check waits, up to Wait, for every goroutine that was not there at Start
// to end. A correct fix may still use goroutines that need a moment to
// finish: Check gives them that moment and passes as soon as they are gone.
// A leaked goroutine never ends, so waiting longer never hides it.
//
// When the Go that built the test has the goroutineleak profile (Go 1.26
// with GOEXPERIMENT=goroutineleakprofile, Go 1.27 and later), Check also
// fails if that profile names a goroutine the test started: one blocked on
// something nothing can ever wake. A goroutine that spins is never in that
// profile; the count above still catches it.
package leakcheck

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Wait is how long Check gives goroutines to end after the work is done.
var Wait = 2 * time.Second

// poll is how often Check looks again while it waits.
const poll = 10 * time.Millisecond

// modulePrefix is cut from function names in messages: they are read by
// students, and "01-timeout.Lookup.func1" says it all.
const modulePrefix = "leaklab/leakserver/exercises/"

// Snapshot is the set of goroutines alive when a test began.
type Snapshot struct {
	count int
	ids   map[int]bool
	pkg   string // import path of the test's package, e.g. leaklab/leakserver/exercises/01-timeout
}

// Start records the goroutines alive now. Call it at the top of the test,
// before anything that may start a goroutine.
func Start() *Snapshot {
	s := &Snapshot{count: runtime.NumGoroutine(), ids: map[int]bool{}}
	for _, g := range goroutines() {
		s.ids[g.id] = true
	}
	if pc, _, _, ok := runtime.Caller(1); ok {
		if f := runtime.FuncForPC(pc); f != nil {
			s.pkg = packageOf(f.Name())
		}
	}
	return s
}

// Check fails t when goroutines started since Start are still there Wait
// after the call, naming each one: its state, the function it is in, the
// line, and who started it. Call it once the test's work is over and what
// the test itself opened (servers, clients) is closed.
func (s *Snapshot) Check(t testing.TB) {
	t.Helper()
	left := s.settle()
	var msg strings.Builder
	if len(left) > 0 {
		fmt.Fprintf(&msg, "%s left behind (%d before the test, %d now, %v after the work ended):\n",
			plural(len(left), "goroutine"), s.count, runtime.NumGoroutine(), Wait)
		for _, line := range describe(left, s.pkg) {
			msg.WriteString("    " + line + "\n")
		}
	}
	leaked, ok, err := s.leakProfile()
	switch {
	case err != nil:
		fmt.Fprintf(&msg, "could not write the goroutineleak profile: %v\n", err)
	case len(leaked) > 0 && len(leaked) == len(left):
		fmt.Fprintf(&msg, "the goroutineleak profile proves %s can never wake up\n", allOf(len(left)))
	case len(leaked) > 0:
		fmt.Fprintf(&msg, "the goroutineleak profile proves %s can never wake up:\n", plural(len(leaked), "goroutine"))
		for _, line := range describe(leaked, s.pkg) {
			msg.WriteString("    " + line + "\n")
		}
	case ok && len(left) > 0:
		msg.WriteString("the goroutineleak profile names none of them: they are running, or what they wait for is still reachable\n")
	}
	if msg.Len() > 0 {
		t.Errorf("%s", strings.TrimSuffix(msg.String(), "\n"))
	}
}

// settle waits up to Wait for the goroutines that were not there at Start
// to end, and returns those still there.
func (s *Snapshot) settle() []goroutine {
	deadline := time.Now().Add(Wait)
	for {
		// NumGoroutine is cheap; the full dump stops the world, so it is
		// taken only when the count says the leftovers may be gone, and
		// once more at the deadline.
		last := !time.Now().Before(deadline)
		if last || runtime.NumGoroutine() <= s.count {
			left := s.newSince()
			if len(left) == 0 || last {
				return left
			}
		}
		time.Sleep(poll)
	}
}

// newSince returns the goroutines alive now that were not at Start, less
// the one calling it.
func (s *Snapshot) newSince() []goroutine {
	self := currentID()
	var left []goroutine
	for _, g := range goroutines() {
		if !s.ids[g.id] && g.id != self {
			left = append(left, g)
		}
	}
	return left
}

// leakProfile returns the goroutines started since Start that the
// goroutineleak profile proves can never wake up, and whether this Go has
// the profile at all.
func (s *Snapshot) leakProfile() ([]goroutine, bool, error) {
	p := pprof.Lookup("goroutineleak")
	if p == nil {
		return nil, false, nil
	}
	// debug=2 runs the leak-finding GC, then dumps every goroutine as
	// runtime.Stack does, the proven ones marked "[chan send (leaked)]".
	var b bytes.Buffer
	if err := p.WriteTo(&b, 2); err != nil {
		return nil, true, err
	}
	var leaked []goroutine
	for _, block := range strings.Split(b.String(), "\n\n") {
		if g, ok := parseGoroutine(block); ok && g.leaked && !s.ids[g.id] {
			leaked = append(leaked, g)
		}
	}
	return leaked, true, nil
}

// goroutine is one goroutine of a full stack dump.
type goroutine struct {
	id      int
	state   string   // "chan send", "sync.Mutex.Lock", "running", ...
	leaked  bool     // marked "(leaked)" by the goroutineleak profile
	frames  []string // function names, innermost first
	files   []string // file:line of each frame
	creator string   // function that started it, with its file:line
}

// goroutines parses runtime.Stack(all) into goroutines.
func goroutines() []goroutine {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var gs []goroutine
	for _, block := range strings.Split(string(buf), "\n\n") {
		if g, ok := parseGoroutine(block); ok {
			gs = append(gs, g)
		}
	}
	return gs
}

// parseGoroutine reads one block of a stack dump:
//
//	goroutine 7 [chan send, 2 minutes]:
//	pkg.fn(...)
//		/path/file.go:31 +0x3c
//	created by pkg.caller in goroutine 6
//		/path/file.go:30 +0x9c
func parseGoroutine(block string) (goroutine, bool) {
	lines := strings.Split(strings.TrimSpace(block), "\n")
	var g goroutine
	head := lines[0]
	if !strings.HasPrefix(head, "goroutine ") {
		return g, false
	}
	open, end := strings.Index(head, " ["), strings.LastIndex(head, "]")
	if open < 0 || end < open {
		return g, false
	}
	id, err := strconv.Atoi(strings.Fields(head)[1])
	if err != nil {
		return g, false
	}
	g.id = id
	g.state = head[open+2 : end]
	if i := strings.Index(g.state, ", "); i >= 0 { // ", 2 minutes", ", locked to thread"
		g.state = g.state[:i]
	}
	if i := strings.Index(g.state, " (leaked)"); i >= 0 {
		g.state, g.leaked = g.state[:i]+g.state[i+len(" (leaked)"):], true
	}
	for i := 1; i+1 < len(lines); i += 2 {
		fn, at := lines[i], strings.TrimSpace(lines[i+1])
		if j := strings.LastIndex(at, " +0x"); j > 0 {
			at = at[:j]
		}
		if strings.HasPrefix(fn, "created by ") {
			fn = strings.TrimPrefix(fn, "created by ")
			if j := strings.Index(fn, " in goroutine "); j > 0 {
				fn = fn[:j]
			}
			g.creator = short(fn) + " (" + baseLine(at) + ")"
			break
		}
		if j := strings.LastIndex(fn, "("); j > 0 {
			fn = fn[:j]
		}
		g.frames = append(g.frames, fn)
		g.files = append(g.files, at)
	}
	return g, true
}

// describe groups goroutines that look alike into lines such as
// "2 x [chan send] 01-timeout.Lookup.func1 (lookup.go:31), started by ...",
// the largest group first.
func describe(gs []goroutine, pkg string) []string {
	counts := map[string]int{}
	for _, g := range gs {
		counts[g.summary(pkg)]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = fmt.Sprintf("%d x %s", counts[k], k)
	}
	return lines
}

// summary names where a goroutine is: the innermost frame of the test's
// package when there is one (that is the code to fix), else the innermost
// frame outside the runtime.
func (g goroutine) summary(pkg string) string {
	pick := -1
	for i, fn := range g.frames {
		if pkg != "" && strings.HasPrefix(fn, pkg+".") {
			pick = i
			break
		}
	}
	if pick < 0 {
		for i, fn := range g.frames {
			if !strings.HasPrefix(fn, "runtime.") && !strings.HasPrefix(fn, "internal/") {
				pick = i
				break
			}
		}
	}
	s := "[" + g.state + "]"
	if pick >= 0 {
		s += " " + short(g.frames[pick]) + " (" + baseLine(g.files[pick]) + ")"
	}
	if g.creator != "" {
		s += ", started by " + g.creator
	}
	return s
}

// currentID is the id of the calling goroutine, from its own stack header.
func currentID() int {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	f := strings.Fields(string(buf))
	if len(f) < 2 {
		return -1
	}
	id, err := strconv.Atoi(f[1])
	if err != nil {
		return -1
	}
	return id
}

// packageOf returns the import path of a function's package:
// "a/b/01-x.TestY.func1" gives "a/b/01-x". An external test package
// ("..._test") counts as the package it tests.
func packageOf(fn string) string {
	slash := strings.LastIndex(fn, "/")
	dot := strings.Index(fn[slash+1:], ".")
	if dot < 0 {
		return ""
	}
	return strings.TrimSuffix(fn[:slash+1+dot], "_test")
}

// short cuts the module prefix off a function name.
func short(fn string) string {
	return strings.TrimPrefix(fn, modulePrefix)
}

// baseLine turns "/long/path/file.go:31" into "file.go:31".
func baseLine(at string) string {
	if i := strings.LastIndex(at, "/"); i >= 0 {
		return at[i+1:]
	}
	return at
}

func allOf(n int) string {
	switch n {
	case 1:
		return "it"
	case 2:
		return "both"
	}
	return "all " + strconv.Itoa(n)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
