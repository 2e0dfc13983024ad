#!/usr/bin/env bash
# Interop with real LTI peers: pylti1p3 validates our platform launches; PyJWT-signed launches
# are validated by our tool side.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash lti-core/tests/interop/run.sh
