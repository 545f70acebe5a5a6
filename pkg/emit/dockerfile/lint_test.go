package dockerfile

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerui"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

// stubResolver answers image metadata requests with an image of exactly the
// platform asked for, so linting never contacts a registry.
type stubResolver struct{}

func (stubResolver) ResolveImageConfig(_ context.Context, ref string, opt sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	p := ocispecs.Platform{OS: "linux", Architecture: "amd64"}
	if opt.ImageOpt != nil && opt.ImageOpt.Platform != nil {
		p = *opt.ImageOpt.Platform
	}
	img := ocispecs.Image{Platform: p, RootFS: ocispecs.RootFS{Type: "layers"}}
	img.Config.Env = []string{"PATH=/usr/local/go/bin:/usr/bin:/bin"}
	dt, err := json.Marshal(img)
	return ref, digest.FromBytes(dt), dt, err
}

// lint runs every BuildKit lint rule, experimental ones included, for one
// target platform.
func lint(t *testing.T, df []byte, target ocispecs.Platform) []string {
	t.Helper()
	// The check directive turns on the experimental rules; it goes first so
	// the syntax line stays a directive too.
	dt := append([]byte("# check=experimental=all\n"), df...)
	var err error
	src := llb.Scratch()
	sm := llb.NewSourceMap(&src, "Dockerfile", "Dockerfile", dt)
	if sm.Definition, err = src.Marshal(context.Background()); err != nil {
		t.Fatal(err)
	}
	res, err := dockerfile2llb.DockerfileLint(context.Background(), dt, dockerfile2llb.ConvertOpt{
		Config: dockerui.Config{
			TargetPlatforms: []ocispecs.Platform{target},
			BuildPlatforms:  []ocispecs.Platform{{OS: "linux", Architecture: "amd64"}},
		},
		SourceMap:    sm,
		MetaResolver: stubResolver{},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Error != nil {
		t.Fatalf("BuildKit cannot convert the Dockerfile: %s", res.Error.Message)
	}
	var out []string
	for _, w := range res.Warnings {
		out = append(out, w.RuleName+": "+w.Detail)
	}
	return out
}

func TestEmittedDockerfilesParseAndLintClean(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			df := renderCase(t, c)
			checkInstructions(t, df, c)
			for _, arch := range []string{"amd64", "arm64"} {
				if w := lint(t, df, ocispecs.Platform{OS: "linux", Architecture: arch}); len(w) > 0 {
					t.Errorf("linux/%s lint warnings:\n%s", arch, strings.Join(w, "\n"))
				}
			}
		})
	}
}

// checkInstructions parses the Dockerfile as BuildKit does and checks the
// structure the emitter promises.
func checkInstructions(t *testing.T, df []byte, c goldenCase) {
	t.Helper()
	ast, err := parser.Parse(bytes.NewReader(df))
	if err != nil {
		t.Fatal(err)
	}
	if len(ast.Warnings) > 0 {
		t.Fatalf("parser warnings: %v", ast.Warnings)
	}
	stages, _, err := instructions.Parse(ast.AST, nil)
	if err != nil {
		t.Fatal(err)
	}
	build := stages[0]
	if build.Name != "build" || build.Platform != "$BUILDPLATFORM" || !strings.HasPrefix(build.BaseName, "golang:${GO_VERSION}") {
		t.Fatalf("first stage = %s FROM %s (platform %q)", build.Name, build.BaseName, build.Platform)
	}
	var mounts []string
	var runs []*instructions.RunCommand
	for _, cmd := range build.Commands {
		if run, ok := cmd.(*instructions.RunCommand); ok {
			// Mount flags are only parsed by Expand.
			if err := run.Expand(func(w string) (string, error) { return w, nil }); err != nil {
				t.Fatal(err)
			}
			for _, m := range instructions.GetMounts(run) {
				mounts = append(mounts, string(m.Type)+":"+m.Source+">"+m.Target)
			}
			runs = append(runs, run)
		}
	}
	joined := strings.Join(mounts, " ")
	for _, want := range []string{"cache:>/go/pkg/mod", "cache:>/root/.cache/go-build", "bind:go.mod>go.mod", "bind:>."} {
		if !strings.Contains(joined, want) {
			t.Errorf("mounts %s lack %s", joined, want)
		}
	}
	if strings.Contains(joined, "go.sum") != (c.module == "multi") {
		t.Errorf("go.sum bind mount present = %v for module %s (go.sum exists only in multi)", !strings.Contains(joined, "go.sum"), c.module)
	}
	last := strings.Join(runs[len(runs)-1].CmdLine, " ")
	if c.opt.CGO {
		last = strings.Join(runs[len(runs)-2].CmdLine, " ")
	}
	for _, want := range []string{"-trimpath", "-buildvcs=false", `-ldflags="-s -w -buildid="`, `GOARCH="$TARGETARCH"`, "GOARM=", "GOAMD64="} {
		if !strings.Contains(last, want) {
			t.Errorf("build command lacks %s: %s", want, last)
		}
	}
	if strings.Contains(last, "CGO_ENABLED=1") != c.opt.CGO {
		t.Errorf("CGO_ENABLED wrong for cgo=%v: %s", c.opt.CGO, last)
	}
	for _, st := range stages[1:] {
		var user, entry string
		for _, cmd := range st.Commands {
			switch x := cmd.(type) {
			case *instructions.UserCommand:
				user = x.User
			case *instructions.EntrypointCommand:
				if !x.PrependShell {
					entry = strings.Join(x.CmdLine, " ")
				}
			}
		}
		if user != "65532:65532" || !strings.HasPrefix(entry, "/usr/local/bin/") {
			t.Errorf("stage %s: USER %q, exec-form ENTRYPOINT %q", st.Name, user, entry)
		}
	}
}

// The linter setup must report problems, or the clean result above proves nothing.
func TestLintCatchesProblems(t *testing.T) {
	bad := []byte("FROM --platform=linux/amd64 golang:1.22 AS Build\nentrypoint /app\n")
	w := strings.Join(lint(t, bad, ocispecs.Platform{OS: "linux", Architecture: "arm64"}), "\n")
	for _, rule := range []string{"StageNameCasing", "FromPlatformFlagConstDisallowed", "JSONArgsRecommended", "ConsistentInstructionCasing"} {
		if !strings.Contains(w, rule) {
			t.Errorf("no %s warning in:\n%s", rule, w)
		}
	}
}
