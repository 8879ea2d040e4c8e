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
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	defer resp.Body.Close()

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
