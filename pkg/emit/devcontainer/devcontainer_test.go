package devcontainer

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/emit"
	"github.com/devboot/devboot/pkg/emit/internal/schematest"
)

func write(t *testing.T, files []emit.File) {
	t.Helper()
	for _, f := range files {
		if err := os.MkdirAll(filepath.Dir(f.Path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f.Path, f.Data, f.Mode); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDevcontainerJSONIsValid(t *testing.T) {
	for _, published := range []bool{false, true} {
		files, err := Files(t.TempDir(), Options{Name: "hello", GoVersion: "1.26.8", Published: published})
		if err != nil {
			t.Fatal(err)
		}
		if err := schematest.Devcontainer(t, files[0].Data); err != nil {
			t.Fatalf("published=%v: %v", published, err)
		}
		if got := len(files); got != map[bool]int{false: 4, true: 1}[published] {
			t.Fatalf("published=%v: %d files", published, got)
		}
	}
	// The validator must be able to say no (unevaluatedProperties: false).
	if err := schematest.Devcontainer(t, []byte(`{"image": "x", "imagee": "typo"}`)); err == nil {
		t.Fatal("an unknown property passed the schema")
	}
}

func TestBadVersionIsRejected(t *testing.T) {
	if _, err := Files("x", Options{GoVersion: "1.22; rm -rf /"}); err == nil {
		t.Fatal("accepted")
	}
}

// readConfiguration is the Dev Containers CLI's read-configuration output,
// features included, for the workspace ws; the test skips without the CLI.
func readConfiguration(t *testing.T, ws string) []byte {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("needs node to run the Dev Containers CLI")
	}
	cli := filepath.Join(schematest.RepoRoot(t), "..", "shared", "tools", "devcontainers-cli", "devcontainer.js")
	if _, err := os.Stat(cli); err != nil {
		t.Skipf("needs the Dev Containers CLI at %s", cli)
	}
	out, err := exec.Command(node, cli, "read-configuration", "--include-features-configuration", "--workspace-folder", ws).Output()
	if err != nil {
		t.Fatalf("read-configuration: %v\n%s", err, out)
	}
	return out
}

// TestDevcontainersCLIReadsIt asks the Dev Containers CLI (the code VS Code
// uses) to read the emitted configuration with its features resolved.
func TestDevcontainersCLIReadsIt(t *testing.T) {
	ws := t.TempDir()
	files, err := Files(filepath.Join(ws, ".devcontainer"), Options{Name: "hello", GoVersion: "1.25"})
	if err != nil {
		t.Fatal(err)
	}
	write(t, files)
	out := readConfiguration(t, ws)
	var res struct {
		Configuration struct {
			RemoteUser string `json:"remoteUser"`
		} `json:"configuration"`
		FeaturesConfiguration struct {
			FeatureSets []struct {
				Features []struct {
					ID           string            `json:"id"`
					Value        map[string]string `json:"value"`
					ContainerEnv map[string]string `json:"containerEnv"`
				} `json:"features"`
			} `json:"featureSets"`
		} `json:"featuresConfiguration"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	sets := res.FeaturesConfiguration.FeatureSets
	if len(sets) != 1 || len(sets[0].Features) != 1 {
		t.Fatalf("feature sets: %s", out)
	}
	f := sets[0].Features[0]
	if f.ID != "devboot" || f.Value["version"] != "1.25" || !strings.Contains(f.ContainerEnv["PATH"], "/usr/local/share/devboot/go/bin") || res.Configuration.RemoteUser != "vscode" {
		t.Fatalf("feature as the CLI sees it: %+v (remoteUser %q)", f, res.Configuration.RemoteUser)
	}
}
