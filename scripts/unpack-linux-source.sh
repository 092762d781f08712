#!/usr/bin/env bash
# Unpacks Debian's linux-source-6.12 (/usr/src/linux-source-6.12.tar.xz) into the cache folder
# the tests read it from (test/src/support/linux-source.ts), once: a finished unpack leaves a
# marker, so a second run is instant and an interrupted one starts again.
set -euo pipefail
tarball=${UAPI_LINT_LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
dest=${UAPI_LINT_LINUX_SOURCE:-${HOME}/.cache/uapi-lint/linux-source-6.12}
if [ -f "$dest/.unpacked" ]; then exit 0; fi
if [ ! -f "$tarball" ]; then
  echo "unpack-linux-source: $tarball is missing (apt-get install linux-source-6.12)" >&2
  exit 1
fi
rm -rf "$dest"
mkdir -p "$dest"
tar -xJf "$tarball" -C "$dest" --strip-components=1
touch "$dest/.unpacked"
