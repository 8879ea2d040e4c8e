package listen

import "testing"

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:80": true, "localhost:1": true, "[::1]:2": true, "127.1.2.3:4": true,
		":8080": false, "0.0.0.0:1": false, "10.0.0.1:1": false, "example.com:80": false,
	} {
		got, err := IsLoopback(addr)
		if err != nil || got != want {
			t.Errorf("IsLoopback(%q) = %v, %v; want %v", addr, got, err, want)
		}
	}
	if _, err := IsLoopback("no-port"); err == nil {
		t.Error("an address without a port is an error")
	}
}

func TestAddrTakesTheFlagThenADDRThenPORT(t *testing.T) {
	t.Setenv("ADDR", "")
	t.Setenv("PORT", "")
	if got := Addr(""); got != "127.0.0.1:8080" {
		t.Errorf("nothing set: %q", got)
	}
	t.Setenv("PORT", "9000")
	if got := Addr(""); got != "127.0.0.1:9000" {
		t.Errorf("PORT: %q", got)
	}
	t.Setenv("ADDR", "127.0.0.1:7000")
	if got := Addr(""); got != "127.0.0.1:7000" {
		t.Errorf("ADDR over PORT: %q", got)
	}
	if got := Addr("127.0.0.1:1"); got != "127.0.0.1:1" {
		t.Errorf("the flag first: %q", got)
	}
}
