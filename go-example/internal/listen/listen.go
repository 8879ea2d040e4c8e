// Package listen decides where the kit's Go programs listen: the address a
// program is told, and whether it stays on this machine.
package listen

import (
	"net"
	"os"
)

// Addr picks the address of a program that leaklab (or a student) starts:
// flagAddr when given, else $ADDR, else 127.0.0.1:$PORT, else
// 127.0.0.1:8080.
func Addr(flagAddr string) string {
	if flagAddr != "" {
		return flagAddr
	}
	if a := os.Getenv("ADDR"); a != "" {
		return a
	}
	if p := os.Getenv("PORT"); p != "" {
		return net.JoinHostPort("127.0.0.1", p)
	}
	return "127.0.0.1:8080"
}

// IsLoopback tells whether a listen address stays on this machine. An
// empty host (":8080") listens on every interface, so it is not loopback.
func IsLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, err
	}
	if host == "localhost" {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}
