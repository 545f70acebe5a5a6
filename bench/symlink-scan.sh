#!/usr/bin/env bash
# Times `devboot symlinks rewrite --dry-run DIR` against
# `find DIR -type l -printf '%p %l\n'` (what a user runs to list a tree's
# links) on a 100,000-entry tree with 5% symlinks, in one hyperfine run, and
# prints devboot's median time as a ratio of find's (< 1: devboot faster).
# devboot does more than find: it classifies every target and plans the
# rewrite. On this non-WSL machine its dry run still scans and classifies
# (Windows-form targets are reported unresolvable; nothing is rewritten).
# Usage: bench/symlink-scan.sh [RUNS]   (default 30; needs hyperfine)
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
runs=${1:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/devboot
build_devboot "$bin"
tree=$work/tree
# 500 directories of 199 entries (+ the directories themselves): 100,000
# entries, every 20th a link. Targets mix the forms a WSL GOPATH holds:
# Windows paths, drive paths, relative paths.
python3 - "$tree" <<'PY'
import os, sys
root = sys.argv[1]
n = 0
for d in range(500):
    dirpath = os.path.join(root, f"g{d % 10}", f"d{d}")
    os.makedirs(dirpath, exist_ok=True)
    for f in range(199):
        p = os.path.join(dirpath, f"e{f}")
        n += 1
        if n % 20 == 0:
            kind = (n // 20) % 3
            target = [f"C:\\Users\\me\\go\\src\\x{f}", f"/mnt/c/Users/me/go/src/x{f}", f"../d{(d + 1) % 500}/e{f}"][kind]
            os.symlink(target, p)
        else:
            open(p, "w").close()
PY
entries=$(find "$tree" -mindepth 1 | wc -l)
links=$(find "$tree" -type l | wc -l)
echo "tree: $entries entries, $links symlinks; devboot says: $("$bin" symlinks rewrite --dry-run "$tree" | head -1)"

json=$(mktemp)
hyperfine -N --warmup 3 --runs "$runs" --export-json "$json" \
	"$bin symlinks rewrite --dry-run $tree" "find $tree -type l -printf '%p %l\n'" >&2
read -r dev ref < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["median"], r[1]["median"])' "$json")
rm -f "$json"
awk -v d="$dev" -v r="$ref" 'BEGIN { printf "median: devboot symlinks rewrite --dry-run %.1f ms, find -type l -printf %.1f ms, ratio devboot/find %.2f\n", d*1000, r*1000, d/r }'
