package goserver

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func get(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	b, _ := io.ReadAll(resp.Body)
	return b
}

func TestServersAndFakeGo(t *testing.T) {
	s := New(t, Options{Versions: []string{"1.22.4", "1.23rc1"}})
	var idx []struct {
		Version string `json:"version"`
		Stable  bool   `json:"stable"`
		Files   []struct {
			Filename, SHA256, Kind string
			Size                   int
		} `json:"files"`
	}
	if err := json.Unmarshal(get(t, s.DLURL+"?mode=json&include=all"), &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx) != 2 || idx[0].Version != "go1.23rc1" || idx[0].Stable || !idx[1].Stable {
		t.Fatalf("index: %+v", idx)
	}
	a := s.Archive("1.22.4", "linux", runtime.GOARCH)
	if body := get(t, s.DLURL+a.Filename); len(body) != len(a.Data) {
		t.Fatalf("archive: %d bytes, want %d", len(body), len(a.Data))
	}
	if list := string(get(t, s.GOPROXY+"/golang.org/toolchain/@v/list")); !strings.Contains(list, "v0.0.1-go1.22.4.linux-"+runtime.GOARCH) {
		t.Fatalf("proxy list: %q", list)
	}
	if !strings.Contains(s.GOSUMDB, " http://127.0.0.1:") {
		t.Fatalf("GOSUMDB %q", s.GOSUMDB)
	}

	// The fake go answers from its GOROOT.
	root := filepath.Join(t.TempDir(), "go")
	WriteGOROOT(t, root, "go1.22.4", runtime.GOARCH)
	out, err := exec.Command(filepath.Join(root, "bin", "go"), "version").Output()
	if err != nil || string(out) != "go version go1.22.4 linux/"+runtime.GOARCH+"\n" {
		t.Fatalf("go version: %q %v", out, err)
	}
	cmd := exec.Command(filepath.Join(root, "bin", "go"), "env", "-json")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err = cmd.Output()
	var env map[string]string
	if err != nil || json.Unmarshal(out, &env) != nil || env["GOROOT"] != root || env["GOVERSION"] != "go1.22.4" {
		t.Fatalf("go env -json: %s %v", out, err)
	}
}
