#!/bin/sh
# Installs the Debian packages copydesk builds and tests against (Debian 12).
# Run as root, or as a user with sudo. Safe to run again: apt skips what is there.
set -eu
PACKAGES="libzstd-dev libxml2-dev librdkafka-dev libpq-dev libssl-dev zlib1g-dev postgresql pkg-config systemd"
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
echo "installing:$missing" >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
