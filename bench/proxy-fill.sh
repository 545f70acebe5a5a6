#!/usr/bin/env bash
# Times `devboot proxy fill DIR` against what a user does by hand to get a
# GOPROXY-layout mirror: `go mod download all` into a fresh GOMODCACHE, then
# copy its cache/download tree (no checksum check, no undo). Both read the
# machine's module cache first (GOPROXY=file://$(go env GOMODCACHE)/cache/download,...),
# as devboot does, so neither measures the network. The module is a small
# one depending on golang.org/x/mod and golang.org/x/sys (in the cache once
# this repo has been built). Prints devboot's median as a ratio of the
# manual way's (< 1: devboot faster).
# Usage: bench/proxy-fill.sh [RUNS]   (default 10; needs hyperfine)
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
runs=${1:-10}
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
bin=$work/devboot
build_devboot "$bin"
mod=$work/mod
mkdir -p "$mod"
xmod=$(go list -m -f '{{.Version}}' golang.org/x/mod)
xsys=$(go list -m -f '{{.Version}}' golang.org/x/sys)
cat >"$mod/go.mod" <<GOMOD
module example.com/bench

go 1.22

require (
	golang.org/x/mod $xmod
	golang.org/x/sys $xsys
)
GOMOD
printf 'package main\n\nimport (\n\t_ "golang.org/x/mod/semver"\n\t_ "golang.org/x/sys/unix"\n)\n\nfunc main() {}\n' >"$mod/main.go"
(cd "$mod" && GOFLAGS=-mod=mod go mod tidy)
usercache=$(go env GOMODCACHE)
upstream=$(go env GOPROXY)
export GOPROXY="file://$usercache/cache/download,$upstream"

json=$(mktemp)
hyperfine -N --warmup 1 --runs "$runs" --export-json "$json" \
	--prepare "rm -rf $work/m1 $work/home" \
	"env DEVBOOT_HOME=$work/home HOME=$work/home $bin proxy fill $work/m1 --module $mod" \
	--prepare "bash -c 'chmod -R u+w $work/mc $work/m2 2>/dev/null; rm -rf $work/mc $work/m2'" \
	"bash -c 'cd $mod && GOMODCACHE=$work/mc GOFLAGS=-mod=mod go mod download all && mkdir -p $work/m2 && cp -r $work/mc/cache/download/. $work/m2/'" >&2
read -r dev ref < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["median"], r[1]["median"])' "$json")
rm -f "$json"
echo "mirror: $(find "$work/m1" -name '*.zip' | wc -l) module zips, $(find "$work/m1" -type f | wc -l) files"
awk -v d="$dev" -v r="$ref" 'BEGIN { printf "median: devboot proxy fill %.0f ms, go mod download all + cp %.0f ms, ratio devboot/manual %.2f\n", d*1000, r*1000, d/r }'
