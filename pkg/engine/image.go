package engine

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/api/types/build"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/jsonstream"
	"github.com/moby/moby/client"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// ImportImage makes image ref from a root filesystem tar, as `docker import`
// does; changes are Dockerfile lines such as "ENV PATH=/usr/bin".
func (e *Images) ImportImage(ctx context.Context, rootfs io.Reader, ref string, changes []string) error {
	body, err := e.c.ImageImport(ctx, client.ImageImportSource{Source: rootfs, SourceName: "-"}, ref, client.ImageImportOptions{Changes: changes})
	if err != nil {
		return fmt.Errorf("import %s: %w", ref, err)
	}
	defer body.Close()
	if err := readStream(body, io.Discard); err != nil {
		return fmt.Errorf("import %s: %w", ref, err)
	}
	return nil
}

// ImageEnv returns the environment baked into image ref; ok is false when
// the engine has no such image.
func (e *Images) ImageEnv(ctx context.Context, ref string) (env []string, ok bool, err error) {
	img, err := e.c.ImageInspect(ctx, ref)
	if cerrdefs.IsNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if img.Config != nil {
		env = img.Config.Env
	}
	return env, true, nil
}

// RemoveImage deletes image ref (and its untagged parents).
func (e *Images) RemoveImage(ctx context.Context, ref string) error {
	_, err := e.c.ImageRemove(ctx, ref, client.ImageRemoveOptions{Force: true, PruneChildren: true})
	if cerrdefs.IsNotFound(err) {
		return nil
	}
	return err
}

// BuildOptions say what BuildImage builds.
type BuildOptions struct {
	Context    io.Reader // tar of the build context
	Dockerfile string    // path inside the context; "" is "Dockerfile"
	Tag        string
	Target     string
	Platform   *ocispec.Platform // nil: the engine's own
	BuildArgs  map[string]string
	// Classic selects the engine's legacy builder. The default is BuildKit,
	// which emitted Dockerfiles need (RUN --mount, $BUILDPLATFORM).
	Classic bool
	Log     io.Writer // build output; nil discards it
}

// BuildImage builds through the Engine API and reads the whole response:
// a failed build reports its error inside the stream, not as an HTTP error.
func (e *Images) BuildImage(ctx context.Context, o BuildOptions) error {
	args := map[string]*string{}
	for k, v := range o.BuildArgs {
		args[k] = &v
	}
	opts := client.ImageBuildOptions{
		Dockerfile: o.Dockerfile, Tags: []string{o.Tag}, Target: o.Target, BuildArgs: args,
		Remove: true, ForceRemove: true, Version: build.BuilderBuildKit,
	}
	if o.Classic {
		opts.Version = build.BuilderV1
	}
	if o.Platform != nil {
		opts.Platforms = []ocispec.Platform{*o.Platform}
	}
	res, err := e.c.ImageBuild(ctx, o.Context, opts)
	if err != nil {
		return fmt.Errorf("build %s: %w", o.Tag, err)
	}
	defer res.Body.Close()
	log := o.Log
	if log == nil {
		log = io.Discard
	}
	if err := readStream(res.Body, log); err != nil {
		return fmt.Errorf("build %s: %w", o.Tag, err)
	}
	return nil
}

// readStream copies a JSON message stream's text to log and returns the
// error the stream reports, if any. It reads to the end: the engine only
// finishes the operation when the client has consumed the stream.
func readStream(r io.Reader, log io.Writer) error {
	dec := json.NewDecoder(r)
	var streamErr error
	for {
		var m struct {
			jsonstream.Message
			ErrorText string `json:"error,omitempty"`
		}
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			return streamErr
		} else if err != nil {
			return fmt.Errorf("reading the engine's response: %w", err)
		}
		switch {
		case m.Error != nil && m.Error.Message != "":
			streamErr = errors.New(m.Error.Message)
		case m.ErrorText != "":
			streamErr = errors.New(m.ErrorText)
		case m.Stream != "":
			fmt.Fprint(log, m.Stream)
		case m.Aux != nil && m.ID == "moby.buildkit.trace":
			writeTrace(log, *m.Aux)
		case m.Status != "":
			fmt.Fprintln(log, m.Status)
		}
	}
}

// RunOptions say what container RunContainer runs.
type RunOptions struct {
	Image   string
	Cmd     []string // replaces the image's CMD; the ENTRYPOINT stays
	User    string
	Env     []string
	Binds   []string // host:container[:ro]
	Network string   // "" is the default bridge; "host", "none"...
}

// RunContainer runs a container to completion and returns its exit code and
// combined output; the container is removed afterwards.
func (e *Images) RunContainer(ctx context.Context, o RunOptions) (code int64, output string, err error) {
	created, err := e.c.ContainerCreate(ctx, client.ContainerCreateOptions{
		Config:     &container.Config{Image: o.Image, Cmd: o.Cmd, User: o.User, Env: o.Env},
		HostConfig: &container.HostConfig{Binds: o.Binds, NetworkMode: container.NetworkMode(o.Network)},
	})
	if err != nil {
		return -1, "", fmt.Errorf("create container from %s: %w", o.Image, err)
	}
	defer e.remove(created.ID)
	wait := e.c.ContainerWait(ctx, created.ID, client.ContainerWaitOptions{Condition: container.WaitConditionNextExit})
	if _, err := e.c.ContainerStart(ctx, created.ID, client.ContainerStartOptions{}); err != nil {
		return -1, "", fmt.Errorf("start container from %s: %w", o.Image, err)
	}
	select {
	case res := <-wait.Result:
		code = res.StatusCode
	case err := <-wait.Error:
		return -1, "", err
	}
	logs, err := e.c.ContainerLogs(ctx, created.ID, client.ContainerLogsOptions{ShowStdout: true, ShowStderr: true})
	if err != nil {
		return code, "", err
	}
	defer logs.Close()
	var out bytes.Buffer
	if _, err := stdcopy.StdCopy(&out, &out, logs); err != nil {
		return code, out.String(), err
	}
	return code, out.String(), nil
}

// CopyFile reads one regular file out of image without running it.
func (e *Images) CopyFile(ctx context.Context, image, path string) ([]byte, error) {
	created, err := e.c.ContainerCreate(ctx, client.ContainerCreateOptions{
		// Cmd is never run; it lets images without ENTRYPOINT or CMD be created.
		Config: &container.Config{Image: image, Cmd: []string{"/devboot-never-run"}},
	})
	if err != nil {
		return nil, fmt.Errorf("create container from %s: %w", image, err)
	}
	defer e.remove(created.ID)
	res, err := e.c.CopyFromContainer(ctx, created.ID, client.CopyFromContainerOptions{SourcePath: path})
	if err != nil {
		return nil, fmt.Errorf("copy %s from %s: %w", path, image, err)
	}
	defer res.Content.Close()
	tr := tar.NewReader(res.Content)
	for {
		hdr, err := tr.Next()
		if err != nil {
			return nil, fmt.Errorf("copy %s from %s: no regular file in the archive (%v)", path, image, err)
		}
		if hdr.Typeflag == tar.TypeReg && !strings.Contains(hdr.Name, "/") {
			return io.ReadAll(tr)
		}
	}
}

// remove deletes a container even when the caller's context is done.
func (e *Images) remove(id string) {
	_, _ = e.c.ContainerRemove(context.Background(), id, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true})
}
