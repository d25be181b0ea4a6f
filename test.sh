#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test suite. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
./build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure --timeout 1500 -j 2
