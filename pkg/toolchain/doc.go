// Package toolchain fetches, verifies, installs side by side, switches and
// removes Go toolchains without sudo.
//
// Reading order for a newcomer:
//
//   - version.go, spec.go: release names (go1.22.4, go1.22rc1, go1.20) and
//     what a user may ask for (1.22.4, 1.22, latest) — ParseSpec, Spec.Pick.
//   - project.go, gowork.go, resolve.go: which version a project wants (the
//     workspace's go.work as GOWORK selects it, else go.mod; toolchain line,
//     then go line; .go-version; GOTOOLCHAIN), with warnings when cmd/go
//     would switch away — FindProjectEnv, Resolve.
//   - source.go, index.go, goproxy.go, sumdb.go: where toolchains come from
//     (the go.dev/dl index or a mirror; a GOPROXY serving golang.org/toolchain
//     verified by the checksum database) — NewSource.
//   - fetch.go, progress.go: downloads through go-getter (http, https, file
//     only), hashing while streaming, with a byte cap and a stall timeout.
//   - archive/: hardened extraction into a staging directory.
//   - install.go: download → verify → unpack → make read-only → rename into
//     place, under a per-version lock; CleanStale removes what killed runs
//     left. readonly.go: installed trees have no write bits (as cmd/go's
//     module cache), and every removal gives directories u+w back first.
//   - layout.go, installed.go, adopt.go: what is on disk (Installed, Active)
//     and what can be adopted (FindAdoptable).
//   - steps.go, plans.go: every change is a pkg/plan step (install, adopt,
//     use, link, remove), built by the Plan* functions that `devboot
//     toolchain` and `devboot up` share.
package toolchain
