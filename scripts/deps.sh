#!/usr/bin/env bash
# Installs what the kiosk needs on a fresh Debian machine (as root), only when missing.
#   deps.sh run   - build and run the kiosk (C compiler, OpenGL and X headers, Xvfb for headless demos)
#   deps.sh test  - plus what the tests use: SANE's test backend and its eSCL client (sane-airscan),
#                   PostgreSQL, Chromium, socat, and an S3-compatible server (versitygw, built once
#                   with go install: ~40 s)
set -euo pipefail
mode=${1:-run}

pkgs=(gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev)
if [ "$mode" = test ]; then
  pkgs+=(xvfb x11-apps imagemagick sane-utils sane-airscan socat postgresql chromium fonts-dejavu-core procps)
  # make windows (cross-build with mingw-w64) and make deb + its install test
  pkgs+=(gcc-mingw-w64-x86-64 zip dpkg-dev fakeroot systemd desktop-file-utils)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1; then
  export PATH=$PATH:/usr/local/go/bin
fi
go mod download
if [ "$mode" = test ]; then
  "$(dirname "$0")/s3.sh" install
fi
