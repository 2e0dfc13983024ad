#!/usr/bin/env bash
# Runs a fuzz campaign: every target (or the ones named), one at a time, for SECONDS each
# (HEAVY_SECONDS for the XML/QTI/CC targets, whose coverage keeps climbing longer), and prints a
# Markdown table row per target: executions, time, final cov/ft, corpus size. Crashes are noted
# with the reproducer's path and the campaign moves on to the next target.
#
#   RUSTC_BOOTSTRAP=1 cargo fuzz build -O   # first
#   SECONDS_PER_TARGET=240 ./campaign.sh [target...] | tee campaign.log
#
# Plateau mode: with PLATEAU_SECONDS set, each target runs until its coverage (`cov`) has not
# grown for PLATEAU_SECONDS (checked every 10 s), or for SECONDS_PER_TARGET at most; the row then
# says `plateau` or `still rising`.
#
# Prebuilt mode: with BIN_DIR set (a folder holding copies of the built target binaries), the
# targets run from there without cargo, so editing the crates during a campaign triggers no rebuild
# and the whole campaign tests one commit:
#   mkdir -p /tmp/fuzzbin && cp target/x86_64-unknown-linux-gnu/release/<targets> /tmp/fuzzbin/
#   BIN_DIR=/tmp/fuzzbin PLATEAU_SECONDS=180 SECONDS_PER_TARGET=720 ./campaign.sh ...
#
# FUZZ_FLAGS adds libFuzzer flags to every run, e.g. FUZZ_FLAGS=-print_pcs=1 to log each newly
# covered edge with its function and source line (where a run's late coverage comes from).
set -uo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
secs="${SECONDS_PER_TARGET:-240}"
heavy="${HEAVY_SECONDS:-$secs}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)
# One target's run with libFuzzer's flags; the command line is matched again by `pkill` below.
# A target with a dictionary (`dicts/<target>.dict`, written by `dicts/make.py`) gets it.
run_target() {
  local t=$1 s=$2
  local dict=()
  [ -f "dicts/$t.dict" ] && dict=(-dict="dicts/$t.dict")
  if [ -n "${BIN_DIR:-}" ]; then
    mkdir -p "artifacts/$t"
    "$BIN_DIR/$t" -artifact_prefix="artifacts/$t/" "corpus/$t" -max_total_time="$s" \
      -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 "${dict[@]}" ${FUZZ_FLAGS:-}
  else
    cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$s" -rss_limit_mb=2048 -timeout=20 \
      -print_final_stats=1 "${dict[@]}" ${FUZZ_FLAGS:-}
  fi
}
mkdir -p logs
echo "| target | executions | time (s) | cov | ft | corpus (files) | result |"
echo "|---|---|---|---|---|---|---|"
for t in "${targets[@]}"; do
  case "$t" in
    xml_*|qti_read|qti_roundtrip|qti_engine|qti_package|cc_*|cp_manifest) s=$heavy ;;
    *) s=$secs ;;
  esac
  mkdir -p "corpus/$t"
  log="logs/$t.log"
  start=$(date +%s)
  plateau=""
  if [ -n "${PLATEAU_SECONDS:-}" ]; then
    run_target "$t" "$s" >"$log" 2>&1 &
    pid=$!
    best=-1
    since=$(date +%s)
    while kill -0 "$pid" 2>/dev/null; do
      sleep 10
      cov_now=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
      # The clock starts with the first coverage line (after any rebuild and the corpus load).
      if [ -n "$cov_now" ] && [ "$cov_now" -gt "$best" ]; then
        best=$cov_now
        since=$(date +%s)
      elif [ "$best" -ge 0 ] && [ $(( $(date +%s) - since )) -ge "$PLATEAU_SECONDS" ]; then
        # libFuzzer prints its final statistics on SIGINT.
        if pkill -INT -f "^(target/[^ ]*/release|${BIN_DIR:-target/}[^ ]*)/$t " 2>/dev/null; then
          plateau="plateau (no new coverage for ${PLATEAU_SECONDS} s)"
          break
        fi
      fi
    done
    wait "$pid"
    rc=$?
    # An interrupted run exits non-zero; it is not a crash.
    if [ -n "$plateau" ] && ! grep -qE '^==[0-9]+== ERROR|panicked at|Test unit written' "$log"; then
      rc=0
    fi
    [ -n "$plateau" ] || plateau="still rising"
  else
    run_target "$t" "$s" >"$log" 2>&1
    rc=$?
  fi
  # libFuzzer's own run time ("Done N runs in T second(s)"); wall time (which includes a
  # rebuild, if any) when it crashed before saying.
  took=$(grep -oE '^Done [0-9]+ runs in [0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  [ -n "$took" ] || took=$(( $(date +%s) - start ))
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+')
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+')
  files=$(find "corpus/$t" -type f | wc -l)
  if [ $rc -eq 0 ]; then
    result="ok${plateau:+, $plateau}"
  else
    result="CRASH rc=$rc $(grep -oE 'artifact_prefix.*|Test unit written to [^ ]+' "$log" | tail -1)"
    [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' <<<"$last" | tr -d '#')
  fi
  echo "| \`$t\` | ${runs:-?} | $took | ${cov:-?} | ${ft:-?} | $files | $result |"
done
