#!/bin/bash
# Pasang deb post-install. electron-builder renders this file as a template (${executable} and
# ${sanitizedProductName} are filled in) and it replaces electron-builder's own after-install, so the first half
# repeats what that one does (the /usr/bin link and the chrome-sandbox mode).
#
# Preset at install time (optional):  sudo env PASANG_SERVER=https://pasang.example:7700 PASANG_TOKEN=... apt install ./pasang.deb
set -u

APP_DIR='/opt/${sanitizedProductName}'
EXECUTABLE='${executable}'
UNIT_SOURCE="$APP_DIR/resources/linux/pasang-agent.service"
UNIT_TARGET='/etc/systemd/system/pasang-agent.service'
PRESET="$APP_DIR/resources/pasang-agent.json"
AUTOSTART_SOURCE="$APP_DIR/resources/linux/pasang-tray.desktop"
AUTOSTART_TARGET='/etc/xdg/autostart/pasang-tray.desktop'

# --- electron-builder's defaults -------------------------------------------------------------------------------
if type update-alternatives >/dev/null 2>&1; then
  if [ -L "/usr/bin/$EXECUTABLE" ] && [ -e "/usr/bin/$EXECUTABLE" ] && [ "$(readlink "/usr/bin/$EXECUTABLE")" != "/etc/alternatives/$EXECUTABLE" ]; then
    rm -f "/usr/bin/$EXECUTABLE"
  fi
  update-alternatives --install "/usr/bin/$EXECUTABLE" "$EXECUTABLE" "$APP_DIR/$EXECUTABLE" 100 || ln -sf "$APP_DIR/$EXECUTABLE" "/usr/bin/$EXECUTABLE"
else
  ln -sf "$APP_DIR/$EXECUTABLE" "/usr/bin/$EXECUTABLE"
fi

# Use the SUID chrome-sandbox only where user namespaces do not work.
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; } 2>/dev/null; then
  chmod 4755 "$APP_DIR/chrome-sandbox" || true
else
  chmod 0755 "$APP_DIR/chrome-sandbox" || true
fi

if hash update-desktop-database 2>/dev/null; then
  update-desktop-database /usr/share/applications || true
fi

# --- the pasang-agent service -----------------------------------------------------------------------------------
if [ -n "${PASANG_SERVER:-}" ] && [ -n "${PASANG_TOKEN:-}" ]; then
  case "$PASANG_SERVER$PASANG_TOKEN" in
    *'"'* | *'\'*) echo "pasang: PASANG_SERVER/PASANG_TOKEN must not contain quotes or backslashes; preset not written" >&2 ;;
    *) printf '{\n  "serverUrl": "%s",\n  "enrollmentToken": "%s"\n}\n' "$PASANG_SERVER" "$PASANG_TOKEN" > "$PRESET" ;;
  esac
fi
# The preset may hold an enrollment token: root only.
chown root:root "$PRESET" 2>/dev/null || true
chmod 0600 "$PRESET" 2>/dev/null || true

install -m 0644 "$UNIT_SOURCE" "$UNIT_TARGET"

# --- the tray at login (XDG Autostart, for every user) ----------------------------------------------------------
install -D -m 0644 "$AUTOSTART_SOURCE" "$AUTOSTART_TARGET"

# No systemd (a container, a chroot building an image): the unit is in place for the next boot.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl daemon-reload || true
  systemctl enable pasang-agent.service || true
  # A fresh install starts it; an upgrade restarts it on the new files.
  systemctl restart pasang-agent.service || echo "pasang: pasang-agent.service did not start; see: journalctl -u pasang-agent" >&2
fi

exit 0
