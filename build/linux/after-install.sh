#!/bin/bash
# POS Station .deb postinst. electron-builder fills in the executable and product name macros (it
# substitutes every dollar-brace macro in this file, so shell variables below are written without braces).

# --- as electron-builder's default after-install: the command link and the Chromium sandbox ---
if type update-alternatives >/dev/null 2>&1; then
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
fi

# Without unprivileged user namespaces Chromium's sandbox needs its setuid helper.
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi
if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# Ubuntu 24+ restricts unprivileged user namespaces through AppArmor: install the bundled profile.
if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE='/opt/${sanitizedProductName}/resources/apparmor-profile'
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  fi
fi

# --- POS hardware: the udev rules (installed by the package) take effect now, not at the next boot ---
if hash udevadm 2>/dev/null; then
    udevadm control --reload-rules || true
    udevadm trigger --subsystem-match=tty --subsystem-match=usb --subsystem-match=usbmisc || true
fi

# The person who installed the package (sudo, or pkexec from a software centre) joins dialout
# (serial printers, scanners, displays) and lp (USB printers). The udev rules already give the
# seat user access; the groups cover a station run as a service or over a remote session.
# Membership applies from that user's next login.
INSTALLER="$SUDO_USER"
if [ -z "$INSTALLER" ] && [ -n "$PKEXEC_UID" ]; then
    INSTALLER="$(getent passwd "$PKEXEC_UID" | cut -d: -f1)"
fi
if [ -n "$INSTALLER" ] && [ "$INSTALLER" != "root" ] && id "$INSTALLER" >/dev/null 2>&1; then
    for GROUP in dialout lp; do
        if getent group "$GROUP" >/dev/null 2>&1 && ! id -nG "$INSTALLER" | tr ' ' '\n' | grep -qx "$GROUP"; then
            usermod -a -G "$GROUP" "$INSTALLER" && echo "POS Station: added $INSTALLER to the $GROUP group (log out and in again)."
        fi
    done
fi

exit 0
