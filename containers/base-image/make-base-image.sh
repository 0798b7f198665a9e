#!/usr/bin/env bash
# Makes the base image every portex Dockerfile builds FROM, on hosts that cannot pull it.
# Where a registry is reachable, `docker pull debian:trixie-slim` gives the real one instead.
# Usage: make-base-image.sh [IMAGE_NAME]   (default: debian:trixie-slim; the suite is the name's tag
# up to its first "-", so debian:bookworm-slim makes Debian 12)
set -euo pipefail
image="${1:-debian:trixie-slim}"
tag="${image##*:}"
suite="${tag%%-*}"
case "$suite" in
  trixie|bookworm) ;;
  *) echo "base image $image: cannot tell the Debian suite from the tag '$tag' (expected trixie-slim or bookworm-slim)" >&2; exit 2 ;;
esac

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "base image $image: already present"
  exit 0
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "base image $image: absent, and debootstrap is missing: install it (apt-get install debootstrap) or pull $image" >&2
  exit 1
fi
if [[ ! -e "/usr/share/debootstrap/scripts/$suite" ]]; then
  echo "base image $image: this debootstrap does not know $suite: upgrade debootstrap or pull $image" >&2
  exit 1
fi
rootfs="$(mktemp -d /tmp/portex-rootfs.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase "$suite" "$rootfs" http://deb.debian.org/debian >"$rootfs.log" 2>&1 || {
  echo "base image $image: debootstrap failed, see $rootfs.log" >&2; exit 1; }
# Like the official slim image: no apt caches, same sources.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | docker import - "$image" >/dev/null
rm -f "$rootfs.log"
echo "base image $image: made with debootstrap --variant=minbase $suite"
