#!/usr/bin/env bash
# Serve the portal the way the benchmarks do: gunicorn, two sync workers,
# PostgreSQL db `bench`, Redis db 4, DEBUG off, rate limit off, on 127.0.0.1.
#   bench/serve.sh [--port 8400] [--cache redis|dummy] [--sqlite] [--fresh] [--no-prepare]
# Stops the server on Ctrl-C, on SIGTERM and after --max-seconds (default 3600).
set -euo pipefail
cd "$(dirname "$0")/.."
child=""
cleanup() {
    local status=$?
    if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
        kill -TERM "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
.venv/bin/python -m bench.server "$@" &
child=$!
wait "$child"
