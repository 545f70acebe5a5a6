# shellcheck shell=bash
# Sourced by the bench scripts. build_devboot OUT builds devboot the way
# features/devboot/build.sh ships it: static (no dynamic loader to run at
# every start) and stripped, so the timings are those of the released binary.
build_devboot() {
	(cd "$(dirname "${BASH_SOURCE[0]}")/.." && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$1" ./cmd/devboot)
}
