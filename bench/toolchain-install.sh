#!/usr/bin/env bash
# Times `devboot toolchain install` from a local mirror against what a user
# would do by hand (curl the archive, sha256sum it, tar -xz it), in one run,
# and prints the ratio. The archive is built from this machine's own GOROOT
# so it is Go-sized (~17,000 files).
#
# usage: bench/toolchain-install.sh [runs]   (default 3; needs go, python3, curl)
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
runs=${1:-3}
goroot=$(go env GOROOT)
work=$(mktemp -d)
trap 'kill $srv 2>/dev/null || true; rm -rf "$work"' EXIT

ver=go1.99.1
arch=$(go env GOARCH)
file=$ver.linux-$arch.tar.gz
mkdir -p "$work/mirror" "$work/src"
cp -a "$goroot" "$work/src/go"
echo "$ver" > "$work/src/go/VERSION"
tar -C "$work/src" -czf "$work/mirror/$file" go
sum=$(sha256sum "$work/mirror/$file" | cut -d' ' -f1)
size=$(stat -c %s "$work/mirror/$file")
printf '[{"version":"%s","stable":true,"files":[{"filename":"%s","os":"linux","arch":"%s","version":"%s","sha256":"%s","size":%s,"kind":"archive"}]}]' \
  "$ver" "$file" "$arch" "$ver" "$sum" "$size" > "$work/mirror/index.json"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# A tiny server whose / answers with the index (the ?mode=json query is ignored).
cat > "$work/serve.py" <<'PY'
import http.server, sys, os
os.chdir(sys.argv[2])
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
    def translate_path(self, path):
        p = path.split('?')[0]
        return os.path.join(os.getcwd(), 'index.json' if p == '/' else p.lstrip('/'))
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$work/serve.py" "$port" "$work/mirror" & srv=$!
url=http://127.0.0.1:$port/
for _ in $(seq 50); do curl -sf "$url" >/dev/null && break; sleep 0.1; done

build_devboot "$work/devboot"

now() { date +%s.%N; }
devboot_total=0; manual_total=0
for i in $(seq "$runs"); do
  home=$work/home$i; rm -rf "$home"; mkdir -p "$home"
  sync; t0=$(now)
  HOME=$home XDG_DATA_HOME='' XDG_CACHE_HOME='' "$work/devboot" toolchain install "$ver" --dl-url "$url" >"$work/out$i"
  t1=$(now)
  dst=$work/manual$i; rm -rf "$dst"; mkdir -p "$dst"
  sync; t2=$(now)
  curl -s "$url$file" -o "$dst/$file"
  echo "$sum  $dst/$file" | sha256sum -c --quiet
  tar -C "$dst" -xzf "$dst/$file"
  t3=$(now)
  d=$(echo "$t1 - $t0" | bc); m=$(echo "$t3 - $t2" | bc)
  printf 'run %d: devboot %.2fs  curl+sha256sum+tar %.2fs  (%s)\n' "$i" "$d" "$m" "$(cat "$work/out$i")"
  devboot_total=$(echo "$devboot_total + $d" | bc); manual_total=$(echo "$manual_total + $m" | bc)
  rm -rf "$home" "$dst"
done
home=$work/again; mkdir -p "$home"
HOME=$home "$work/devboot" toolchain install "$ver" --dl-url "$url" >/dev/null
t0=$(now); HOME=$home "$work/devboot" toolchain install "$ver" --dl-url "$url" >/dev/null; t1=$(now)
printf 're-install (no-op): %.3fs\n' "$(echo "$t1 - $t0" | bc)"
printf 'archive %s (%d bytes); mean devboot %.2fs, manual %.2fs, ratio devboot/manual = %.2f\n' \
  "$file" "$size" "$(echo "$devboot_total / $runs" | bc -l)" "$(echo "$manual_total / $runs" | bc -l)" "$(echo "$devboot_total / $manual_total" | bc -l)"
