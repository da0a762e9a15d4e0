#!/bin/bash
# Installs the Debian packages listed in tools/debian-packages.txt ("build" only, or "all" with the
# test packages). Works as root or through sudo; does nothing when everything is installed already.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
which=${1:-build}
pkgs=$(awk -v w="$which" '!/^#/ && NF>=2 && (w=="all" || $2==w) {print $1}' "$here/debian-packages.txt")
missing=()
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "installing: ${missing[*]}" >&2
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
