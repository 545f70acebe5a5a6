#!/bin/sh
# Dev Container Feature "devboot": installs Go for the remote user by running
# the bundled devboot (`devboot up`), so the feature and the CLI never
# disagree about where Go lives or how the environment is set.
#
# Options arrive as environment variables (VERSION, GOPROXY, GOPATH, TOOLS,
# DLURL); the devcontainer CLI sets _REMOTE_USER and _REMOTE_USER_HOME.
# Re-running is safe: devboot up changes nothing the second time.
set -eu

feature_dir=$(cd "$(dirname "$0")" && pwd)
version=${VERSION:-latest}
goproxy=${GOPROXY:-}
gopath=${GOPATH:-}
tools=${TOOLS:-}
dl_url=${DLURL:-https://go.dev/dl/}
user=${_REMOTE_USER:-root}
# The stable paths containerEnv puts on PATH for every process.
share=/usr/local/share/devboot

die() {
    echo "devboot feature: $*" >&2
    exit 1
}

[ "$(id -u)" = 0 ] || die "install.sh must run as root (it installs for $user)"

case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "no devboot build for $(uname -m); this feature ships linux/amd64 and linux/arm64" ;;
esac
devboot="$feature_dir/devboot-linux-$arch"
# The feature ships only the builds it was given (devboot emit bundles the
# running devboot unless told otherwise), so say how to add the missing one.
[ -x "$devboot" ] || die "$devboot is missing, so this feature cannot install on $arch: \
emit the feature with a static devboot for $arch ('devboot emit feature --binary PATH', once per arch; \
build one with CGO_ENABLED=0 GOOS=linux GOARCH=$arch go build ./cmd/devboot), \
or in devboot's repository run features/devboot/build.sh"

entry=$(getent passwd "$user") || die "remote user $user does not exist in the image"
uid=$(echo "$entry" | cut -d: -f3)
gid=$(echo "$entry" | cut -d: -f4)
home=${_REMOTE_USER_HOME:-$(echo "$entry" | cut -d: -f6)}
[ -d "$home" ] || die "home $home of $user does not exist"

# Everything below runs as root on the user's behalf: the environment says
# so the way sudo does, and devboot gives what it creates to that user.
as_user_env() {
    if [ "$uid" = 0 ]; then
        env HOME="$home" "$@"
    else
        env HOME="$home" SUDO_USER="$user" SUDO_UID="$uid" SUDO_GID="$gid" "$@"
    fi
}

# A chosen GOPATH goes into go's own env file before devboot reads it, so
# shells, IDEs and tools all agree on it (devcontainers/features#744: it
# must belong to the user, not root).
if [ -n "$gopath" ]; then
    mkdir -p "$gopath/bin" "$gopath/pkg"
    chown "$uid:$gid" "$gopath" "$gopath/bin" "$gopath/pkg"
    goenv="$home/.config/go/env"
    mkdir -p "$home/.config/go"
    touch "$goenv"
    sed -i '/^GOPATH=/d' "$goenv"
    echo "GOPATH=$gopath" >>"$goenv"
    chown "$uid:$gid" "$home/.config" "$home/.config/go" "$goenv"
fi

set -- --home "$home" up --yes --go "$version" --dl-url "$dl_url"
[ -z "$goproxy" ] || set -- "$@" --goproxy "$goproxy"
as_user_env "$devboot" "$@"

# devboot stays available to the user (devboot doctor, toolchain use ...).
mkdir -p /usr/local/bin
install -m 0755 "$devboot" /usr/local/bin/devboot
go="$home/.local/share/devboot/current/bin/go"
[ -x "$go" ] || die "devboot up did not leave a toolchain at $go"
gobin=$(as_user_env "$go" env GOPATH | cut -d: -f1)/bin
mkdir -p "$gobin" "$share"
chown "$uid:$gid" "$gobin" "$(dirname "$gobin")"
ln -sfn "$home/.local/share/devboot/current" "$share/go"
ln -sfn "$gobin" "$share/gobin"

# Pinned tools, built with the user's caches and then handed to the user.
if [ -n "$tools" ]; then
    old_ifs=$IFS
    IFS=,
    for tool in $tools; do
        IFS=$old_ifs
        case "$tool" in
            *@*) ;;
            *) die "tool $tool is not pinned: write it as package@version" ;;
        esac
        as_user_env GOBIN="$gobin" "$go" install "$tool"
    done
    IFS=$old_ifs
fi

# go ran as root above: give back what it may have created (caches, its
# telemetry counters), so the user's own go commands can write there.
for dir in "$gobin" "$(as_user_env "$go" env GOMODCACHE)" "$(as_user_env "$go" env GOCACHE)" "$home/.config/go"; do
    [ ! -e "$dir" ] || chown -R "$uid:$gid" "$dir"
done
# Nothing in the user's home may stay root's (devcontainers/features#744).
if [ "$uid" != 0 ]; then
    find "$home" -xdev -user 0 -exec chown -h "$uid:$gid" {} +
fi

# Nothing left behind: devboot keeps its downloads in the user's cache dir,
# and go's temporary build directories live under /tmp.
rm -rf /tmp/go-build* /tmp/devboot*
echo "devboot feature: Go $("$go" env GOVERSION) for $user in $home"
