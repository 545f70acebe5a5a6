#!/bin/sh
# Builds the devboot feature: cross-builds the static devboot binaries
# install.sh runs, for linux/amd64 and linux/arm64, next to the sources kept
# in this folder (the one place they are edited; devboot embeds them). The binaries
# are not committed (.gitignore); publish the directory with
# `devcontainer features publish` after running this.
#
# Usage: build.sh [DIR]   DIR gets the binaries too (default: this feature's
#                         directory; .devcontainer/devboot for devboot's own
#                         dev container).
set -eu

dir=$(cd "$(dirname "$0")" && pwd)
out=${1:-$dir}
repo=$(cd "$dir/../.." && pwd)
cd "$repo"
mkdir -p "$out"
for arch in amd64 arm64; do
    CGO_ENABLED=0 GOOS=linux GOARCH="$arch" \
        go build -trimpath -ldflags="-s -w" -o "$out/devboot-linux-$arch" ./cmd/devboot
done
echo "built devboot-linux-amd64 and devboot-linux-arm64 in $out"
