#!/usr/bin/env bash
# Install what OneCard needs on a fresh Debian 12 machine (run as root), idempotently:
# Debian packages for PC/SC (pcscd + the vpcd virtual reader), Xvfb, PDF/QR tools, then the
# project and its test/build extras into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
# pyscard builds from source (gcc, swig, the PC/SC headers); Kivy's wheel needs GL and mtdev.
# prometheus: promtool checks deploy/prometheus-onecard-rules.yml; a real Prometheus scrapes a
# kiosk in tests/metrics (only its binaries are used, never the service the package installs).
APT_PACKAGES=(pcscd libpcsclite-dev swig gcc vsmartcard-vpcd xvfb poppler-utils zbar-tools libzbar0
              cups-client libgl1 libegl1 libmtdev1 xclip espeak-ng alsa-utils prometheus)
if [ "$(command -v "$PYTHON")" = /usr/bin/python3 ]; then
  APT_PACKAGES+=(python3-venv python3-dev)
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=.venv/.onecard-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test,build]"
  touch "$stamp"
fi
