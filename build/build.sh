#!/usr/bin/env bash
# Build the one-folder OneCard bundle (build/dist/onecard/) and its versioned archive
# (build/dist/onecard-<version>-linux-<arch>.tar.gz). Run from anywhere; needs .venv (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-.venv/bin/python}
"$python" -m pip install -q -c build/constraints.txt -r build/requirements.txt -e .

# Kivy is imported while the spec runs: keep it from reading argv, logging or writing ~/.kivy.
kivy_home=$(mktemp -d)
trap 'rm -rf "$kivy_home"' EXIT
export KIVY_HOME=$kivy_home KIVY_NO_ARGS=1 KIVY_NO_CONSOLELOG=1 KIVY_NO_FILELOG=1
export KIVY_USE_DEFAULTCONFIG=1 KIVY_LOG_MODE=PYTHON

"$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath build/dist --workpath build/work build/onecard.spec

version=$("$python" -c 'import kiosk; print(kiosk.__version__)')
archive=build/dist/onecard-$version-linux-$(uname -m).tar.gz
tar -C build/dist -czf "$archive" onecard
echo "built build/dist/onecard/ and $archive"
