package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/testenv/roots"
)

// fakeEngine serves /_ping and /version on a unix socket like dockerd of
// the given API version, and records the paths it was asked.
func fakeEngine(t *testing.T, apiVersion string) (sock string, asked *[]string) {
	t.Helper()
	sock = filepath.Join(t.TempDir(), "docker.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		w.Header().Set("Api-Version", apiVersion)
		w.Header().Set("Ostype", "linux")
		if strings.HasSuffix(r.URL.Path, "/version") {
			_ = json.NewEncoder(w).Encode(map[string]any{"Version": "20.10.24", "ApiVersion": apiVersion, "MinAPIVersion": "1.12", "Os": "linux", "Arch": "arm64", "Platform": map[string]string{"Name": "Docker Engine - Community"}})
		}
	}))
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return sock, &paths
}

func TestProbeFakeEngine(t *testing.T) {
	sock, asked := fakeEngine(t, "1.41")
	h := host.New("/", []string{"DOCKER_HOST=unix://" + sock})
	info := Probe(context.Background(), h, 0)
	if !info.Reachable || info.Version != "20.10.24" || info.OS != "linux" || info.Arch != "arm64" || info.APIVersion != "1.41" || info.Source != "DOCKER_HOST" || info.Error != "" {
		t.Fatalf("info %+v", info)
	}
	// Negotiated down to the engine's 1.41, not the client's newest.
	if want := "/v1.41/version"; !slices.Contains(*asked, want) {
		t.Fatalf("engine was asked %q, want %s", *asked, want)
	}
}

func TestProbeTooOldEngine(t *testing.T) {
	sock, _ := fakeEngine(t, "1.39")
	info := Probe(context.Background(), host.New("/", []string{"DOCKER_HOST=unix://" + sock}), 0)
	if !info.Reachable || !strings.Contains(info.Error, "older than") {
		t.Fatalf("info %+v", info)
	}
}

func TestProbeUnreachable(t *testing.T) {
	info := Probe(context.Background(), host.New("/", []string{"DOCKER_HOST=unix://" + filepath.Join(t.TempDir(), "none.sock")}), 0)
	if info.Reachable || !strings.Contains(info.Error, "no Docker engine answers") {
		t.Fatalf("info %+v", info)
	}
}

// An engine that accepts but never answers is cut off by the timeout.
func TestProbeHungEngine(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "hung.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close() // hold it open, say nothing
		}
	}()
	info := Probe(context.Background(), host.New("/", []string{"DOCKER_HOST=unix://" + sock}), 200*time.Millisecond)
	if info.Reachable || !strings.Contains(info.Error, "deadline") {
		t.Fatalf("info %+v", info)
	}
}

func TestProbeSSHHost(t *testing.T) {
	info := Probe(context.Background(), host.New("/", []string{"DOCKER_HOST=ssh://me@build"}), 0)
	if info.Reachable || !strings.Contains(info.Error, "ssh") {
		t.Fatalf("info %+v", info)
	}
}

// Rootless Docker: no system socket, the user's runtime dir has one.
func TestResolveRootlessSocket(t *testing.T) {
	root := roots.Build(t, roots.Tree{"/run/user/1000/docker.sock": ""})
	h := host.New(root, []string{"XDG_RUNTIME_DIR=/run/user/1000"})
	h.User.Home = "/home/me"
	ep, err := ResolveEndpoint(h)
	if err != nil || ep.Host != "unix://"+filepath.Join(root, "/run/user/1000/docker.sock") || ep.Source != "rootless socket" {
		t.Fatalf("got %+v, %v", ep, err)
	}
}

func contextID(name string) string {
	s := sha256.Sum256([]byte(name))
	return hex.EncodeToString(s[:])
}

func TestResolveEndpoint(t *testing.T) {
	meta := `{"Name":"remote","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://10.0.0.5:2376","SkipTLSVerify":false}}}`
	root := roots.Build(t, roots.Tree{
		"/home/me/.docker/config.json":                                                `{"auths":{},"currentContext":"remote"}`,
		"/home/me/.docker/contexts/meta/" + contextID("remote") + "/meta.json":        meta,
		"/home/me/.docker/contexts/tls/" + contextID("remote") + "/docker/ca.pem":     "x",
		"/home/me/.docker/contexts/meta/" + contextID("desktop-linux") + "/meta.json": `{"Name":"desktop-linux","Endpoints":{"docker":{"Host":"unix:///home/me/.docker/desktop/docker.sock"}}}`,
		"/var/run/docker.sock": "",
		"/broken/config.json":  "{not json",
	})
	cases := map[string]struct {
		env          []string
		host, source string
		tls, err     bool
	}{
		"DOCKER_HOST wins":      {[]string{"DOCKER_HOST=tcp://1.2.3.4:2375", "DOCKER_CONTEXT=remote"}, "tcp://1.2.3.4:2375", "DOCKER_HOST", false, false},
		"config currentContext": {nil, "tcp://10.0.0.5:2376", "context remote", true, false},
		"DOCKER_CONTEXT":        {[]string{"DOCKER_CONTEXT=desktop-linux"}, "unix:///home/me/.docker/desktop/docker.sock", "context desktop-linux", false, false},
		"default context":       {[]string{"DOCKER_CONTEXT=default"}, "unix://" + filepath.Join(root, "/var/run/docker.sock"), "default socket", false, false},
		"missing context":       {[]string{"DOCKER_CONTEXT=gone"}, "", "", false, true},
		"broken config":         {[]string{"DOCKER_CONFIG=/broken"}, "", "", false, true},
		"no config at all":      {[]string{"DOCKER_CONFIG=/nowhere"}, "unix://" + filepath.Join(root, "/var/run/docker.sock"), "default socket", false, false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			h := host.New(root, c.env)
			h.User.Home = "/home/me"
			ep, err := ResolveEndpoint(h)
			if (err != nil) != c.err {
				t.Fatalf("err %v, want error %v", err, c.err)
			}
			if c.err {
				return
			}
			if ep.Host != c.host || ep.Source != c.source || (ep.TLSDir != "") != c.tls {
				t.Fatalf("got %+v, want %s from %s tls %v", ep, c.host, c.source, c.tls)
			}
		})
	}
}
