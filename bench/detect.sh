#!/usr/bin/env bash
# Times `devboot detect --json --no-engine` against `systemd-detect-virt`
# (what a user runs to ask "am I in a container?") in one run, and prints
# devboot's time as a ratio of systemd-detect-virt's (< 1: devboot faster).
# Usage: bench/detect.sh [RUNS]   (default 300; needs hyperfine, else a loop)
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
runs=${1:-300}
bin=$(mktemp -d)/devboot
trap 'rm -rf "$(dirname "$bin")"' EXIT
build_devboot "$bin"
sdv=$(command -v systemd-detect-virt) || { echo "systemd-detect-virt not installed" >&2; exit 1; }
echo "devboot says: $("$bin" detect --json --no-engine | sed -n 's/^  "platform": "\(.*\)",$/\1/p'); systemd-detect-virt says: $("$sdv" || true)"

if command -v hyperfine >/dev/null; then
	json=$(mktemp)
	# -N: no shell in between; -i: systemd-detect-virt exits 1 on bare metal.
	hyperfine -N -i --warmup 20 --runs "$runs" --export-json "$json" \
		"$bin detect --json --no-engine" "$sdv" >&2
	# Medians resist the noise of a shared machine better than means.
	read -r dev ref < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["median"], r[1]["median"])' "$json")
	rm -f "$json"
else
	time_ms() { local s e; s=$(date +%s%N); for ((i = 0; i < runs; i++)); do "$@" >/dev/null || true; done; e=$(date +%s%N); echo "scale=6; ($e-$s)/1000000/$runs/1000" | bc; }
	dev=$(time_ms "$bin" detect --json --no-engine)
	ref=$(time_ms "$sdv")
fi
awk -v d="$dev" -v r="$ref" 'BEGIN { printf "median: devboot detect --json --no-engine %.2f ms, systemd-detect-virt %.2f ms, ratio devboot/systemd-detect-virt %.2f\n", d*1000, r*1000, d/r }'
