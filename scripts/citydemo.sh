#!/usr/bin/env bash
# The "outgrown one machine" gateway on one machine: PostgreSQL, an S3-compatible
# server (versitygw over DIR/s3), three gateway processes on that database and bucket
# behind a health-checked round-robin reverse proxy, and a kiosk filing dossiers
# through the proxy. Midway one gateway is SIGKILLed: the proxy takes it out of
# rotation and the kiosk carries on. At the end the pages are objects in the bucket
# (files under DIR/s3/root/BUCKET/pages/) and any gateway command reads them back.
#
#   scripts/citydemo.sh DIR        (everything stops at the end or on Ctrl-C)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
dir=$(mkdir -p "${1:-/tmp/citydemo}" && cd "${1:-/tmp/citydemo}" && pwd)
chmod 755 "$dir"
rm -rf "$dir/pg" "$dir/s3" "$dir/kiosk" "$dir/gwdata" "$dir"/page-*.jpg  # a fresh city each run
bin=$dir/bin
mkdir -p "$bin"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  scripts/s3.sh stop "$dir/s3" || true
  scripts/pg.sh stop "$dir/pg" || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
say() { printf '\n== %s\n' "$*"; }

say "building gateway, kiosk, gwbench (its -proxy mode is the load balancer)"
go build -tags sqlite_fts5 -o "$bin/gateway" ./cmd/gateway
go build -tags sqlite_fts5 -o "$bin/kiosk" ./cmd/kiosk
go build -tags sqlite_fts5 -o "$bin/gwbench" ./sync/gateway/gwbench

port=$(( 20000 + RANDOM % 20000 ))
say "PostgreSQL on 127.0.0.1:$port and versitygw on 127.0.0.1:$((port + 1))"
dsn=$(scripts/pg.sh start "$dir/pg" "$port")
eval "$(scripts/s3.sh start "$dir/s3" $((port + 1)))"
export AWS_ACCESS_KEY_ID=$KIOSK_TEST_S3_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$KIOSK_TEST_S3_SECRET_KEY
export GATEWAY_DB=$dsn GATEWAY_DATA=$dir/gwdata GATEWAY_PAGES=s3 GATEWAY_S3_ENDPOINT=$KIOSK_TEST_S3_ENDPOINT \
  GATEWAY_S3_BUCKET=dvc-pages GATEWAY_S3_PREFIX=cantho/ GATEWAY_S3_INSECURE=1 GATEWAY_S3_CREATE_BUCKET=1
echo "every gateway command below reads GATEWAY_DB=$dsn and GATEWAY_PAGES=s3 (bucket dvc-pages, prefix cantho/)"

wait_line() { # FILE PATTERN SECONDS
  for _ in $(seq 1 $(( $3 * 10 ))); do grep -qE "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for $2 in $1" >&2; cat "$1" >&2; return 1
}
urls=()
gwpid=()
for i in 1 2 3; do
  "$bin/gateway" serve --addr 127.0.0.1:0 --log-format text --catalog cmd/gateway/testdata/catalog.json \
    >"$dir/gateway$i.out" 2>"$dir/gateway$i.log" &
  pids+=($!) gwpid+=($!)
  wait_line "$dir/gateway$i.out" '^listening=' 20
  urls+=("http://$(grep -m1 '^listening=' "$dir/gateway$i.out" | cut -d= -f2)")
done
say "three gateways: ${urls[*]}"
"$bin/gwbench" -proxy 127.0.0.1:0 -targets "$(IFS=,; echo "${urls[*]}")" >"$dir/proxy.out" 2>"$dir/proxy.log" &
pids+=($!)
wait_line "$dir/proxy.out" '^listening=' 10
lb="http://$(grep -m1 '^listening=' "$dir/proxy.out" | cut -d= -f2)"
say "load balancer: $lb"

cred=$("$bin/gateway" kiosk add "Nhà văn hóa phường Cái Khế $RANDOM" --commune "Cái Khế")
id=$(echo "$cred" | grep '^id=' | cut -d= -f2-)
secret=$(echo "$cred" | grep '^secret=' | cut -d= -f2-)
kdata=$dir/kiosk
export LANG=C
"$bin/kiosk" --data "$kdata" register --gateway "$lb" --id "$id" --secret "$secret" 2>/dev/null
"$bin/kiosk" --data "$kdata" sync --once --quiet 2>/dev/null || true  # pulls the catalog

file() { # N: file dossier N with three scanned pages
  local n=$1 p pages=()
  for p in 1 2 3; do
    convert -size 620x877 -seed $(( RANDOM * 10 + p )) plasma: -colorspace Gray -quality 60 "$dir/page-$n-$p.jpg"
    pages+=(--page "to-khai=$dir/page-$n-$p.jpg")
  done
  "$bin/kiosk" --data "$kdata" dossier add --procedure 1.001193 --name "Nguyễn Văn Demo $n" \
    --field "ho_ten=Nguyễn Văn Demo $n" --field "ten_tre=Nguyễn Thị Bé $n" --field gioi_tinh=Nữ "${pages[@]}" 2>/dev/null
}
sync_all() {
  for _ in $(seq 1 20); do
    "$bin/kiosk" --data "$kdata" sync --once --quiet 2>/dev/null || true
    if ! "$bin/kiosk" --data "$kdata" outbox list --state queued 2>/dev/null | grep -q .; then return 0; fi
    sleep 1
  done
}

say "the kiosk files 3 dossiers through the load balancer"
for n in 1 2 3; do file "$n"; done
sync_all
"$bin/kiosk" --data "$kdata" outbox list 2>/dev/null

say "SIGKILL gateway 1 (${urls[0]}), then 3 more dossiers"
kill -9 "${gwpid[0]}"
sleep 0.6
for n in 4 5 6; do file "$n"; done
sync_all
"$bin/kiosk" --data "$kdata" outbox list 2>/dev/null
grep -h "proxy:" "$dir/proxy.log" || true

say "what the city sees (gateway dossier list, any process)"
"$bin/gateway" dossier list
say "the pages are objects in the bucket (versitygw keeps them as files)"
find "$dir/s3/root/dvc-pages" -type f -path '*cantho*' | sed "s|$dir/||" | head -20
sha=$(find "$dir/s3/root/dvc-pages" -type f -path '*cantho*' | head -1 | xargs basename)
"$bin/gateway" page get "$sha" --out "$dir/back.jpg"
say "gateway page get $sha read it back from S3: $(wc -c <"$dir/back.jpg") bytes, sha256 $(sha256sum "$dir/back.jpg" | cut -c1-16)…"
