package doctor

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// probeNetwork asks each GOPROXY proxy and the GOSUMDB server once,
// concurrently, each bounded by timeout. Any HTTP answer counts: a proxy
// may well 404 on a path it does not serve; only silence is a failure.
func probeNetwork(ctx context.Context, env map[string]string, timeout time.Duration) map[string]error {
	var urls []string
	if env != nil {
		entries, _ := parseGOPROXY(env["GOPROXY"])
		for _, e := range entries {
			if e.url != "" && (len(e.url) < 7 || e.url[:7] != "file://") {
				urls = append(urls, e.url)
			}
		}
		if u, problem := sumdbURL(env["GOSUMDB"]); problem == "" && env["GOSUMDB"] != "off" {
			urls = append(urls, u+"/latest")
		}
	}
	client := &http.Client{Timeout: timeout}
	results := make(map[string]error, len(urls))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := probe(ctx, client, u)
			mu.Lock()
			results[u] = err
			mu.Unlock()
		}()
	}
	wg.Wait()
	return results
}

func probe(ctx context.Context, client *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	return nil
}
