package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/devboot/devboot/pkg/host"
)

// DefaultSocket is where a system Docker engine listens on Linux.
const DefaultSocket = "/var/run/docker.sock"

// Endpoint is where to reach an engine and why devboot chose it.
type Endpoint struct {
	// Host is a DOCKER_HOST-style address: unix:///path, tcp://h:p, ssh://...
	Host string `json:"host"`
	// Source says where Host came from: "DOCKER_HOST", "context NAME",
	// "default socket".
	Source string `json:"source"`
	// TLSDir holds ca.pem, cert.pem and key.pem when the endpoint uses TLS.
	TLSDir        string `json:"-"`
	SkipTLSVerify bool   `json:"-"`
	// APIVersion pins the API version (DOCKER_API_VERSION); "" negotiates.
	APIVersion string `json:"-"`
}

// ResolveEndpoint finds the engine the docker CLI would talk to for the
// user of h. Files are read through h's root; a broken docker config is an
// error (the CLI would fail on it too).
func ResolveEndpoint(h *host.Host) (Endpoint, error) {
	ep := Endpoint{APIVersion: h.Getenv("DOCKER_API_VERSION")}
	if dh := h.Getenv("DOCKER_HOST"); dh != "" {
		ep.Host, ep.Source = dh, "DOCKER_HOST"
		if h.Getenv("DOCKER_TLS_VERIFY") != "" || h.Getenv("DOCKER_CERT_PATH") != "" {
			ep.TLSDir = h.Getenv("DOCKER_CERT_PATH")
			if ep.TLSDir == "" {
				ep.TLSDir = configDir(h)
			}
			ep.SkipTLSVerify = h.Getenv("DOCKER_TLS_VERIFY") == ""
		}
		return ep, nil
	}
	name, err := currentContext(h)
	if err != nil {
		return ep, err
	}
	if name != "" && name != "default" {
		return contextEndpoint(h, ep, name)
	}
	ep.Host, ep.Source = "unix://"+h.Path(DefaultSocket), "default socket"
	// Rootless Docker listens in the user's runtime dir instead.
	if rt := h.Getenv("XDG_RUNTIME_DIR"); rt != "" && !h.Exists(DefaultSocket) && h.Exists(rt+"/docker.sock") {
		ep.Host, ep.Source = "unix://"+h.Path(rt+"/docker.sock"), "rootless socket"
	}
	return ep, nil
}

// configDir is $DOCKER_CONFIG or ~/.docker.
func configDir(h *host.Host) string {
	if d := h.Getenv("DOCKER_CONFIG"); d != "" {
		return d
	}
	return filepath.Join(h.User.Home, ".docker")
}

// currentContext is DOCKER_CONTEXT, else config.json's currentContext.
func currentContext(h *host.Host) (string, error) {
	if c := h.Getenv("DOCKER_CONTEXT"); c != "" {
		return c, nil
	}
	file := filepath.Join(configDir(h), "config.json")
	b, err := h.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	var cfg struct {
		CurrentContext string `json:"currentContext"`
	}
	if err := json.Unmarshal(b, &cfg); err != nil {
		return "", fmt.Errorf("%s is not valid JSON: %w (fix or remove it)", file, err)
	}
	return cfg.CurrentContext, nil
}

// contextEndpoint reads a context's docker endpoint. The CLI stores each
// context under the sha256 of its name.
func contextEndpoint(h *host.Host, ep Endpoint, name string) (Endpoint, error) {
	sum := sha256.Sum256([]byte(name))
	id := hex.EncodeToString(sum[:])
	file := filepath.Join(configDir(h), "contexts", "meta", id, "meta.json")
	b, err := h.ReadFile(file)
	if err != nil {
		return ep, fmt.Errorf("docker context %q is selected but cannot be read: %w (run 'docker context use default' or set DOCKER_HOST)", name, err)
	}
	var meta struct {
		Endpoints map[string]struct {
			Host          string `json:"Host"`
			SkipTLSVerify bool   `json:"SkipTLSVerify"`
		} `json:"Endpoints"`
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return ep, fmt.Errorf("%s is not valid JSON: %w", file, err)
	}
	d, ok := meta.Endpoints["docker"]
	if !ok || d.Host == "" {
		return ep, fmt.Errorf("docker context %q has no docker endpoint (%s)", name, file)
	}
	ep.Host, ep.Source, ep.SkipTLSVerify = d.Host, "context "+name, d.SkipTLSVerify
	if tls := filepath.Join(configDir(h), "contexts", "tls", id, "docker"); h.Exists(tls) {
		ep.TLSDir = h.Path(tls)
	}
	return ep, nil
}
