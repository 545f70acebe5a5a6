package doctor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Under sudo, each go runs as the user devboot works for, with their
// HOME: it answers with their settings and leaves no root-owned files.
func TestGoRunsAsTheSudoUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to switch to another user")
	}
	t.Parallel()
	fx := healthy(t)
	// The script reports who ran it and with which HOME.
	script := "#!/bin/sh\nprintf '{\"GOVERSION\":\"go1.22.4\",\"GOROOT\":\"/opt/go\",\"GOPATH\":\"%s:%s\"}' \"$(id -u)\" \"$HOME\"\n"
	if err := os.WriteFile(fx.path("/opt/go/bin/go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	// Let the unprivileged user reach the fixture (TempDir makes 0700 dirs).
	for d := fx.root; d != "/" && strings.HasPrefix(d, os.TempDir()+"/"); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	fx.h.User.Sudo, fx.h.User.UID, fx.h.User.GID = true, 65534, 65534
	f, err := Gather(t.Context(), fx.h, fx.opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Gos) != 1 || f.Gos[0].Err != "" {
		t.Fatalf("gos %+v", f.Gos)
	}
	if got, want := f.Env["GOPATH"], "65534:"+fx.h.User.Home; got != want {
		t.Fatalf("go ran as uid:HOME %q, want %q", got, want)
	}
}
