package binwhy

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/roots"
)

func skipUnlessAMD64(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skipf("the fixtures assume an amd64 host, this is %s", runtime.GOARCH)
	}
}

func TestStaticGoBinaryRuns(t *testing.T) {
	dir := t.TempDir()
	buildGo(t, dir, "hello", goMain, "CGO_ENABLED=0")
	r := Diagnose(testHost(t, "/", "PATH="+dir), "hello", "")
	wantRuns(t, r)
	if r.Path != filepath.Join(dir, "hello") || !strings.Contains(r.Layer(LayerInterpreter).Message, "statically linked") {
		t.Fatalf("path %q, interpreter %q", r.Path, r.Layer(LayerInterpreter).Message)
	}
}

func TestCgoBinaryResolvesLibc(t *testing.T) {
	need(t, "gcc")
	dir := t.TempDir()
	bin := buildGo(t, dir, "cgo", cgoMain, "CGO_ENABLED=1")
	r := Diagnose(testHost(t, "/", "PATH="+dir), "cgo", "")
	wantRuns(t, r)
	if !slices.ContainsFunc(r.Libraries, func(l Library) bool { return l.Name == "libc.so.6" && l.Path != "" }) {
		t.Fatalf("libc.so.6 not resolved: %+v", r.Libraries)
	}
	compareWithLdd(t, bin, r)
}

func TestForeignArchIsRefused(t *testing.T) {
	skipUnlessAMD64(t)
	root := roots.Build(t, roots.Tree{"/proc/sys/kernel/arch": "x86_64\n", "/usr/bin/": ""})
	buildGo(t, filepath.Join(root, "usr/bin"), "armprog", goMain, "CGO_ENABLED=0", "GOARCH=arm64")
	r := Diagnose(testHost(t, root, "PATH=/usr/bin"), "armprog", "")
	wantBroken(t, r, LayerELF, "EM_AARCH64", "x86_64", "Exec format error")
	if !strings.Contains(r.Fix, "GOARCH=amd64") {
		t.Errorf("fix %q does not say to rebuild for amd64", r.Fix)
	}
	// With qemu-user registered, the kernel would run it after all.
	roots.Write(t, root, roots.Tree{"/proc/sys/fs/binfmt_misc/qemu-aarch64": "enabled\ninterpreter /usr/bin/qemu-aarch64\n"})
	if r := Diagnose(testHost(t, root, "PATH=/usr/bin"), "armprog", ""); r.Broken != "" || r.Layer(LayerELF).Verdict != Warn {
		t.Errorf("binfmt_misc emulation not taken into account:\n%s", r.Text())
	}
}

func TestMissingInterpreter(t *testing.T) {
	patchelf := need(t, "patchelf")
	dir := t.TempDir()
	bin := buildC(t, "gcc", filepath.Join(dir, "prog"), cHello)
	run(t, nil, patchelf, "--set-interpreter", "/lib64/ld-missing-x86-64.so.2", bin)
	r := Diagnose(testHost(t, "/", "PATH="+dir), "prog", "")
	wantBroken(t, r, LayerInterpreter, "/lib64/ld-missing-x86-64.so.2", "does not exist", "No such file or directory")
}

func TestMuslBinaryWithoutMuslLoader(t *testing.T) {
	skipUnlessAMD64(t)
	dir := t.TempDir()
	bin := buildC(t, "musl-gcc", filepath.Join(dir, "muslprog"), cHello)
	// A glibc machine without musl: only glibc's loader is present.
	root := roots.Build(t, roots.Tree{"/proc/sys/kernel/arch": "x86_64", "/lib64/ld-linux-x86-64.so.2": "", "/usr/bin/": ""})
	copyFile(t, bin, filepath.Join(root, "usr/bin/muslprog"), 0o755)
	r := Diagnose(testHost(t, root, "PATH=/usr/bin"), "muslprog", "")
	wantBroken(t, r, LayerInterpreter, "ld-musl-x86_64.so.1", "musl")
	if !strings.Contains(r.Fix, "musl") || !strings.Contains(r.Fix, "CGO_ENABLED=0") {
		t.Errorf("fix %q", r.Fix)
	}
}

func TestMissingLibrary(t *testing.T) {
	dir, libDir := t.TempDir(), t.TempDir()
	lib := buildC(t, "gcc", filepath.Join(libDir, "libdevbootstub.so"), cStub, "-shared", "-fPIC")
	buildC(t, "gcc", filepath.Join(dir, "needy"), cMain, "-L"+libDir, "-ldevbootstub")
	if err := os.Remove(lib); err != nil {
		t.Fatal(err)
	}
	r := Diagnose(testHost(t, "/", "PATH="+dir), "needy", "")
	wantBroken(t, r, LayerLibraries, "libdevbootstub.so", "not found")
	// LD_LIBRARY_PATH pointing at a directory that holds it fixes that.
	buildC(t, "gcc", lib, cStub, "-shared", "-fPIC")
	r = Diagnose(testHost(t, "/", "PATH="+dir, "LD_LIBRARY_PATH=/nonexistent:"+libDir), "needy", "")
	wantRuns(t, r)
	if got := libNamed(r, "libdevbootstub.so"); got.Path != lib || got.Via != "LD_LIBRARY_PATH" {
		t.Fatalf("resolved %+v", got)
	}
}

func libNamed(r *Report, name string) Library {
	for _, l := range r.Libraries {
		if l.Name == name {
			return l
		}
	}
	return Library{}
}

func TestRunpathAndOrigin(t *testing.T) {
	dir, libDir := t.TempDir(), t.TempDir()
	lib := buildC(t, "gcc", filepath.Join(libDir, "libdevbootstub.so"), cStub, "-shared", "-fPIC")
	// A same-named library of another machine comes first on RUNPATH: ld.so
	// skips it, and so must we.
	armDir := t.TempDir()
	if _, err := os.Stat("/usr/bin/aarch64-linux-gnu-gcc"); err == nil {
		buildC(t, "aarch64-linux-gnu-gcc", filepath.Join(armDir, "libdevbootstub.so"), cStub, "-shared", "-fPIC")
	}
	bin := buildC(t, "gcc", filepath.Join(dir, "runpathprog"), cMain, "-L"+libDir, "-ldevbootstub",
		"-Wl,-rpath,"+armDir+":"+libDir+",--enable-new-dtags")
	r := Diagnose(testHost(t, "/", "PATH="+dir), "runpathprog", "")
	wantRuns(t, r)
	got := libNamed(r, "libdevbootstub.so")
	if got.Path != lib || got.Via != "RUNPATH" {
		t.Fatalf("resolved %+v, want %s via RUNPATH", got, lib)
	}
	if _, err := os.Stat(filepath.Join(armDir, "libdevbootstub.so")); err == nil && len(got.Skipped) != 1 {
		t.Errorf("the aarch64 copy was not skipped: %+v", got)
	}
	compareWithLdd(t, bin, r)

	// $ORIGIN: the library next to the program, in lib/.
	originDir := t.TempDir()
	copyFile(t, lib, filepath.Join(originDir, "lib/libdevbootstub.so"), 0o755)
	buildC(t, "gcc", filepath.Join(originDir, "originprog"), cMain, "-L"+libDir, "-ldevbootstub", "-Wl,-rpath,$ORIGIN/lib,--disable-new-dtags")
	r = Diagnose(testHost(t, "/", "PATH="+originDir), "originprog", "")
	wantRuns(t, r)
	if got := libNamed(r, "libdevbootstub.so"); got.Path != filepath.Join(originDir, "lib/libdevbootstub.so") || got.Via != "RPATH" {
		t.Fatalf("$ORIGIN RPATH resolved %+v", got)
	}
}

func TestScripts(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "gone"), "#!/nonexistent/bin/python9 -u\nprint(1)\n", 0o755)
	writeFile(t, filepath.Join(dir, "crlf"), "#!/bin/sh\r\necho hi\r\n", 0o755)
	writeFile(t, filepath.Join(dir, "envmissing"), "#!/usr/bin/env devboot-no-such-interp\n", 0o755)
	writeFile(t, filepath.Join(dir, "good"), "#!/usr/bin/env -S sh -e\necho hi\n", 0o755)
	writeFile(t, filepath.Join(dir, "noexec"), "#!/bin/sh\necho hi\n", 0o644)
	h := testHost(t, "/", "PATH="+dir+":/usr/bin:/bin")
	wantBroken(t, Diagnose(h, "gone", ""), LayerShebang, "/nonexistent/bin/python9", "bad interpreter")
	wantBroken(t, Diagnose(h, "crlf", ""), LayerShebang, "Windows line endings", `\r`)
	wantBroken(t, Diagnose(h, "envmissing", ""), LayerShebang, "devboot-no-such-interp", "PATH")
	wantRuns(t, Diagnose(h, "good", ""))
	// A file without any exec bit is skipped by PATH search, then refused.
	wantBroken(t, Diagnose(h, "noexec", ""), LayerExec, "no exec permission")
	// ./name is looked up where the user stands, not at /.
	t.Chdir(dir)
	if r := Diagnose(h, "./crlf", ""); r.Path != filepath.Join(dir, "crlf") || r.Broken != LayerShebang {
		t.Fatalf("./crlf diagnosed as %q at %s", r.Path, r.Broken)
	}
}

func TestPathEntriesFlagged(t *testing.T) {
	root := roots.Build(t, roots.Tree{"/bin/tool": "#!/bin/sh\n", "/bin/sh": "#!/bin/sh\n", "/afile": "x", "/proc/sys/kernel/arch": "x86_64"})
	os.Chmod(filepath.Join(root, "bin/tool"), 0o755)
	os.Chmod(filepath.Join(root, "bin/sh"), 0o755)
	r := Diagnose(testHost(t, root, "PATH=relative/dir::/missing:/afile:/bin"), "tool", "")
	l := r.Layer(LayerPath)
	if l.Verdict != Warn || r.Path != "/bin/tool" {
		t.Fatalf("path layer %+v", l)
	}
	ev := strings.Join(l.Evidence, "\n")
	for _, want := range []string{"relative", "empty", "/missing does not exist", "/afile is not a directory"} {
		if !strings.Contains(ev, want) {
			t.Errorf("evidence lacks %q:\n%s", want, ev)
		}
	}
	if r := Diagnose(testHost(t, root), "tool", ""); r.Broken != LayerPath {
		t.Errorf("unset PATH not reported: %s", r.Text())
	}
}

func TestBuiltins(t *testing.T) {
	h := testHost(t, t.TempDir(), "PATH=/usr/bin")
	r := Diagnose(h, "source", "/bin/bash")
	wantBroken(t, r, LayerPath)
	if b := r.Layer(LayerBuiltin); b == nil || !strings.Contains(b.Message, "bash builtin") || r.Fix != b.Fix {
		t.Fatalf("builtin not explained:\n%s", r.Text())
	}
	r = Diagnose(h, "setopt", "/bin/bash")
	if b := r.Layer(LayerBuiltin); b == nil || !strings.Contains(b.Message, "zsh") {
		t.Fatalf("zsh builtin in bash not explained:\n%s", r.Text())
	}
	if r := Diagnose(h, "devboot-not-a-builtin", "/bin/bash"); r.Layer(LayerBuiltin) != nil || r.Layer(LayerAlias) != nil {
		t.Fatal("ordinary name called a builtin or alias")
	}
	writeFile(t, filepath.Join(h.User.Home, ".bashrc"), "# mine\nalias ll='ls -l'\nalias gofmt='gofmt -s'\n", 0o644)
	a := Diagnose(h, "gofmt", "/bin/bash").Layer(LayerAlias)
	if a == nil || !strings.Contains(a.Evidence[0], ".bashrc:3: alias gofmt='gofmt -s'") {
		t.Fatalf("alias not found: %+v", a)
	}
}
