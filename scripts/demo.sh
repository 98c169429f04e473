#!/usr/bin/env bash
# The embedded default: the emulated card and the sandbox API on loopback, no hardware.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/onecard read --demo "${1:-somchai}"
