#!/usr/bin/env bash
# Interop test of lti-core with real peers: pylti1p3 (tool side) and PyJWT (platform side).
# Installs the peers with pip, builds the Rust interop example, runs both directions.
set -euo pipefail
cd "$(dirname "$0")/../../.."
python3 -m pip install --quiet --disable-pip-version-check "pylti1p3==2.0.0" "PyJWT>=2.8,<3" "cryptography>=42"
cargo build --quiet -p lti-core --example interop
python3 lti-core/tests/interop/interop.py target/debug/examples/interop
