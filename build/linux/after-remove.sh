#!/bin/bash
# Pasang deb post-remove (also rendered by electron-builder, replacing its own after-remove). dpkg runs it with
# "upgrade" during an upgrade too: the service is only removed on remove/purge (the new after-install restarts it).
set -u

EXECUTABLE='${executable}'
APP_DIR='/opt/${sanitizedProductName}'

case "${1:-remove}" in
  remove | purge | 0)
    if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
      systemctl disable --now pasang-agent.service || true
    fi
    rm -f /etc/systemd/system/pasang-agent.service
    # The tray no longer starts at login (a tray already running ends with the user's session).
    rm -f /etc/xdg/autostart/pasang-tray.desktop
    if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
      systemctl daemon-reload || true
    fi
    if type update-alternatives >/dev/null 2>&1; then
      update-alternatives --remove "$EXECUTABLE" "$APP_DIR/$EXECUTABLE" || true
    else
      rm -f "/usr/bin/$EXECUTABLE"
    fi
    # /var/lib/pasang-agent (the enrollment) is kept on remove and deleted on purge.
    if [ "${1:-}" = purge ]; then
      rm -rf /var/lib/pasang-agent
    fi
    ;;
esac

exit 0
