#!/bin/bash
# POS Station .deb postrm: undo the command link and AppArmor profile; the udev rules file goes with
# the package, so the rules are reloaded. Group memberships stay (other software may rely on them).

if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}' || true
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  # Unload before deleting, so the policy does not stay enforced until the next boot.
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi

if hash udevadm 2>/dev/null; then
    udevadm control --reload-rules || true
fi

exit 0
