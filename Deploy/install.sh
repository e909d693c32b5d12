#!/bin/sh
# Builds copydesk in release mode and installs it as a systemd service (Debian 12, as root).
set -eu
cd "$(dirname "$0")/.."
Deploy/install-deps.sh
swift build -c release
install -m 0755 .build/release/copydesk /usr/local/bin/copydesk
install -D -m 0644 Deploy/copydesk.sysusers.conf /usr/lib/sysusers.d/copydesk.conf
install -D -m 0644 Deploy/copydesk.tmpfiles.conf /usr/lib/tmpfiles.d/copydesk.conf
install -D -m 0644 Deploy/copydesk.service /etc/systemd/system/copydesk.service
install -D -m 0644 Deploy/copydesk-replay@.service /etc/systemd/system/copydesk-replay@.service
[ -f /etc/copydesk/copydesk.yaml ] || install -D -m 0644 Deploy/copydesk.yaml /etc/copydesk/copydesk.yaml
install -d -m 0755 /etc/copydesk/pipelines
systemd-sysusers /usr/lib/sysusers.d/copydesk.conf
systemd-tmpfiles --create /usr/lib/tmpfiles.d/copydesk.conf
copydesk validate --config /etc/copydesk/copydesk.yaml
# Operators' shells find the service's configuration (copydesk status, events, pause, …).
echo 'export COPYDESK_CONFIG=/etc/copydesk/copydesk.yaml' > /etc/profile.d/copydesk.sh
systemctl daemon-reload
systemctl enable --now copydesk.service
echo "copydesk is running: drop files into /srv/copydesk/drop; watch with: copydesk status (log in again, or: export COPYDESK_CONFIG=/etc/copydesk/copydesk.yaml)"
