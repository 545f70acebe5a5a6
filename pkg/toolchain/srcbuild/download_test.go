package srcbuild

import (
	"runtime"
	"testing"

	"github.com/devboot/devboot/pkg/toolchain"
	"github.com/devboot/devboot/testenv/goserver"
)

// A release no local toolchain has is built from its official archive,
// downloaded (and sha256-checked) from the same kind of index
// `toolchain install` reads.
func TestBuildFromDownloadedSource(t *testing.T) {
	hostGo(t)
	srv := goserver.New(t, goserver.Options{})
	fake := goserver.FakeGo(t, runtime.GOARCH)
	srv.Add("go1.26.77", "linux", toolchain.HostPlatform().Arch, goserver.TarGz(t, "go/", []goserver.Entry{
		{Name: "VERSION", Body: "go1.26.77\n"},
		{Name: "src/make.bash", Mode: 0o755, Body: "#!/bin/bash\nset -e\nmkdir -p ../bin\ncp " + fake + " ../bin/go\ncp " + fake + " ../bin/gofmt\n"},
		{Name: "src/cmd/dist/buildtool.go", Body: "package main\n\nconst minBootstrap = \"go1.24.6\"\n"},
	}))
	h := testHost(t)
	steps, err := Plan(h, Request{Ref: "1.26.77", Platform: toolchain.HostPlatform(), DLURL: srv.DLURL, Out: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if b := steps[0].(*BuildStep); b.Source.GOROOT != "" || b.Source.Origin != "download" {
		t.Fatalf("source = %+v, want a download", b.Source)
	}
	if _, err := runSteps(h, steps); err != nil {
		t.Fatal(err)
	}
	if _, found := toolchain.Find(h, "go1.26.77", toolchain.HostPlatform()); !found {
		t.Error("the build from the downloaded source is not registered")
	}
	if n := srv.Hits(goserver.Filename("go1.26.77", "linux", toolchain.HostPlatform().Arch)); n != 1 {
		t.Errorf("source archive downloaded %d times, want 1", n)
	}
}
