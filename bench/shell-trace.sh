#!/usr/bin/env bash
# Times `devboot shell status --trace` (every installed shell in every mode,
# traced, plus systemd's generator and a GUI-session sh run, concurrently)
# against what a user does instead: starting the same shells traced by hand,
# one after the other (bash/zsh/dash -x, fish with fish_trace), in one
# hyperfine run, on a home with Debian's skeleton files and devboot's blocks.
# Prints devboot's median as a ratio of the manual loop's (< 1: faster).
# Usage: bench/shell-trace.sh [RUNS]   (default 20; needs hyperfine)
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
runs=${1:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/devboot
build_devboot "$bin"
home=$work/home
mkdir -p "$home"
cp /etc/skel/.profile /etc/skel/.bashrc "$home"/
HOME=$home "$bin" shell install >/dev/null

manual=$work/manual.sh
cat >"$manual" <<'SH'
for m in "-l" "-l -i" "-i" ""; do
	bash -x $m -c exit; zsh -x $m -c exit; dash -x $m -c exit
	fish_trace=1 fish $m -c exit
done
SSH_CLIENT="192.0.2.1 1 22" bash -x -c exit
SYSTEMD_LOG_LEVEL=debug /usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator
SH
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
json=$(mktemp)
hyperfine -N --warmup 2 --runs "$runs" --export-json "$json" \
	"env HOME=$home TERM=dumb $bin shell status --trace" \
	"env HOME=$home TERM=dumb sh -c '. $manual </dev/null >/dev/null 2>&1'" >&2
read -r dev ref < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["median"], r[1]["median"])' "$json")
rm -f "$json"
awk -v d="$dev" -v r="$ref" 'BEGIN { printf "median: devboot shell status --trace %.0f ms, traced shells by hand %.0f ms, ratio devboot/manual %.2f\n", d*1000, r*1000, d/r }'
