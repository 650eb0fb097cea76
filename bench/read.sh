#!/usr/bin/env bash
# Read-path benchmark (wrk): cold and warm passes beside the baselines.
#   bench/read.sh [--duration 5] [--rounds 3] [--connections 32] [--only cold|warm] [--record]
# Starts and always stops its own server on 127.0.0.1:8400 (--port).
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
.venv/bin/python -m bench.read "$@" &
child=$!
wait "$child"
