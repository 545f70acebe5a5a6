// Command athens-standin is a TEST STAND-IN for the gomods/athens image,
// which cannot be pulled on a machine without a registry. It is not Athens:
// it serves a GOPROXY directory tree (/srv/goproxy) read-only on :3000 with
// Athens' /healthz, logs each request, and, called as "wget", does the GET
// the emitted healthcheck runs (busybox wget in the real, Alpine-based image).
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
)

func main() {
	if filepath.Base(os.Args[0]) == "wget" {
		os.Exit(wget(os.Args[len(os.Args)-1]))
	}
	files := http.FileServer(http.Dir("/srv/goproxy"))
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		log.Printf("GET %s", r.URL.Path)
		files.ServeHTTP(w, r)
	})
	log.Fatal(http.ListenAndServe(":3000", nil))
}

func wget(url string) int {
	res, err := http.Get(url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, res.Status)
		return 1
	}
	return 0
}
