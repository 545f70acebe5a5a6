package toolchain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/toolchain/archive"
)

// InstallReport says how an install went; the CLI prints it.
type InstallReport struct {
	Version string `json:"version"`
	Path    string `json:"path"`
	Cached  bool   `json:"cached"` // the archive came from the download cache
	// Streamed: unpacked while downloading; Download then covers both and
	// Unpack is only what remained after the last byte.
	Streamed  bool          `json:"streamed"`
	Download  time.Duration `json:"download_ns"`
	Verify    time.Duration `json:"verify_ns"`
	Unpack    time.Duration `json:"unpack_ns"`
	Files     int           `json:"files"`
	Bytes     int64         `json:"bytes"`
	Warnings  []string      `json:"warnings,omitempty"`
	NotNeeded bool          `json:"not_needed,omitempty"` // someone else installed it meanwhile
}

// install downloads (or takes from the cache), verifies and unpacks art into
// dir. It unpacks into a staging directory next to dir and renames it into
// place only when complete, under a per-version lock: an interrupted
// install leaves no half toolchain, and the next one cleans up.
func install(ctx context.Context, l Layout, name, version string, art Artifact, o FetchOptions) (*InstallReport, error) {
	dir := l.Dir(name)
	rep := &InstallReport{Version: version, Path: dir}
	o.own = l.own // downloads and checksum-database state are the user's too
	if err := l.mkdirAll(l.Toolchains()); err != nil {
		return nil, err
	}
	lock := flock.New(l.LockPath(name))
	if err := lock.Lock(); err != nil {
		return nil, fmt.Errorf("lock %s: %w", l.LockPath(name), err)
	}
	defer lock.Unlock()
	if err := l.chown(l.LockPath(name)); err != nil {
		return nil, err
	}
	if complete(dir) {
		rep.NotNeeded = true
		return rep, nil
	}
	CleanStale(l)
	stage := l.staging(name)
	err := removeAll(stage) // left by a killed install: we hold its lock
	if err != nil {
		return nil, err
	}
	defer removeAll(stage)

	var st archive.Stats
	if canStream(l, art) {
		if st, err = downloadUnpacking(ctx, l, art, stage, o, rep); err != nil {
			return nil, err
		}
	} else {
		cached, err := fetchVerified(ctx, l, art, o, rep)
		if err != nil {
			return nil, err
		}
		crashPoint("downloaded")
		t := time.Now()
		if err := os.Mkdir(stage, 0o755); err != nil {
			return nil, err
		}
		crashPoint("staging")
		if st, err = unpack(cached, stage, art); err != nil {
			return nil, fmt.Errorf("unpack %s: %w (nothing was installed)", art.Filename, err)
		}
		rep.Unpack = time.Since(t)
	}
	rep.Files, rep.Bytes = st.Files, st.Bytes
	if got := ReadVERSION(os.ReadFile, stage); got != rep.Version {
		return nil, fmt.Errorf("%s holds %q, not %s: refused, nothing was installed", art.Filename, got, rep.Version)
	}
	if fi, err := os.Stat(filepath.Join(stage, "bin", "go")); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s has no bin/go: refused, nothing was installed", art.Filename)
	}
	meta, _ := json.Marshal(art)
	if err := fsutil.WriteFile(l.meta(name), meta, 0o644); err != nil {
		return nil, err
	}
	if err := l.chown(l.meta(name)); err != nil {
		return nil, err
	}
	if err := makeReadOnly(stage); err != nil {
		return nil, fmt.Errorf("make %s read-only: %w", stage, err)
	}
	crashPoint("unpacked")
	// Same parent directory: renaming a read-only directory needs no write
	// permission on it (only a move elsewhere rewrites its "..").
	if err := os.Rename(stage, dir); err != nil {
		return nil, err
	}
	return rep, nil
}

// complete reports whether dir is a finished install (renamed into place,
// so complete by construction) or an adopted link.
func complete(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, "bin", "go"))
	return err == nil
}

// fetchVerified returns the path of a verified archive in the download
// cache, downloading it unless a cached copy verifies.
func fetchVerified(ctx context.Context, l Layout, art Artifact, o FetchOptions, rep *InstallReport) (string, error) {
	cached := filepath.Join(l.Cache, art.Filename)
	if _, err := os.Stat(cached); err == nil {
		t := time.Now()
		if err := verify(cached, "", art, l, o, rep); err == nil {
			rep.Cached, rep.Verify = true, time.Since(t)
			return cached, nil
		}
		os.Remove(cached) // damaged or replaced: fetch again
	}
	// Partial downloads of this file left by killed installs: we hold the
	// version lock, so no live process is writing them.
	stale, _ := filepath.Glob(cached + ".part-*")
	for _, p := range stale {
		os.Remove(p)
	}
	part := fmt.Sprintf("%s.part-%d", cached, os.Getpid())
	defer os.Remove(part)
	t := time.Now()
	d, err := Download(ctx, art.URL, part, art.Size, o)
	if err != nil {
		return "", err
	}
	rep.Download = time.Since(t)
	t = time.Now()
	if err := verify(part, d.SHA256, art, l, o, rep); err != nil {
		return "", err
	}
	rep.Verify = time.Since(t)
	if err := os.Rename(part, cached); err != nil {
		return "", err
	}
	return cached, nil
}

// verify checks an archive: the index's sha256 for an official archive
// (sum is the hash computed while downloading, "" to hash now), the checksum
// database for a module zip.
func verify(path, sum string, art Artifact, l Layout, o FetchOptions, rep *InstallReport) error {
	switch art.Kind {
	case ArtifactTarGz:
		if sum == "" {
			var err error
			if sum, err = FileSHA256(path); err != nil {
				return err
			}
		}
		if !strings.EqualFold(sum, art.SHA256) {
			return fmt.Errorf("%s: sha256 %s does not match %s from the index: refused, nothing was installed", art.Filename, sum, art.SHA256)
		}
		return nil
	case ArtifactProxyZip:
		if art.GOSUMDB == "off" {
			rep.Warnings = append(rep.Warnings, "GOSUMDB=off: "+art.Module+" was NOT verified against a checksum database")
			return nil
		}
		proxy, _, _ := strings.Cut(art.URL, "/"+toolchainModule+"/@v/")
		return VerifyModuleZip(path, art.Module, art.GOSUMDB, proxy, filepath.Join(filepath.Dir(l.Cache), "sumdb"), o)
	}
	return fmt.Errorf("unknown artifact kind %q", art.Kind)
}

func unpack(path, stage string, art Artifact) (archive.Stats, error) {
	if art.Kind == ArtifactProxyZip {
		st, err := archive.ExtractZip(path, stage, archive.Options{Prefix: art.Module + "/"})
		if err != nil {
			return st, err
		}
		return st, fixModuleZip(stage)
	}
	f, err := os.Open(path)
	if err != nil {
		return archive.Stats{}, err
	}
	defer f.Close()
	return archive.ExtractTarGz(f, stage, archive.Options{Prefix: "go/"})
}

// fixModuleZip undoes what module zips cannot hold, as cmd/go does after
// its own toolchain download: execute bits (bin/, pkg/tool/, the
// go_*_exec helpers in lib/) and the go.mod files stored as _go.mod.
func fixModuleZip(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.Name() == "_go.mod" {
			return os.Rename(p, filepath.Join(filepath.Dir(p), "go.mod"))
		}
		matched, _ := filepath.Match("go_?*_?*_exec", d.Name())
		if strings.HasPrefix(rel, "bin/") || strings.HasPrefix(rel, "pkg/tool/") || (strings.HasPrefix(rel, "lib/") && matched) {
			return os.Chmod(p, 0o755)
		}
		return nil
	})
}

// CleanStale removes what killed installs and removals left behind:
// staging and trash directories whose version lock nobody holds.
func CleanStale(l Layout) {
	ents, _ := os.ReadDir(l.Toolchains())
	for _, e := range ents {
		n := e.Name()
		var name string
		switch {
		case strings.HasPrefix(n, ".staging-"):
			name = strings.TrimPrefix(n, ".staging-")
		case strings.HasPrefix(n, ".trash-"):
			removeAll(filepath.Join(l.Toolchains(), n))
			continue
		default:
			continue
		}
		lk := flock.New(l.LockPath(name))
		if ok, err := lk.TryLock(); err == nil && ok {
			l.chown(l.LockPath(name)) // TryLock creates a missing one
			removeAll(filepath.Join(l.Toolchains(), n))
			lk.Unlock()
		} else if errors.Is(err, fs.ErrNotExist) {
			removeAll(filepath.Join(l.Toolchains(), n))
		}
	}
}

// crashPoint lets the kill -9 test stop an install at a named phase; it
// does nothing unless a test set testCrashHook.
func crashPoint(phase string) {
	if testCrashHook != nil {
		testCrashHook(phase)
	}
}

var testCrashHook func(phase string)
