// Package srcbuild builds Go toolchains from source with src/make.bash, for
// this machine or cross-built for another platform (as Go's own
// src/bootstrap.bash does), and registers them through pkg/toolchain.
//
// Where things go (decided here, documented in docs and the CLI help):
//
//   - The source is copied into a private staging directory under
//     h.CacheDir()/srcbuild/ and built there; the staging directory is
//     always removed, so a failed build leaves only its log.
//   - The result is packed as an official-layout archive
//     (go/ prefix, goX.Y.Z.os-arch.tar.gz) into an output directory
//     (--out; default h.CacheDir()/builds), whose index.json lists it in
//     the go.dev/dl layout: the directory IS a file:// download mirror that
//     `devboot toolchain install --dl-url file://DIR/` reads, here or on the
//     target machine.
//   - Registration is pkg/toolchain's own install from that mirror
//     (toolchain.PlanInstall), so a source build lands where a download
//     would — toolchains/goX.Y.Z, or toolchains/goX.Y.Z.os-arch for another
//     platform — through the same staging + rename, lock, journal and undo.
//     A source build of a release IS that release, so it takes the same
//     name; a version already registered is refused (remove it first).
//
// Reading order: bootstrap.go (which toolchain may build which release),
// source.go (where the source tree comes from), build.go (make.bash),
// pack.go (archive + index.json), elfcheck.go, steps.go (plan steps).
package srcbuild
