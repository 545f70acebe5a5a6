package feature

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/emit/internal/schematest"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	for _, f := range Files("") {
		if f.Path == name {
			return f.Data
		}
	}
	t.Fatalf("no feature file %s", name)
	return nil
}

func TestFeatureJSONIsValid(t *testing.T) {
	if err := schematest.Feature(t, read(t, "devcontainer-feature.json")); err != nil {
		t.Fatal(err)
	}
	// The validator must be able to say no.
	bad := bytes.Replace(read(t, "devcontainer-feature.json"), []byte(`"type": "string"`), []byte(`"type": "number"`), 1)
	if err := schematest.Feature(t, bad); err == nil {
		t.Fatal("an option of type number passed the schema")
	}
}

// The schema leaves these to the prose spec: every option needs a type, a
// description and a default of its type, and offers enum or proposals.
func TestFeatureOptionsFollowTheSpec(t *testing.T) {
	var f struct {
		ID, Version, Name string
		Options           map[string]map[string]any
		ContainerEnv      map[string]string
	}
	if err := json.Unmarshal(read(t, "devcontainer-feature.json"), &f); err != nil {
		t.Fatal(err)
	}
	if f.ID != ID || f.Name == "" || !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(f.Version) {
		t.Fatalf("id %q, version %q, name %q", f.ID, f.Version, f.Name)
	}
	for _, want := range []string{"version", "goproxy", "gopath", "tools", "dlUrl"} {
		if _, ok := f.Options[want]; !ok {
			t.Errorf("option %s missing", want)
		}
	}
	install := string(read(t, "install.sh"))
	for name, opt := range f.Options {
		typ, _ := opt["type"].(string)
		desc, _ := opt["description"].(string)
		def, has := opt["default"]
		_, enum := opt["enum"]
		_, proposals := opt["proposals"]
		if desc == "" || !has || enum == proposals {
			t.Errorf("option %s: description %q, default set %v, enum %v, proposals %v", name, desc, has, enum, proposals)
		}
		switch typ {
		case "string":
			_, ok := def.(string)
			if !ok {
				t.Errorf("option %s: default %v is not a string", name, def)
			}
		case "boolean":
			if _, ok := def.(bool); !ok {
				t.Errorf("option %s: default %v is not a boolean", name, def)
			}
		default:
			t.Errorf("option %s: type %q", name, typ)
		}
		// The CLI passes options to install.sh upper-cased, non-alphanumerics as _.
		env := strings.ToUpper(regexp.MustCompile(`[^A-Za-z0-9_]`).ReplaceAllString(name, "_"))
		if !strings.Contains(install, "${"+env+":-") {
			t.Errorf("install.sh does not read option %s as $%s", name, env)
		}
	}
	// containerEnv names the paths install.sh links, and nothing else.
	path := f.ContainerEnv["PATH"]
	for _, dir := range strings.Split(strings.TrimSuffix(path, ":${PATH}"), ":") {
		link := strings.TrimSuffix(dir, "/bin")
		rel := strings.TrimPrefix(link, "/usr/local/share/devboot/")
		if rel == link || !strings.Contains(install, `"$share/`+rel+`"`) {
			t.Errorf("containerEnv PATH entry %s is not a link install.sh makes", dir)
		}
	}
	if len(f.ContainerEnv) != 1 || !strings.HasSuffix(path, ":${PATH}") {
		t.Errorf("containerEnv = %v", f.ContainerEnv)
	}
}

func TestInstallShIsShellcheckClean(t *testing.T) {
	sc, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Skip("needs shellcheck (Debian package shellcheck)")
	}
	for _, script := range []string{filepath.Join(schematest.RepoRoot(t), "features", ID, "install.sh"), filepath.Join(schematest.RepoRoot(t), "features", ID, "build.sh")} {
		out, err := exec.Command(sc, "-s", "sh", "-o", "all", "-e", "SC2250,SC2312", script).CombinedOutput()
		if err != nil {
			t.Errorf("shellcheck %s: %v\n%s", script, err, out)
		}
	}
	if !bytes.HasPrefix(read(t, "install.sh"), []byte("#!/bin/sh\n")) || !bytes.Contains(read(t, "install.sh"), []byte("\nset -eu\n")) {
		t.Error("install.sh must be POSIX sh with set -eu")
	}
}

// features/devboot in the repository is what `devboot emit feature` writes
// (with the .gitignore for the bundled binaries).
func TestRepositoryFeatureMatchesEmbedded(t *testing.T) {
	dir := filepath.Join(schematest.RepoRoot(t), "features", ID)
	for _, f := range Files(dir) {
		got, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s differs from what devboot emit feature writes: run devboot emit feature --out features/devboot --no-binary", f.Path)
		}
		fi, err := os.Stat(f.Path)
		if err != nil || fi.Mode().Perm() != f.Mode {
			t.Errorf("%s mode %v, want %v", f.Path, fi.Mode().Perm(), f.Mode)
		}
	}
}
