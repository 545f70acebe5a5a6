package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/moby/moby/client"
	"github.com/moby/moby/client/pkg/versions"

	"github.com/devboot/devboot/pkg/host"
)

// DefaultTimeout bounds a probe: an engine that does not answer within it
// is reported unreachable rather than waited for.
const DefaultTimeout = 1500 * time.Millisecond

// Info is what devboot learned about the engine.
type Info struct {
	Reachable bool   `json:"reachable"`
	Host      string `json:"host,omitempty"`
	Source    string `json:"source,omitempty"`
	// Version, OS and Arch are the server's (e.g. "20.10.24", "linux", "amd64").
	Version    string `json:"version,omitempty"`
	APIVersion string `json:"api_version,omitempty"`
	OS         string `json:"os,omitempty"`
	Arch       string `json:"arch,omitempty"`
	// Product is the platform name, e.g. "Docker Desktop 4.49.0 (208003)".
	Product string `json:"product,omitempty"`
	Error   string `json:"error,omitempty"`
	// Skipped is true when the engine was not asked (devboot detect --no-engine).
	Skipped bool `json:"skipped,omitempty"`
}

// New returns a client for ep. API versions are negotiated on first use
// unless ep pins one. The caller closes it.
func New(ep Endpoint) (*client.Client, error) {
	if strings.HasPrefix(ep.Host, "ssh://") {
		return nil, fmt.Errorf("engine %s is reached over ssh, which needs the docker CLI's connection helper; set DOCKER_HOST to a unix or tcp address", ep.Host)
	}
	opts := []client.Opt{client.WithHost(ep.Host), client.WithAPIVersion(ep.APIVersion)}
	if ep.TLSDir != "" {
		opts = append(opts, client.WithTLSClientConfig(
			filepath.Join(ep.TLSDir, "ca.pem"), filepath.Join(ep.TLSDir, "cert.pem"), filepath.Join(ep.TLSDir, "key.pem")))
	}
	return client.New(opts...)
}

// Probe asks the engine the docker CLI would use for its version, within
// timeout (DefaultTimeout when 0). It never fails: an unreachable or
// unsupported engine is reported in Info.Error.
func Probe(ctx context.Context, h *host.Host, timeout time.Duration) Info {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ep, err := ResolveEndpoint(h)
	info := Info{Host: ep.Host, Source: ep.Source}
	if err != nil {
		info.Error = err.Error()
		return info
	}
	c, err := New(ep)
	if err != nil {
		info.Error = err.Error()
		return info
	}
	defer c.Close()
	ping, err := c.Ping(ctx, client.PingOptions{})
	if err != nil {
		info.Error = fmt.Sprintf("no Docker engine answers at %s (%s): %v", ep.Host, ep.Source, err)
		return info
	}
	info.Reachable, info.APIVersion, info.OS = true, ping.APIVersion, ping.OSType
	if ping.APIVersion != "" && versions.LessThan(ping.APIVersion, client.MinAPIVersion) && ep.APIVersion == "" {
		info.Error = fmt.Sprintf("the engine speaks API %s, older than the oldest this client supports (%s, Docker 19.03): upgrade the engine", ping.APIVersion, client.MinAPIVersion)
		return info
	}
	v, err := c.ServerVersion(ctx, client.ServerVersionOptions{})
	if err != nil {
		info.Error = fmt.Sprintf("the engine at %s answered ping but not /version: %v", ep.Host, err)
		return info
	}
	info.Version, info.APIVersion, info.OS, info.Arch, info.Product = v.Version, v.APIVersion, v.Os, v.Arch, v.Platform.Name
	return info
}
