package modproxy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Download is one module of `go mod download -json` output.
type Download struct {
	Path     string
	Version  string
	Error    string
	Info     string
	GoMod    string
	Zip      string
	Sum      string
	GoModSum string
}

// Options say which module to mirror and how to run the go command.
type Options struct {
	Module string   // directory holding go.mod
	Go     string   // the go command; "go" (found on PATH) by default
	Env    []string // the user's environment; GOMODCACHE and GOFLAGS are set on top
	// UserModCache, when set, is offered to the go command as the first
	// proxy (file://.../cache/download), so modules already on this machine
	// are not downloaded again.
	UserModCache string
}

// collect runs `go mod download -json all` for the module with GOMODCACHE
// set to modcache (fresh, so everything in its cache/download was needed)
// and returns the modules it reported.
func collect(ctx context.Context, o Options, modcache string) ([]Download, error) {
	goCmd := o.Go
	if goCmd == "" {
		goCmd = "go"
	}
	cmd := exec.CommandContext(ctx, goCmd, "mod", "download", "-json", "all")
	cmd.Dir = o.Module
	cmd.Env = downloadEnv(o, modcache)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	// -json reports per-module errors in the output, and exits 1 with them.
	var mods []Download
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var d Download
		if derr := dec.Decode(&d); errors.Is(derr, io.EOF) {
			break
		} else if derr != nil {
			return nil, fmt.Errorf("go mod download -json: %v: %s", derr, stderr.String())
		}
		if d.Error != "" {
			return nil, fmt.Errorf("go mod download: %s@%s: %s", d.Path, d.Version, d.Error)
		}
		mods = append(mods, d)
	}
	if err != nil {
		return nil, fmt.Errorf("go mod download -json all in %s: %v\n%s", o.Module, err, strings.TrimSpace(stderr.String()))
	}
	return mods, nil
}

func downloadEnv(o Options, modcache string) []string {
	base := o.Env
	if base == nil {
		base = os.Environ()
	}
	var env []string
	proxy := ""
	for _, kv := range base {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "GOMODCACHE", "GOFLAGS", "GOPROXY":
			if k == "GOPROXY" {
				proxy = v
			}
			continue
		}
		env = append(env, kv)
	}
	if proxy == "" {
		proxy = "https://proxy.golang.org,direct"
	}
	if o.UserModCache != "" {
		if _, err := os.Stat(filepath.Join(o.UserModCache, "cache", "download")); err == nil {
			proxy = "file://" + filepath.Join(o.UserModCache, "cache", "download") + "," + proxy
		}
	}
	// -modcacherw: the temporary cache can then be deleted without first
	// making every directory writable again.
	return append(env, "GOMODCACHE="+modcache, "GOFLAGS=-mod=mod -modcacherw", "GOPROXY="+proxy)
}

// proxyFiles lists the GOPROXY-layout files of a module cache's
// cache/download directory, relative to it: what cmd/go fetched. Lock and
// partial files and the checksum database cache are not proxy files.
func proxyFiles(modcache string) ([]string, error) {
	root := filepath.Join(modcache, "cache", "download")
	var rels []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if p == root && errors.Is(err, fs.ErrNotExist) {
			return filepath.SkipAll // nothing was downloaded: a module without dependencies
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if rel == "sumdb" {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !isProxyFile(d.Name()) || !strings.Contains(filepath.ToSlash(rel), "/@v/") {
			return nil
		}
		rels = append(rels, filepath.ToSlash(rel))
		return nil
	})
	return rels, err
}

func isProxyFile(name string) bool {
	if name == "list" {
		return true
	}
	for _, ext := range []string{".info", ".mod", ".zip", ".ziphash"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// removeModCache deletes a module cache (made writable by -modcacherw;
// read-only directories are made writable when an older go ignored that).
func removeModCache(dir string) error {
	if os.RemoveAll(dir) == nil {
		return nil
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o755)
		}
		return nil
	})
	return os.RemoveAll(dir)
}

// UserModCache asks the go command where the user's module cache is
// ("" when it cannot say).
func UserModCache(ctx context.Context, goCmd string, env []string) string {
	if goCmd == "" {
		goCmd = "go"
	}
	cmd := exec.CommandContext(ctx, goCmd, "env", "GOMODCACHE")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
