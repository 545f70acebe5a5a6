package engine

import (
	"context"
	"fmt"

	"github.com/moby/moby/client"

	"github.com/devboot/devboot/pkg/host"
)

// Images builds, imports and runs images on one engine.
type Images struct{ c *client.Client }

// OpenImages connects to the engine the docker CLI would use for h's user
// and negotiates the API version now: the client speaks up to API 1.56, and
// engines as old as Docker 20.10 only 1.41.
func OpenImages(ctx context.Context, h *host.Host) (*Images, error) {
	ep, err := ResolveEndpoint(h)
	if err != nil {
		return nil, err
	}
	c, err := New(ep)
	if err != nil {
		return nil, err
	}
	if _, err := c.Ping(ctx, client.PingOptions{NegotiateAPIVersion: true}); err != nil {
		c.Close()
		return nil, fmt.Errorf("no Docker engine answers at %s (%s): %w", ep.Host, ep.Source, err)
	}
	return &Images{c: c}, nil
}

// Close releases the client's connections.
func (e *Images) Close() error { return e.c.Close() }
