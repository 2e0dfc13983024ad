#!/usr/bin/env bash
# Builds every fuzz target and runs each one briefly, seeded from the repository's own documents,
# so the targets never rot. Targets come from `cargo fuzz list` (every [[bin]] in fuzz/Cargo.toml).
#
# Run time: FUZZ_SECONDS (default 6) per target, one target at a time (23 targets: about
# 3 minutes of fuzzing, plus corpus loading); the build is a release build with sanitizers
# (several minutes from scratch, seconds when cached). A crash fails the script and prints the
# fuzzer's output, including the reproducer's path.
set -euo pipefail
cd "$(dirname "$0")/../../fuzz"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked --quiet
export RUSTC_BOOTSTRAP=1
./seed.sh >/dev/null
cargo fuzz build -O
secs="${FUZZ_SECONDS:-6}"
# A fixed seed makes the run a prefix of the same input sequence on every machine (the targets are
# deterministic), so a longer local run with the same seed and seeds vouches for CI's short one.
seed="${FUZZ_SEED:-1}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
n=0
for t in $(cargo fuzz list); do
  mkdir -p "corpus/$t"
  # The target's dictionary, when it has one, so that a dictionary that no longer parses fails here.
  dict=()
  [ -f "dicts/$t.dict" ] && dict=(-dict="dicts/$t.dict")
  if ! cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -seed="$seed" \
       -rss_limit_mb=2048 -timeout=20 "${dict[@]}" >"$log" 2>&1; then
    echo "fuzz smoke: $t FAILED"
    tail -60 "$log"
    exit 1
  fi
  echo "fuzz smoke: $t ok ($(grep -E '^Done' "$log" | tail -1))"
  n=$((n + 1))
done
echo "fuzz smoke: $n targets ran"
