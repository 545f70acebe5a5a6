// Package gohome prepares a temporary home in which tests run the real go
// command.
package gohome

import (
	"os"
	"path/filepath"
	"testing"
)

// TelemetryOff makes go start no telemetry sidecar in home. With telemetry
// on, go leaves a child process writing under home/.config/go/telemetry
// after it exits, which races the removal of a t.TempDir home.
func TelemetryOff(t testing.TB, home string) {
	t.Helper()
	dir := filepath.Join(home, ".config", "go", "telemetry")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "mode"), []byte("off"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// New returns a fresh temporary home with telemetry off.
func New(t testing.TB) string {
	t.Helper()
	home := t.TempDir()
	TelemetryOff(t, home)
	return home
}
