package up

import "os"

// isolateGoTelemetry points devboot's own XDG_CONFIG_HOME at a scratch
// directory while steps run. Steps run go commands in devboot's process
// environment (toolchain's UseStep checks `go env GOROOT`), and every go
// command writes telemetry counters under the config directory: without
// this they would land in the user's home, where down could not account
// for them. Steps read the user's paths from host.Host, not from the
// process environment, so nothing else moves. The returned func restores.
func isolateGoTelemetry() func() {
	dir, err := os.MkdirTemp("", "devboot-gocfg-")
	if err != nil {
		return func() {}
	}
	old, had := os.LookupEnv("XDG_CONFIG_HOME")
	os.Setenv("XDG_CONFIG_HOME", dir)
	return func() {
		if had {
			os.Setenv("XDG_CONFIG_HOME", old)
		} else {
			os.Unsetenv("XDG_CONFIG_HOME")
		}
		os.RemoveAll(dir)
	}
}
