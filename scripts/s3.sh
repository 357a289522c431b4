#!/usr/bin/env bash
# A throwaway S3-compatible server for tests and demos: versitygw over a local directory.
#   s3.sh install          - build versitygw once into $(go env GOPATH)/bin (about 40 s; cached)
#   s3.sh start DIR PORT   - start it on 127.0.0.1:PORT with objects under DIR, print the
#                            environment the tests read (eval it):
#                            KIOSK_TEST_S3_ENDPOINT, KIOSK_TEST_S3_ACCESS_KEY, KIOSK_TEST_S3_SECRET_KEY
#   s3.sh stop DIR
# Why versitygw: it is a small Go program (go install, ~40 s on 2 cores, one ~80 MB
# binary) that speaks the S3 API over a plain directory, so buckets and objects are
# files a test can look at; SeaweedFS also works but takes ~3 minutes and 230 MB to build.
set -euo pipefail
VERSION=v1.8.0
export PATH=$PATH:/usr/local/go/bin
bindir=$(go env GOPATH)/bin
bin=$bindir/versitygw

install() {
  if [ -x "$bin" ] && go version -m "$bin" 2>/dev/null | grep -q "mod[[:space:]]*github.com/versity/versitygw[[:space:]]*$VERSION"; then
    return
  fi
  echo "s3.sh: building versitygw $VERSION into $bindir" >&2
  # Outside the module: its dependencies are not ours.
  (cd / && GOFLAGS=-mod=mod go install "github.com/versity/versitygw/cmd/versitygw@$VERSION") >&2
}

cmd=${1:-}
case "$cmd" in
install)
  install
  ;;
start)
  dir=$2 port=${3:-7070}
  install
  mkdir -p "$dir/root"
  access=kiosktest secret=kiosktest-secret-$port
  ROOT_ACCESS_KEY_ID=$access ROOT_SECRET_ACCESS_KEY=$secret \
    nohup "$bin" --port "127.0.0.1:$port" --quiet posix "$dir/root" >"$dir/server.log" 2>&1 &
  echo $! >"$dir/pid"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "KIOSK_TEST_S3_ENDPOINT=127.0.0.1:$port"
      echo "KIOSK_TEST_S3_ACCESS_KEY=$access"
      echo "KIOSK_TEST_S3_SECRET_KEY=$secret"
      exit 0
    fi
    if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      echo "s3.sh: versitygw exited:" >&2; cat "$dir/server.log" >&2; exit 1
    fi
    sleep 0.1
  done
  echo "s3.sh: versitygw did not listen on 127.0.0.1:$port within 10 s" >&2
  cat "$dir/server.log" >&2
  exit 1
  ;;
stop)
  dir=$2
  if [ -f "$dir/pid" ]; then
    kill "$(cat "$dir/pid")" 2>/dev/null || true
    rm -f "$dir/pid"
  fi
  ;;
*) echo "usage: s3.sh install | start DIR PORT | stop DIR" >&2; exit 2;;
esac
