#!/usr/bin/env bash
# up-noop: how long a second `devboot up --yes` (nothing to do) takes,
# against `go env`, the command a user would run to see the same state.
# Both run in one hyperfine run in a fresh temporary home; prints the ratio
# (goal: at most 2x). Offline: up adopts the machine's /usr/local/go.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build_devboot "$work/devboot"
mkdir -p "$work/home" "$work/mod"
printf 'module example.com/bench\n\ngo 1.26.0\n' >"$work/mod/go.mod"
cd "$work/mod"
export HOME="$work/home" PATH="/usr/bin:/bin" DEVBOOT_GO_DL="http://127.0.0.1:9/dl/"
"$work/devboot" up --yes >/dev/null # the first up does the work
go="$work/home/.local/share/devboot/current/bin/go"
"$work/devboot" up --yes | grep -q "Nothing to do" || { echo "second up was not a no-op" >&2; exit 1; }
hyperfine -N --warmup 5 --runs "${RUNS:-40}" --export-json "$work/times.json" \
	-n "devboot up --yes (no-op)" "$work/devboot up --yes" \
	-n "go env" "$go env"
python3 - "$work/times.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
up, goenv = r["devboot up --yes (no-op)"], r["go env"]
print(f"up no-op: {up['mean']*1000:.1f} ms (median {up['median']*1000:.1f}), go env: {goenv['mean']*1000:.1f} ms (median {goenv['median']*1000:.1f})")
print(f"ratio (mean) up/go env = {up['mean']/goenv['mean']:.2f}  (median {up['median']/goenv['median']:.2f}; goal <= 2.00)")
PY
"$work/devboot" down --yes --purge >/dev/null
