#!/usr/bin/env bash
# make deb: builds dist/dvc-kiosk_VERSION_amd64.deb (the commune kiosk: program, desktop
# and autostart entries, /etc/dvc-kiosk.conf, the kiosk account set up by postinst) and
# dist/dvc-gateway_VERSION_amd64.deb (the city gateway: program, systemd unit,
# /etc/default/dvc-gateway, the dvc-gateway system account), with dpkg-deb.
#
# VERSION and BUILDNUM come from FyneApp.toml unless set; LDFLAGS from the Makefile.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
version=${VERSION:-$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)}
build=${BUILDNUM:-$(sed -n 's/^Build *= *\([0-9]*\)/\1/p' FyneApp.toml)}
debver="$version-$build"
out=${DIST:-dist}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "deb: building $debver"
CGO_ENABLED=1 go build -tags sqlite_fts5 -trimpath -ldflags "${LDFLAGS:-}" -o "$work/bin/" ./cmd/kiosk ./cmd/gateway

# control FILE PACKAGE DESCRIPTION DEPENDS
control() {
  local size
  size=$(du -sk --exclude=DEBIAN "$(dirname "$(dirname "$1")")" | cut -f1)
  cat > "$1" <<CTRL
Package: $2
Version: $debver
Architecture: amd64
Maintainer: Kiosk Dich vu cong <dvc-kiosk@cantho.gov.vn>
Installed-Size: $size
Depends: $4
Section: misc
Priority: optional
Homepage: https://dichvucong.cantho.gov.vn
Description: $3
CTRL
}

# The kiosk.
k=$work/dvc-kiosk
install -D -m 0755 "$work/bin/kiosk" "$k/usr/lib/dvc-kiosk/kiosk"
install -D -m 0755 packaging/debian/kiosk/dvc-kiosk "$k/usr/bin/dvc-kiosk"
install -D -m 0644 packaging/debian/kiosk/dvc-kiosk.desktop "$k/usr/share/applications/dvc-kiosk.desktop"
install -D -m 0644 packaging/debian/kiosk/autostart.desktop "$k/usr/share/dvc-kiosk/autostart.desktop"
install -D -m 0644 assets/icon.png "$k/usr/share/icons/hicolor/512x512/apps/dvc-kiosk.png"
install -D -m 0644 packaging/debian/kiosk/dvc-kiosk.conf "$k/etc/dvc-kiosk.conf"
install -D -m 0644 packaging/debian/kiosk/default "$k/etc/default/dvc-kiosk"
install -D -m 0644 README.md "$k/usr/share/doc/dvc-kiosk/README.md"
install -d "$k/DEBIAN"
install -m 0755 packaging/debian/kiosk/postinst packaging/debian/kiosk/postrm "$k/DEBIAN/"
printf '/etc/dvc-kiosk.conf\n/etc/default/dvc-kiosk\n' > "$k/DEBIAN/conffiles"
control "$k/DEBIAN/control" dvc-kiosk \
  "commune public-service kiosk (dịch vụ công trực tuyến mức độ 3, 4)
 A touchscreen kiosk for commune cultural houses and post offices: residents file
 online administrative dossiers with a scanner and a CCCD QR reader, offline first,
 synced to the city gateway. Starts full screen when the kiosk account signs in." \
  "adduser, libc6, libgl1, libx11-6, libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1, util-linux"

# The gateway.
g=$work/dvc-gateway
install -D -m 0755 "$work/bin/gateway" "$g/usr/bin/dvc-gateway"
install -D -m 0644 packaging/debian/gateway/dvc-gateway.service "$g/lib/systemd/system/dvc-gateway.service"
install -D -m 0644 packaging/debian/gateway/default "$g/etc/default/dvc-gateway"
install -D -m 0644 README.md "$g/usr/share/doc/dvc-gateway/README.md"
install -d "$g/DEBIAN"
install -m 0755 packaging/debian/gateway/postinst packaging/debian/gateway/prerm packaging/debian/gateway/postrm "$g/DEBIAN/"
printf '/etc/default/dvc-gateway\n' > "$g/DEBIAN/conffiles"
control "$g/DEBIAN/control" dvc-gateway \
  "city gateway for the commune public-service kiosks
 The HTTP API the kiosks sync dossiers and usage figures with, and the officials'
 web dashboard, on SQLite or PostgreSQL, run by systemd." \
  "adduser"

for p in dvc-kiosk dvc-gateway; do
  dpkg-deb --root-owner-group -Zxz --build "$work/$p" "$out/${p}_${debver}_amd64.deb" >/dev/null
  ls -l "$out/${p}_${debver}_amd64.deb" | awk '{print "deb: " $9 " " $5 " bytes"}'
done
