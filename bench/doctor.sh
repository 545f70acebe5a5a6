#!/usr/bin/env bash
# Times `devboot doctor` (every check, no network) against `go env` (what a
# user runs to look at their Go setup), and `devboot doctor --bin ls`
# against `ldd /bin/ls` (what a user runs to find a missing library), in one
# run, and prints devboot's medians as ratios (< 1: devboot faster).
# Usage: bench/doctor.sh [RUNS]   (default 30; needs hyperfine)
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
runs=${1:-30}
bin=$(mktemp -d)/devboot
trap 'rm -rf "$(dirname "$bin")"' EXIT
build_devboot "$bin"
command -v hyperfine >/dev/null || { echo "hyperfine not installed" >&2; exit 1; }
goTool=$(command -v go) || { echo "no go on PATH" >&2; exit 1; }
json=$(mktemp)
# -N: no shell in between; -i: doctor exits 3 when it finds problems.
hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$json" \
	"$bin doctor" "$goTool env" "$bin doctor --bin ls" "ldd /bin/ls" >&2
python3 - "$json" <<'PY'
import json, sys
r = {x["command"].split("/")[-1]: x for x in json.load(open(sys.argv[1]))["results"]}
m = [x["median"] for x in json.load(open(sys.argv[1]))["results"]]
u = [x["user"] + x["system"] for x in json.load(open(sys.argv[1]))["results"]]
print(f"median: devboot doctor {m[0]*1000:.1f} ms (cpu {u[0]*1000:.1f} ms), go env {m[1]*1000:.1f} ms, ratio {m[0]/m[1]:.2f}")
print(f"median: devboot doctor --bin ls {m[2]*1000:.1f} ms, ldd /bin/ls {m[3]*1000:.1f} ms, ratio {m[2]/m[3]:.2f}")
PY
rm -f "$json"
