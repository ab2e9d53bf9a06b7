#!/usr/bin/env bash
# Debian packages hyeopchi needs. With --runtime, what the server and worker need: Pango (WeasyPrint
# lays out the white paper's PDF with it) and a Korean font (Noto Sans CJK). Without it, also what
# the test suite needs: PostgreSQL (second database), Chromium (browser tests), gettext (catalogue
# checks). Installs only what is missing.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk)
if [ "${1:-}" != "--runtime" ]; then
  packages+=(postgresql chromium gettext)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo_cmd=()
elif command -v sudo >/dev/null; then
  sudo_cmd=(sudo)
else
  echo "need root (or sudo) to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
