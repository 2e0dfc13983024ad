#!/usr/bin/env bash
# Seeds fuzz corpora from the repository's own documents (and ../../shared/corpus when present).
set -euo pipefail
cd "$(dirname "$0")"
root=..
add() { # target, files...
  local t=$1; shift
  mkdir -p "corpus/$t"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "corpus/$t/$(echo "$f" | tr '/' '_')"; done
}
mapfile -t xml < <(find "$root/examples" "$root"/*/tests -name '*.xml' 2>/dev/null | head -500)
mapfile -t json < <(find "$root/examples" "$root"/*/tests -name '*.json' 2>/dev/null | head -500)
mapfile -t manifests < <(find "$root/examples" "$root"/*/tests -name 'imsmanifest.xml' 2>/dev/null | head -200)
add xml_document "${xml[@]}"
add xml_roundtrip "${xml[@]}"
add cp_manifest "${manifests[@]}"
add detect "${xml[@]}" "${json[@]}"
# The differential target compares two parsers per input: small documents keep it fast.
mapfile -t small < <(find "$root/examples" "$root"/*/tests -name '*.xml' -size -4k 2>/dev/null | head -300)
add xml_differential "${small[@]}"
printf '<a xmlns="urn:x" xmlns:p="urn:y" p:k="1" k="&amp;&#x41;"><p:b>t<![CDATA[c]]><!--c--><?pi d?></p:b></a>' > corpus/xml_differential/handmade
mkdir -p corpus/core_values
printf 'P1Y2M3DT4H5M6.5S' > corpus/core_values/duration
printf '2024-05-01T10:15:00.000Z' > corpus/core_values/datetime
printf 'en-GB' > corpus/core_values/lang
if [ -d ../../shared/corpus ]; then
  mapfile -t sxml < <(find ../../shared/corpus -name '*.xml' | head -400)
  add xml_document "${sxml[@]}"
  add xml_roundtrip "${sxml[@]}"
  mapfile -t sman < <(find ../../shared/corpus -name 'imsmanifest.xml' | head -100)
  add cp_manifest "${sman[@]}"
  mapfile -t ssmall < <(find ../../shared/corpus -name '*.xml' -size -4k | head -200)
  add xml_differential "${ssmall[@]}"
fi
for d in corpus/*; do echo "$d: $(ls "$d" | wc -l) seeds"; done
