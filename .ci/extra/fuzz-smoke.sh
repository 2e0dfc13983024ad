#!/usr/bin/env bash
# Builds every fuzz target and runs each one briefly, seeded from the repository's own documents.
set -euo pipefail
cd "$(dirname "$0")/../../fuzz"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked --quiet
export RUSTC_BOOTSTRAP=1
./seed.sh >/dev/null
cargo fuzz build -O
for t in $(cargo fuzz list); do
  mkdir -p "corpus/$t"
  echo "fuzz smoke: $t"
  cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="${FUZZ_SECONDS:-8}" -rss_limit_mb=2048 2>&1 | grep -E 'DONE|Done' | tail -1
done
