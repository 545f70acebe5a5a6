#!/usr/bin/env bash
# Times `devboot toolchain build GOROOT --arch arm64 --no-register` (copy the
# source, make.bash for linux/arm64, re-layout, ELF check, pack an official
# archive) against Go's own src/bootstrap.bash (copy, make.bash, re-layout,
# tar | bzip2), the tool a user would run instead, once each in one
# hyperfine run. Slow: each run is a full make.bash (tens of minutes on a
# loaded 2-core machine). Prints devboot's time as a ratio of bootstrap.bash's.
# Usage: bench/toolchain-build.sh [GOROOT]   (default /usr/local/go; needs hyperfine)
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
goroot=${1:-/usr/local/go}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/devboot
build_devboot "$bin"
json=$(mktemp)
hyperfine -N --runs 1 --export-json "$json" \
	--prepare "rm -rf $work/out $work/home" \
	"env HOME=$work/home $bin toolchain build $goroot --arch arm64 --no-register --bootstrap $goroot --out $work/out" \
	--prepare "bash -c 'rm -rf $work/src $work/go-linux-arm64-bootstrap*; cp -a $goroot $work/src; rm -rf $work/src/bin $work/src/pkg'" \
	"bash -c 'cd $work/src/src && GOROOT_BOOTSTRAP=$goroot GOOS=linux GOARCH=arm64 ./bootstrap.bash'" >&2
read -r dev ref < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["median"], r[1]["median"])' "$json")
rm -f "$json"
awk -v d="$dev" -v r="$ref" 'BEGIN { printf "devboot toolchain build %.0f s, bootstrap.bash %.0f s, ratio devboot/bootstrap.bash %.2f\n", d, r, d/r }'
