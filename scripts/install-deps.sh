#!/usr/bin/env bash
# Installs the Debian 12 packages qrsync needs to build, test and run.
# Does nothing (and needs no network) when everything is already present.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config clang-format
  # Qt 6.4 (Core, Network, Widgets, Test, LinguistTools)
  qt6-base-dev libgl1-mesa-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qtkeychain-qt6-dev
  # engine libraries
  libssh-dev zlib1g-dev libzstd-dev liblz4-dev libxxhash-dev libarchive-dev
  libexpected-dev libssl-dev
  # peers and helpers for tests, screenshots and benchmarks
  rsync openssh-server openssh-client xvfb xauth imagemagick fonts-dejavu-core
  util-linux procps python3 time gcovr
  # archive export tests extract with the system tools: bsdtar, and zstd for tar --zstd
  libarchive-tools zstd
  # schedules: systemd-analyze checks calendar expressions and unit files,
  # systemd-escape names units (absent from minimal Debian images)
  systemd
  # alerts test: a private session bus with a fake notification service
  dbus-daemon
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or: sudo $0)" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
