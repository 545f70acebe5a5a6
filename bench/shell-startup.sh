#!/usr/bin/env bash
# Why devboot's shell block is static: times an interactive bash start
# (`bash -ic exit`) with the block `devboot shell install` writes, against
# the same start with `eval "$(devboot env)"` in ~/.bashrc (the eval-init
# style of goenv, pyenv, direnv a user would set up instead), in one run,
# and prints the ratio. Also times `devboot env` against `go env GOPATH
# GOBIN GOROOT`, the command a user runs to work the values out by hand.
# Usage: bench/shell-startup.sh [RUNS]   (default 200; needs hyperfine)
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
runs=${1:-200}
command -v hyperfine >/dev/null || { echo "hyperfine is not installed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build_devboot "$tmp/bin/devboot"
gocmd=$(command -v go || echo /usr/local/go/bin/go)
static="$tmp/static" eval_home="$tmp/eval"
mkdir -p "$static" "$eval_home"
HOME="$static" "$tmp/bin/devboot" shell install >/dev/null
# shellcheck disable=SC2016 # the $(...) is for bash to expand at start-up
printf 'eval "$(%q env --shell bash)"\n' "$tmp/bin/devboot" >"$eval_home/.bashrc"
json=$(mktemp)
hyperfine -N --warmup 10 --runs "$runs" --export-json "$json" \
	"env -i HOME=$static TERM=dumb PATH=/usr/bin:/bin bash -ic exit" \
	"env -i HOME=$eval_home TERM=dumb PATH=/usr/bin:/bin bash -ic exit" \
	"env -i HOME=$static PATH=/usr/bin:/bin $tmp/bin/devboot env --shell bash" \
	"env -i HOME=$static PATH=/usr/bin:/bin $gocmd env GOPATH GOBIN GOROOT" >&2 2>/dev/null
python3 - "$json" <<'PY'
import json, sys
r = [x["median"] * 1000 for x in json.load(open(sys.argv[1]))["results"]]
print(f"median: bash -ic with the static block {r[0]:.2f} ms, with eval \"$(devboot env)\" {r[1]:.2f} ms, ratio static/eval {r[0]/r[1]:.2f}")
print(f"median: devboot env {r[2]:.2f} ms, go env GOPATH GOBIN GOROOT {r[3]:.2f} ms, ratio devboot/go-env {r[2]/r[3]:.2f}")
PY
rm -f "$json"
