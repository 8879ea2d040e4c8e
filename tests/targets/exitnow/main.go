// exitnow fails at start, as a program with a bad flag or a port in use does.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "exitnow: cannot open config.yaml: no such file or directory")
	os.Exit(3)
}
