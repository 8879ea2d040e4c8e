// Package health checks that the services we depend on are up.
package health

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Check asks url (a service's /healthz) whether the service is up. It
// returns nil when the service answers 200 OK with {"status": "ok"}, and an
// error saying what is wrong otherwise.
func Check(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	// Close the body on every way out, right after the error check: until
	// it is closed, the connection and its two goroutines stay busy.
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}

	var st struct {
		Status string `json:"status"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return fmt.Errorf("%s: bad answer: %v", url, err)
	}
	if st.Status != "ok" {
		return fmt.Errorf("%s: status %q", url, st.Status)
	}
	return nil
}
