package srcbuild

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/toolchain"
)

// Step kinds, as recorded in the journal.
const (
	KindBuild    = "toolchain.build"
	KindRegister = "toolchain.register-build"
)

func init() {
	plan.Register(KindBuild, func() plan.Step { return &BuildStep{} })
	plan.Register(KindRegister, func() plan.Step { return &RegisterStep{} })
}

// BuildStep builds a toolchain from source and writes its archive into the
// mirror directory Out (listed in Out/index.json). Undo removes the archive
// and its index entry. A failed build writes nothing but its log.
type BuildStep struct {
	Version   string
	Platform  toolchain.Platform
	Source    Source
	DLURL     string `json:",omitempty"` // where to download the source when Source.GOROOT is ""
	Bootstrap Candidate
	Out       string
	Archive   string // Out/goX.Y.Z.os-arch.tar.gz
	Log       string
	SHA256    string `json:",omitempty"` // filled by Apply

	progress io.Writer
}

func (s *BuildStep) Kind() string  { return KindBuild }
func (s *BuildStep) Scope() string { return toolchain.Name(s.Version, s.Platform) }
func (s *BuildStep) Describe() string {
	from := s.Source.GOROOT
	if from == "" {
		from = "the official source archive at " + s.DLURL
	}
	return fmt.Sprintf("build %s for %s from %s with bootstrap %s (%s) into %s (log %s)",
		s.Version, s.Platform, from, s.Bootstrap.Version, s.Bootstrap.GOROOT, s.Archive, s.Log)
}

// Prepare: an archive already built and listed in the mirror is not built again.
func (s *BuildStep) Prepare(context.Context, *host.Host) (bool, error) {
	return !listed(s.Out, filepath.Base(s.Archive)), nil
}

func listed(dir, filename string) bool {
	if _, err := os.Stat(filepath.Join(dir, filename)); err != nil {
		return false
	}
	rs, _ := ReadIndex(dir)
	for _, r := range rs {
		if slices.ContainsFunc(r.Files, func(f toolchain.ReleaseFile) bool { return f.Filename == filename }) {
			return true
		}
	}
	return false
}

func (s *BuildStep) Apply(ctx context.Context, h *host.Host) error {
	if err := os.MkdirAll(filepath.Dir(s.Log), 0o755); err != nil {
		return err
	}
	work, err := os.MkdirTemp(filepath.Dir(s.Log), ".work-"+toolchain.Name(s.Version, s.Platform)+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work) // the staging copy never outlives the build
	log, err := os.Create(s.Log)
	if err != nil {
		return err
	}
	defer log.Close()
	src := s.Source
	if src.GOROOT == "" {
		tsrc, err := toolchain.NewSource(h, toolchain.SourceOptions{DLURL: s.DLURL})
		if err != nil {
			return err
		}
		if src, err = Download(ctx, tsrc, s.Version, filepath.Join(work, "download"), toolchain.FetchOptions{}); err != nil {
			return err
		}
	}
	root, err := Build(ctx, BuildOptions{Source: src, Bootstrap: s.Bootstrap, Platform: s.Platform,
		Work: filepath.Join(work, "build"), Log: log, Progress: s.progress})
	if err != nil {
		return fmt.Errorf("%w\n(full log: %s; nothing was registered)", err, s.Log)
	}
	progress(s.progress, "packing %s", s.Archive)
	f, err := Pack(root, s.Out, s.Version, s.Platform)
	if err != nil {
		return err
	}
	s.SHA256 = f.SHA256
	if err := AddToIndex(s.Out, f); err != nil {
		return err
	}
	for _, p := range []string{s.Out, s.Archive, IndexFile(s.Out)} {
		if err := h.Chown(p); err != nil {
			return err
		}
	}
	return nil
}

func (s *BuildStep) Undo(context.Context, *host.Host) error {
	if err := os.Remove(s.Archive); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if _, err := os.Stat(IndexFile(s.Out)); err != nil {
		return nil
	}
	return RemoveFromIndex(s.Out, filepath.Base(s.Archive))
}

// RegisterStep installs a built archive from its mirror directory with
// pkg/toolchain's own install steps (staging + rename, per-version lock,
// bin/goX.Y.Z link for this machine's platform). Undo reverses those steps.
type RegisterStep struct {
	Version  string
	Platform toolchain.Platform
	Mirror   string // the BuildStep's Out
	// Filled by Apply: the toolchain steps it ran, for undo.
	Install *toolchain.InstallStep `json:",omitempty"`
	Link    *toolchain.LinkStep    `json:",omitempty"`
}

func (s *RegisterStep) Kind() string  { return KindRegister }
func (s *RegisterStep) Scope() string { return toolchain.Name(s.Version, s.Platform) }
func (s *RegisterStep) Describe() string {
	return fmt.Sprintf("register the built %s (%s) from file://%s/ as %s", s.Version, s.Platform, s.Mirror, toolchain.Name(s.Version, s.Platform))
}

func (s *RegisterStep) Prepare(_ context.Context, h *host.Host) (bool, error) {
	_, found := toolchain.Find(h, s.Version, s.Platform)
	return !found, nil
}

func (s *RegisterStep) Apply(ctx context.Context, h *host.Host) error {
	src, err := toolchain.NewSource(h, toolchain.SourceOptions{DLURL: "file://" + s.Mirror + "/"})
	if err != nil {
		return err
	}
	steps, err := toolchain.PlanInstall(ctx, h, src, s.Version, s.Platform, toolchain.FetchOptions{})
	if err != nil {
		return err
	}
	for _, st := range steps {
		switch st := st.(type) {
		case *toolchain.InstallStep:
			s.Install = st
		case *toolchain.LinkStep:
			s.Link = st
		}
		needed, err := st.Prepare(ctx, h)
		if err != nil {
			return err
		}
		if needed {
			if err := st.Apply(ctx, h); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *RegisterStep) Undo(ctx context.Context, h *host.Host) error {
	if s.Link != nil {
		if err := s.Link.Undo(ctx, h); err != nil {
			return err
		}
	}
	if s.Install != nil {
		return s.Install.Undo(ctx, h)
	}
	return nil
}

// Request is what `devboot toolchain build` asks for.
type Request struct {
	Ref        string             // a version (1.26.8) or a path to a Go source tree
	Platform   toolchain.Platform // the target; HostPlatform() for this machine
	Out        string             // mirror directory for the archive; default CacheDir()/builds
	Bootstrap  string             // GOROOT_BOOTSTRAP override; default: the oldest new-enough toolchain
	NoRegister bool               // only produce the archive (e.g. for another machine)
	DLURL      string             // where to download the source when no local toolchain has it
	Progress   io.Writer
}

// Plan builds the steps of one source build: BuildStep, then (unless
// NoRegister) RegisterStep. It refuses, before anything runs, a version
// already registered from elsewhere and a missing bootstrap toolchain.
func Plan(h *host.Host, r Request) ([]plan.Step, error) {
	// One scan (FindAdoptable walks the disk) serves source and bootstrap.
	cands := Candidates(h)
	src, err := resolveSource(cands, r.Ref)
	if err != nil {
		return nil, err
	}
	min := MinBootstrapRule(src.Version)
	if src.GOROOT != "" {
		min = MinBootstrap(src.GOROOT, src.Version)
	}
	boot, err := chooseBootstrap(cands, r.Bootstrap, min)
	if err != nil {
		return nil, err
	}
	out := r.Out
	if out == "" {
		out = filepath.Join(h.CacheDir(), "builds")
	}
	if out, err = filepath.Abs(out); err != nil {
		return nil, err
	}
	dl := r.DLURL
	if dl == "" {
		dl = h.Getenv("DEVBOOT_GO_DL")
	}
	if dl == "" {
		dl = toolchain.DefaultDLURL
	}
	name := toolchain.Name(src.Version, r.Platform)
	archive := filepath.Join(out, ArchiveName(src.Version, r.Platform))
	if t, found := toolchain.Find(h, src.Version, r.Platform); found && !r.NoRegister && !listed(out, filepath.Base(archive)) {
		return nil, exitcode.BadInput(fmt.Errorf("%s is already registered (%s); remove it first (devboot toolchain remove %s), or pass --no-register to only build the archive",
			name, t.GOROOT, src.Version))
	}
	b := &BuildStep{Version: src.Version, Platform: r.Platform, Source: src, DLURL: dl, Bootstrap: boot, Out: out,
		Archive: archive, Log: filepath.Join(h.CacheDir(), "srcbuild", name+".log"), progress: r.Progress}
	steps := []plan.Step{b}
	if !r.NoRegister {
		steps = append(steps, &RegisterStep{Version: src.Version, Platform: r.Platform, Mirror: out})
	}
	return steps, nil
}

// resolveSource: a path is a source tree; a version's source comes from a
// local toolchain of that version, else (Source.GOROOT "") from its
// official archive, downloaded by the build step.
func resolveSource(cands []Candidate, ref string) (Source, error) {
	if IsPath(ref) {
		return FromCheckout(ref)
	}
	v, err := toolchain.Canonical(ref)
	if err != nil {
		return Source{}, exitcode.BadInput(err)
	}
	if !toolchain.IsRelease(v) {
		return Source{}, exitcode.BadInput(fmt.Errorf("%s is a language version, not a release: name one (like %s.0)", ref, ref))
	}
	if s, ok := Installed(cands, v); ok {
		return s, nil
	}
	return Source{Version: v, Origin: "download"}, nil
}

func chooseBootstrap(cands []Candidate, goroot, min string) (Candidate, error) {
	if goroot == "" {
		return PickBootstrap(cands, min)
	}
	abs, err := filepath.Abs(goroot)
	if err != nil {
		return Candidate{}, err
	}
	c := Candidate{Version: toolchain.ReadVERSION(os.ReadFile, abs), GOROOT: abs}
	if _, err := os.Stat(filepath.Join(abs, "bin", "go")); err != nil || c.Version == "" {
		return Candidate{}, exitcode.BadInput(fmt.Errorf("--bootstrap %s is not a Go toolchain (needs bin/go and a VERSION file)", goroot))
	}
	return PickBootstrap([]Candidate{c}, min)
}
