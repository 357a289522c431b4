#!/usr/bin/env bash
# check-windows.sh EXE gui|console: checks that EXE is a PE32+ x86-64 executable of the
# given subsystem that imports only DLLs every Windows 10 has (no MinGW runtime DLLs to
# ship beside it), carries version information, and, for the kiosk, an icon.
set -euo pipefail
exe=$1 want=$2
dump=$(x86_64-w64-mingw32-objdump -p "$exe")
fail() { echo "check-windows: $exe: $*" >&2; exit 1; }

grep -q "file format pei-x86-64" <<<"$dump" || fail "not a PE32+ x86-64 image"
grep -qE "^Magic[[:space:]]+020b" <<<"$dump" || fail "optional header magic is not 020b (PE32+)"
case $want in
  gui)     grep -qE "^Subsystem[[:space:]]+00000002" <<<"$dump" || fail "subsystem is not Windows GUI (2)";;
  console) grep -qE "^Subsystem[[:space:]]+00000003" <<<"$dump" || fail "subsystem is not Windows console (3)";;
  *) fail "second argument must be gui or console";;
esac

# DLLs that ship with Windows 10 (System32) and that Go, GLFW, OpenGL and SQLite use.
system="advapi32 bcrypt bcryptprimitives comctl32 comdlg32 crypt32 dbghelp dnsapi dwmapi gdi32 imm32 iphlpapi
kernel32 msvcrt ntdll ole32 oleaut32 opengl32 powrprof secur32 setupapi shell32 shcore shlwapi user32 userenv
uxtheme version winmm winspool ws2_32 wsock32 mswsock netapi32 api-ms-win-core-synch-l1-2-0"
dlls=$(grep -oP "DLL Name: \K.*" <<<"$dump" | tr 'A-Z' 'a-z' | sed 's/\.dll$//' | sort -u)
[ -n "$dlls" ] || fail "no DLL imports found (objdump output changed?)"
for d in $dlls; do
  grep -qw -- "$d" <<<"$system" || fail "imports $d.dll, which is not a Windows system DLL"
done

res=$(x86_64-w64-mingw32-objdump -h "$exe" | awk '$2==".rsrc"{print $3}')
[ -n "$res" ] || fail "no .rsrc section (version information and icon missing)"
LC_ALL=C grep -qaP 'V\x00S\x00_\x00V\x00E\x00R\x00S\x00I\x00O\x00N\x00_\x00I\x00N\x00F\x00O' "$exe" || fail "no VS_VERSION_INFO resource"
echo "check-windows: $exe: PE32+ x86-64, $want subsystem, imports $(echo $dlls | tr ' ' ',')"
