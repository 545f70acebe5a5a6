package engine

import (
	"context"
	"fmt"
	"net"

	"github.com/moby/moby/client"
)

// BridgeGateway is the host's address on the engine's default bridge: what
// containers (and classic-builder RUN steps, which cannot use the host
// network) dial to reach a server on the host.
func (e *Images) BridgeGateway(ctx context.Context) (string, error) {
	res, err := e.c.NetworkInspect(ctx, "bridge", client.NetworkInspectOptions{})
	if err != nil {
		return "", fmt.Errorf("inspect the bridge network: %w", err)
	}
	for _, c := range res.Network.IPAM.Config {
		if c.Gateway.Is4() {
			return c.Gateway.String(), nil
		}
	}
	// Older engines (20.10) leave Gateway out for the default bridge: the
	// host's address on the bridge interface is the gateway.
	if name := res.Network.Options["com.docker.network.bridge.name"]; name != "" {
		if ifc, err := net.InterfaceByName(name); err == nil {
			addrs, _ := ifc.Addrs()
			for _, a := range addrs {
				if ipn, ok := a.(*net.IPNet); ok && ipn.IP.To4() != nil {
					return ipn.IP.String(), nil
				}
			}
		}
	}
	return "", fmt.Errorf("the bridge network has no IPv4 gateway this machine can see")
}
