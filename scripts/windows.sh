#!/usr/bin/env bash
# make windows: cross-builds dist/windows/kiosk.exe (GUI subsystem: no console window
# at sign-in) and dist/windows/gateway.exe (console) with Debian's mingw-w64, with the
# icon, version information and manifest from FyneApp.toml; checks both with
# scripts/check-windows.sh; zips the kiosk's package with its install scripts.
# The first build compiles Fyne, GLFW and SQLite for Windows (about 10 minutes on
# 2 cores); later ones come from Go's build cache.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "windows: x86_64-w64-mingw32-gcc missing (scripts/deps.sh test installs gcc-mingw-w64-x86-64)" >&2; exit 1; }
version=${VERSION:-$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)}
build=${BUILDNUM:-$(sed -n 's/^Build *= *\([0-9]*\)/\1/p' FyneApp.toml)}
out=${DIST:-dist}/windows
mkdir -p "$out"
gen=$(mktemp -d)
trap 'rm -rf "$gen" cmd/kiosk/rsrc_windows_amd64.syso cmd/gateway/rsrc_windows_amd64.syso' EXIT

go run ./scripts/winres -toml FyneApp.toml -name kiosk -icon assets/icon.png -out "$gen"
go run ./scripts/winres -toml FyneApp.toml -name gateway -out "$gen"
for p in kiosk gateway; do
  (cd "$gen" && x86_64-w64-mingw32-windres -c 65001 -i "$p.rc" -O coff -o "$p.syso")
  cp "$gen/$p.syso" "cmd/$p/rsrc_windows_amd64.syso"
done

export GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc CXX=x86_64-w64-mingw32-g++
echo "windows: building kiosk.exe and gateway.exe ($version+$build)"
go build -tags sqlite_fts5 -trimpath -ldflags "${LDFLAGS:-} -s -w -H windowsgui" -o "$out/kiosk.exe" ./cmd/kiosk
go build -tags sqlite_fts5 -trimpath -ldflags "${LDFLAGS:-} -s -w" -o "$out/gateway.exe" ./cmd/gateway
unset GOOS GOARCH CC CXX

scripts/check-windows.sh "$out/kiosk.exe" gui
scripts/check-windows.sh "$out/gateway.exe" console

pkg=dvc-kiosk-$version-$build-windows-amd64
rm -rf "${gen:?}/$pkg" && mkdir -p "$gen/$pkg"
cp "$out/kiosk.exe" packaging/windows/install.ps1 packaging/windows/uninstall.ps1 \
   packaging/windows/dvc-kiosk.conf packaging/windows/README.txt "$gen/$pkg/"
# Windows' own tools read these as text: CRLF line ends.
for f in install.ps1 uninstall.ps1 dvc-kiosk.conf README.txt; do sed -i 's/\r*$/\r/' "$gen/$pkg/$f"; done
rm -f "$out/$pkg.zip"
(cd "$gen" && zip -q -r -X "$OLDPWD/$out/$pkg.zip" "$pkg")
ls -l "$out"/*.exe "$out/$pkg.zip" | awk '{print "windows: " $9 " " $5 " bytes"}'
