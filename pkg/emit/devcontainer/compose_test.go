package devcontainer

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/emit/internal/schematest"
)

// athensFiles writes a local-feature .devcontainer with Athens into a fresh
// workspace and returns the workspace.
func athensFiles(t *testing.T, opt Options) string {
	t.Helper()
	ws := t.TempDir()
	opt.Proxy = ProxyAthens
	files, err := Files(filepath.Join(ws, ".devcontainer"), opt)
	if err != nil {
		t.Fatal(err)
	}
	write(t, files)
	return ws
}

func TestAthensDevcontainerJSONIsValid(t *testing.T) {
	for _, published := range []bool{false, true} {
		files, err := Files(t.TempDir(), Options{Name: "hello", Proxy: ProxyAthens, Published: published})
		if err != nil {
			t.Fatal(err)
		}
		if err := schematest.Devcontainer(t, files[0].Data); err != nil {
			t.Fatalf("published=%v: %v", published, err)
		}
		if filepath.Base(files[1].Path) != ComposeFile {
			t.Fatalf("second file is %s, not the compose file", files[1].Path)
		}
	}
}

func TestUnknownProxyIsRejected(t *testing.T) {
	if _, err := Files("x", Options{Proxy: "artifactory"}); err == nil || !strings.Contains(err.Error(), "athens") {
		t.Fatalf("got %v, want an error naming athens", err)
	}
}

func TestWorkspaceFolderStaysOneVolumePathElement(t *testing.T) {
	for name, want := range map[string]string{
		"hello":        "/workspaces/hello",
		"my dir:ro,x":  "/workspaces/my-dir-ro-x",
		"..":           "/workspaces/workspace",
		"":             "/workspaces/workspace",
		"a.b_c-d":      "/workspaces/a.b_c-d",
		"${HOME}/evil": "/workspaces/-HOME-evil",
	} {
		if got := workspaceFolder(name); got != want {
			t.Errorf("workspaceFolder(%q) = %q, want %q", name, got, want)
		}
	}
}

// composeConfig is `docker-compose config` on the emitted file (compose's own
// schema check and variable interpolation), read back as JSON with the
// PyYAML docker-compose itself depends on.
func composeConfig(t *testing.T, file string, env ...string) map[string]any {
	t.Helper()
	dc, err := exec.LookPath("docker-compose")
	if err != nil {
		t.Skip("needs docker-compose (Debian package docker-compose) to check the compose file")
	}
	cmd := exec.Command(dc, "-f", file, "config")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("docker-compose config: %v\n%s", err, out)
	}
	py := exec.Command("python3", "-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)")
	py.Stdin = strings.NewReader(string(out))
	js, err := py.Output()
	if err != nil {
		t.Fatalf("reading docker-compose config's output as YAML: %v\n%s", err, out)
	}
	var cfg map[string]any
	if err := json.Unmarshal(js, &cfg); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// dig walks nested maps by key.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func TestAthensComposeFile(t *testing.T) {
	t.Parallel() // waits on docker-compose or node, not the CPU
	ws := athensFiles(t, Options{Name: "hello"})
	cfg := composeConfig(t, filepath.Join(ws, ".devcontainer", ComposeFile), "GOPRIVATE=corp.example/*", "ATHENS_GONOSUM_PATTERNS=corp.example/*")
	checks := []struct {
		keys []string
		want any
	}{
		{[]string{"services", "dev", "environment", "GOPROXY"}, AthensGOPROXY},
		{[]string{"services", "dev", "environment", "GOPRIVATE"}, "corp.example/*"}, // passed through
		{[]string{"services", "dev", "environment", "GONOSUMDB"}, ""},               // unset stays empty
		{[]string{"services", "dev", "depends_on", "athens", "condition"}, "service_healthy"},
		{[]string{"services", "dev", "image"}, DefaultImage},
		{[]string{"services", "athens", "image"}, AthensImage},
		{[]string{"services", "athens", "environment", "ATHENS_STORAGE_TYPE"}, "disk"},
		{[]string{"services", "athens", "environment", "ATHENS_DISK_STORAGE_ROOT"}, athensStorage},
		{[]string{"services", "athens", "environment", "ATHENS_GONOSUM_PATTERNS"}, "corp.example/*"},
	}
	for _, c := range checks {
		if got := dig(cfg, c.keys...); got != c.want {
			t.Errorf("%s = %v, want %v", strings.Join(c.keys, "."), got, c.want)
		}
	}
	// The workspace is mounted where devcontainer.json says it is.
	vols, _ := dig(cfg, "services", "dev", "volumes").([]any)
	if !slices.Contains(vols, any(ws+":/workspaces/hello:cached")) {
		t.Errorf("dev volumes %v lack the workspace", vols)
	}
	// Athens keeps modules in the named volume the file declares.
	avols, _ := dig(cfg, "services", "athens", "volumes").([]any)
	if len(avols) != 1 || !strings.HasPrefix(avols[0].(string), "athens-storage:"+athensStorage) || dig(cfg, "volumes", "athens-storage") == nil {
		t.Errorf("athens volumes %v, top-level volumes %v", avols, dig(cfg, "volumes"))
	}
	if test, _ := dig(cfg, "services", "athens", "healthcheck", "test").([]any); len(test) == 0 || !strings.Contains(test[len(test)-1].(string), ":3000/healthz") {
		t.Errorf("athens healthcheck %v", test)
	}
}

// TestAthensDevcontainersCLIReadsIt: the Dev Containers CLI reads the
// compose-based configuration, with GOPROXY in the feature's options and the
// container's environment.
func TestAthensDevcontainersCLIReadsIt(t *testing.T) {
	t.Parallel() // waits on docker-compose or node, not the CPU
	out := readConfiguration(t, athensFiles(t, Options{Name: "hello", GoVersion: "1.25"}))
	var res struct {
		Configuration struct {
			DockerComposeFile string            `json:"dockerComposeFile"`
			Service           string            `json:"service"`
			RunServices       []string          `json:"runServices"`
			ContainerEnv      map[string]string `json:"containerEnv"`
		} `json:"configuration"`
		Workspace struct {
			WorkspaceFolder string `json:"workspaceFolder"`
		} `json:"workspace"`
		FeaturesConfiguration struct {
			FeatureSets []struct {
				Features []struct {
					ID    string            `json:"id"`
					Value map[string]string `json:"value"`
				} `json:"features"`
			} `json:"featureSets"`
		} `json:"featuresConfiguration"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	c := res.Configuration
	if c.DockerComposeFile != ComposeFile || c.Service != "dev" || !slices.Equal(c.RunServices, []string{"dev", "athens"}) ||
		c.ContainerEnv["GOPROXY"] != AthensGOPROXY || res.Workspace.WorkspaceFolder != "/workspaces/hello" {
		t.Fatalf("configuration as the CLI sees it:\n%s", out)
	}
	sets := res.FeaturesConfiguration.FeatureSets
	if len(sets) != 1 || len(sets[0].Features) != 1 || sets[0].Features[0].Value["goproxy"] != AthensGOPROXY || sets[0].Features[0].Value["version"] != "1.25" {
		t.Fatalf("feature as the CLI sees it:\n%s", out)
	}
}
