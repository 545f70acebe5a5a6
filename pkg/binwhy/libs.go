package binwhy

import (
	"debug/elf"
	"fmt"
	"path"
	"strings"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/ldcache"
)

// Library is how one DT_NEEDED entry resolves.
type Library struct {
	Name     string   `json:"name"`
	Path     string   `json:"path,omitempty"` // empty: not found
	Via      string   `json:"via,omitempty"`  // RPATH, LD_LIBRARY_PATH, RUNPATH, ld.so.cache, default dirs, interpreter
	NeededBy string   `json:"needed_by"`
	Skipped  []string `json:"skipped,omitempty"` // candidates of the wrong ELF class or machine
}

// object is a loaded ELF in the resolution graph.
type object struct {
	path           string // as loaded (a host path)
	runpath, rpath []string
	needed         []string
	parent         *object
	hasRunpath     bool
}

// resolver finds libraries as the dynamic loader named by interp would.
type resolver struct {
	h       *host.Host
	class   elf.Class
	machine elf.Machine
	musl    bool
	cache   *ldcache.Cache
	libPath []string
}

func newResolver(h *host.Host, f *elf.File, interp string) *resolver {
	r := &resolver{h: h, class: f.Class, machine: f.Machine, musl: isMusl(interp)}
	for _, d := range strings.FieldsFunc(h.Getenv("LD_LIBRARY_PATH"), func(c rune) bool { return c == ':' || c == ';' }) {
		r.libPath = append(r.libPath, d)
	}
	if !r.musl {
		r.cache, _ = ldcache.Load(h) // no cache: ld.so goes on to the default dirs
	}
	return r
}

func loadObject(h *host.Host, p string, parent *object) (*object, error) {
	f, err := elf.Open(h.Path(p))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	o := &object{path: p, parent: parent}
	o.needed, _ = f.DynString(elf.DT_NEEDED)
	origin := path.Dir(p)
	if rp, _ := f.DynString(elf.DT_RUNPATH); len(rp) > 0 {
		o.hasRunpath = true
		o.runpath = expandDirs(rp, origin, f)
	}
	if rp, _ := f.DynString(elf.DT_RPATH); len(rp) > 0 {
		o.rpath = expandDirs(rp, origin, f)
	}
	return o, nil
}

// expandDirs splits RPATH/RUNPATH values and expands $ORIGIN, $LIB and
// $PLATFORM as ld.so does.
func expandDirs(values []string, origin string, f *elf.File) []string {
	lib := "lib"
	if t := multiarchTriplet(f.Class, f.Machine); t != "" {
		lib = "lib/" + t
	}
	platform := map[elf.Machine]string{elf.EM_X86_64: "x86_64", elf.EM_386: "i686", elf.EM_AARCH64: "aarch64"}[f.Machine]
	rep := strings.NewReplacer("${ORIGIN}", origin, "$ORIGIN", origin, "${LIB}", lib, "$LIB", lib, "${PLATFORM}", platform, "$PLATFORM", platform)
	var out []string
	for _, v := range values {
		for _, d := range strings.Split(v, ":") {
			if d != "" {
				out = append(out, rep.Replace(d))
			}
		}
	}
	return out
}

// suits reports whether p is an ELF shared object this program can load;
// ld.so silently skips ones of the wrong class or machine.
func (r *resolver) suits(p string) (ok, exists bool) {
	real, fi, err := statIn(r.h, p)
	if err != nil || !fi.Mode().IsRegular() {
		return false, false
	}
	f, err := elf.Open(r.h.Path(real))
	if err != nil {
		return false, true
	}
	defer f.Close()
	return f.Class == r.class && f.Machine == r.machine, true
}

type searchStep struct {
	via  string
	dirs []string
}

// searchOrder is the loader's order for libraries needed by o.
func (r *resolver) searchOrder(o *object) []searchStep {
	var steps []searchStep
	if r.musl {
		// musl treats RPATH and RUNPATH alike and searches them after
		// LD_LIBRARY_PATH, then its path file or built-in defaults.
		return append(steps,
			searchStep{"LD_LIBRARY_PATH", r.libPath},
			searchStep{"RUNPATH", append(append([]string{}, o.rpath...), o.runpath...)},
			searchStep{"default dirs", r.muslDirs()})
	}
	if !o.hasRunpath {
		// DT_RPATH of this object, then of each object that loaded it.
		var rp []string
		for p := o; p != nil; p = p.parent {
			if !p.hasRunpath {
				rp = append(rp, p.rpath...)
			}
		}
		steps = append(steps, searchStep{"RPATH", rp})
	}
	return append(steps,
		searchStep{"LD_LIBRARY_PATH", r.libPath},
		searchStep{"RUNPATH", o.runpath},
		searchStep{"ld.so.cache", nil},
		searchStep{"default dirs", r.glibcDirs()})
}

func (r *resolver) glibcDirs() []string {
	var dirs []string
	if t := multiarchTriplet(r.class, r.machine); t != "" {
		dirs = append(dirs, "/lib/"+t, "/usr/lib/"+t)
	}
	if r.class == elf.ELFCLASS64 {
		dirs = append(dirs, "/lib64", "/usr/lib64")
	}
	return append(dirs, "/lib", "/usr/lib")
}

func (r *resolver) muslDirs() []string {
	arch := map[elf.Machine]string{elf.EM_X86_64: "x86_64", elf.EM_AARCH64: "aarch64", elf.EM_386: "i386", elf.EM_ARM: "armhf"}[r.machine]
	if b, err := r.h.ReadFile("/etc/ld-musl-" + arch + ".path"); err == nil {
		return strings.FieldsFunc(string(b), func(c rune) bool { return c == ':' || c == '\n' })
	}
	return []string{"/lib", "/usr/local/lib", "/usr/lib"}
}

// find resolves one needed name for o.
func (r *resolver) find(o *object, name string) Library {
	lib := Library{Name: name, NeededBy: o.path}
	if strings.Contains(name, "/") {
		if ok, _ := r.suits(name); ok {
			lib.Path, lib.Via = name, "path in DT_NEEDED"
		}
		return lib
	}
	for _, step := range r.searchOrder(o) {
		candidates := make([]string, 0, len(step.dirs))
		for _, d := range step.dirs {
			candidates = append(candidates, path.Join(d, name))
		}
		if step.via == "ld.so.cache" {
			if r.cache == nil {
				continue
			}
			candidates = r.cache.Lookup(name, ldcache.WantFlags(r.class, r.machine))
		}
		for _, c := range candidates {
			ok, exists := r.suits(c)
			if ok {
				lib.Path, lib.Via = c, step.via
				return lib
			}
			if exists {
				lib.Skipped = append(lib.Skipped, c+" (wrong ELF class or machine)")
			}
		}
	}
	return lib
}

// resolveAll walks DT_NEEDED breadth-first from the program, as ld.so
// loads them; a name is loaded once, and the interpreter satisfies
// itself by name.
func resolveAll(h *host.Host, f *elf.File, file, interp string) ([]Library, error) {
	r := newResolver(h, f, interp)
	exe, err := loadObject(h, file, nil)
	if err != nil {
		return nil, err
	}
	loaded := map[string]bool{}
	if interp != "" {
		loaded[path.Base(interp)] = true
	}
	var libs []Library
	queue := []*object{exe}
	for len(queue) > 0 {
		o := queue[0]
		queue = queue[1:]
		for _, name := range o.needed {
			if loaded[name] {
				continue
			}
			loaded[name] = true
			lib := r.find(o, name)
			libs = append(libs, lib)
			if lib.Path == "" {
				continue
			}
			if dep, err := loadObject(h, lib.Path, o); err == nil {
				queue = append(queue, dep)
			}
		}
	}
	return libs, nil
}

// librariesLayer reports every needed library, failing on the missing.
func librariesLayer(libs []Library) Layer {
	l := Layer{ID: LayerLibraries, Verdict: OK}
	var missing []string
	for _, lib := range libs {
		if lib.Path == "" {
			missing = append(missing, lib.Name)
			l.Evidence = append(l.Evidence, fmt.Sprintf("%s => not found (needed by %s)", lib.Name, lib.NeededBy))
		} else {
			l.Evidence = append(l.Evidence, fmt.Sprintf("%s => %s (%s)", lib.Name, lib.Path, lib.Via))
		}
		for _, s := range lib.Skipped {
			l.Evidence = append(l.Evidence, "    skipped "+s)
		}
	}
	if len(missing) > 0 {
		l.Verdict = Fail
		l.Message = fmt.Sprintf("shared libraries not found: %s (error while loading shared libraries)", strings.Join(missing, ", "))
		l.Fix = fmt.Sprintf("install the package that provides %s (apt-file search %s), or add its directory to LD_LIBRARY_PATH, or relink with -Wl,-rpath,DIR", missing[0], missing[0])
		return l
	}
	l.Message = fmt.Sprintf("all %d shared libraries found", len(libs))
	if len(libs) == 0 {
		l.Message = "no shared libraries needed"
	}
	return l
}
