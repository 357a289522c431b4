#!/usr/bin/env bash
# pkgtest.sh: installs, upgrades and purges the Debian packages for real with dpkg on
# this machine (as root), checking at each step what an installer relies on:
#   install  the programs run and say their version; the kiosk account exists, is in
#            dialout, owns /var/lib/dvc-kiosk and has the autostart entry; the desktop
#            entries parse; the gateway's systemd unit passes systemd-analyze verify;
#   upgrade  the new version runs; a configuration the installer edited is kept;
#   purge    the programs, entries, unit and configuration are gone; a data directory
#            with a database is kept (it may hold dossiers not yet synced).
# Accounts that existed before are left alone; accounts it created are removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "pkgtest: needs root (dpkg -i)" >&2; exit 1; }
export PATH=$PATH:/usr/local/go/bin:/usr/sbin:/sbin
dist=$(mktemp -d)
had_kiosk=$(getent passwd kiosk >/dev/null && echo yes || echo no)
had_gw=$(getent passwd dvc-gateway >/dev/null && echo yes || echo no)
cleanup() {
  dpkg -P dvc-kiosk dvc-gateway >/dev/null 2>&1 || true
  [ "$had_kiosk" = no ] && { userdel -r kiosk >/dev/null 2>&1 || true; rm -rf /var/lib/dvc-kiosk; }
  [ "$had_gw" = no ] && { userdel dvc-gateway >/dev/null 2>&1 || true; groupdel dvc-gateway >/dev/null 2>&1 || true; rm -rf /var/lib/dvc-gateway; }
  rm -rf "$dist"
}
trap cleanup EXIT
fail() { echo "pkgtest: FAIL: $*" >&2; exit 1; }
pass() { echo "pkgtest: ok: $*"; }

v=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
bi=github.com/cantho-kiosk/kiosk/cmd/internal/buildinfo
for b in 1 2; do
  DIST=$dist VERSION=$v BUILDNUM=$b LDFLAGS="-X $bi.Version=$v+$b -X $bi.Commit=pkgtest -X $bi.Date=2026-12-01" scripts/deb.sh
done
for p in dvc-kiosk dvc-gateway; do
  lines=$(dpkg-deb -c "$dist/${p}_$v-1_amd64.deb" | wc -l)
  [ "$lines" -gt 3 ] || fail "$p package lists only $lines entries"
done

# Install A.
dpkg -i "$dist/dvc-kiosk_$v-1_amd64.deb" "$dist/dvc-gateway_$v-1_amd64.deb" >/dev/null
dpkg-query -W -f='${Status}\n' dvc-kiosk dvc-gateway | grep -vq "install ok installed" && fail "packages not installed ok"
dvc-kiosk version | grep -q "^kiosk $v+1 " || fail "dvc-kiosk version: $(dvc-kiosk version 2>&1)"
dvc-gateway version | grep -q "^gateway $v+1 " || fail "dvc-gateway version: $(dvc-gateway version 2>&1)"
pass "installed $v-1; both programs report $v+1"
getent passwd kiosk >/dev/null || fail "no kiosk account"
id -nG kiosk | tr ' ' '\n' | grep -qx dialout || fail "kiosk is not in dialout: $(id -nG kiosk)"
[ "$(stat -c %U:%a /var/lib/dvc-kiosk)" = "kiosk:700" ] || fail "/var/lib/dvc-kiosk is $(stat -c %U:%a /var/lib/dvc-kiosk)"
home=$(getent passwd kiosk | cut -d: -f6)
auto=$home/.config/autostart/dvc-kiosk.desktop
[ -f "$auto" ] && [ "$(stat -c %U "$auto")" = kiosk ] || fail "no autostart entry owned by kiosk at $auto"
grep -qx "Exec=/usr/bin/dvc-kiosk" "$auto" || fail "autostart entry does not start /usr/bin/dvc-kiosk"
pass "kiosk account in dialout, data dir 0700, autostart entry $auto"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/dvc-kiosk.desktop "$auto" || fail "desktop entries do not validate"
  pass "desktop entries validate"
fi
# The wrapper: run by root, a setup command runs as the kiosk account with the config's data dir.
dvc-kiosk catalog list >/dev/null || fail "dvc-kiosk catalog list (as root, through the wrapper) failed"
[ "$(stat -c %U /var/lib/dvc-kiosk/kiosk.db)" = kiosk ] || fail "kiosk.db is owned by $(stat -c %U /var/lib/dvc-kiosk/kiosk.db), not kiosk"
pass "setup command as root ran as kiosk: /var/lib/dvc-kiosk/kiosk.db owned by kiosk"
systemd-analyze verify /lib/systemd/system/dvc-gateway.service || fail "systemd-analyze verify dvc-gateway.service"
pass "dvc-gateway.service verifies"
# The gateway runs as its unit would (no systemd in a container): as dvc-gateway, on its state dir.
set -a; . /etc/default/dvc-gateway; set +a
port=$(( 30000 + RANDOM % 10000 ))
runuser -u dvc-gateway -- /usr/bin/dvc-gateway serve --addr "127.0.0.1:$port" > "$dist/gw.log" 2>&1 &
gwpid=$!
for _ in $(seq 50); do grep -q "^listening=" "$dist/gw.log" && break; sleep 0.2; done
grep -q "^listening=" "$dist/gw.log" || { cat "$dist/gw.log"; kill $gwpid; fail "gateway did not start as dvc-gateway"; }
kill $gwpid; wait $gwpid || true
pass "gateway serves as the dvc-gateway account on /var/lib/dvc-gateway"

# Upgrade to B, with an installer's edit in the configuration.
echo "qr=serial:/dev/ttyACM0" >> /etc/dvc-kiosk.conf
dpkg -i --force-confold "$dist/dvc-kiosk_$v-2_amd64.deb" "$dist/dvc-gateway_$v-2_amd64.deb" >/dev/null
dvc-kiosk version | grep -q "^kiosk $v+2 " || fail "after upgrade: $(dvc-kiosk version 2>&1)"
dvc-gateway version | grep -q "^gateway $v+2 " || fail "after upgrade: $(dvc-gateway version 2>&1)"
grep -qx "qr=serial:/dev/ttyACM0" /etc/dvc-kiosk.conf || fail "upgrade lost the installer's edit of /etc/dvc-kiosk.conf"
[ -f "$auto" ] || fail "upgrade lost the autostart entry"
pass "upgraded to $v-2; configuration edit kept"

# Purge.
dpkg -P dvc-kiosk dvc-gateway >/dev/null 2>"$dist/purge.err" || { cat "$dist/purge.err"; fail "dpkg -P"; }
for f in /usr/bin/dvc-kiosk /usr/lib/dvc-kiosk/kiosk /usr/bin/dvc-gateway /etc/dvc-kiosk.conf /etc/default/dvc-kiosk \
         /etc/default/dvc-gateway /lib/systemd/system/dvc-gateway.service /usr/share/applications/dvc-kiosk.desktop "$auto"; do
  [ ! -e "$f" ] || fail "purge left $f"
done
dpkg-query -W dvc-kiosk >/dev/null 2>&1 && dpkg-query -W -f='${Status}' dvc-kiosk | grep -q "not-installed" || \
  ! dpkg-query -W dvc-kiosk >/dev/null 2>&1 || fail "dvc-kiosk still known to dpkg: $(dpkg-query -W -f='${Status}' dvc-kiosk)"
[ -f /var/lib/dvc-kiosk/kiosk.db ] || fail "purge removed the kiosk's database (it may hold unsynced dossiers)"
grep -q "kept" "$dist/purge.err" || fail "purge did not say why /var/lib/dvc-kiosk is kept"
pass "purged: programs, entries, unit and configuration gone; kiosk database kept and said so"
echo "pkgtest: all passed"
