// elsewhere ignores PORT and ADDR and listens on a port of its own choice
// (ELSEWHERE_ADDR, so the test can pick a free one).
package main

import (
	"net/http"
	"os"
)

func main() {
	http.ListenAndServe(os.Getenv("ELSEWHERE_ADDR"), nil)
}
