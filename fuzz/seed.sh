#!/usr/bin/env bash
# Seeds fuzz corpora from the repository's own documents (and ../../shared/corpus when present,
# or $IMS_SHARED_DIR/corpus). Seeds land in the git-ignored corpus/<target>/ folders; files
# larger than 256 KiB are skipped (libFuzzer's input length follows its largest seed).
set -euo pipefail
cd "$(dirname "$0")"
root=..
shared="${IMS_SHARED_DIR:-../../shared}/corpus"
max=262144

add() { # target, files...
  local t=$1; shift
  mkdir -p "corpus/$t"
  local f n
  for f in "$@"; do
    [ -f "$f" ] || continue
    n=${f//[\/ ()]/_}
    n=${n##*corpus_}
    cp "$f" "corpus/$t/${n#.._}"
  done
}
put() { # target, name, content
  mkdir -p "corpus/$1"
  printf '%s' "$3" > "corpus/$1/$2"
}
# OneRoster CSV sets for the oneroster_csv target: files framed by lines `\x1e<name>`.
frame_set() { # dir
  local f
  for f in "$1"/*.csv; do
    [ -f "$f" ] || continue
    printf '\x1e%s\n' "$(basename "$f")"
    cat "$f"
    printf '\n'
  done
}
srcs=("$root/examples" "$root"/*/tests)
[ -d "$shared" ] && srcs+=("$shared")

# Every XML file, split by root element (one grep per kind, not one process per file).
mapfile -t xml < <(find "${srcs[@]}" -name '*.xml' -size -256k 2>/dev/null | sort | head -3000)
kind() { printf '%s\0' "${xml[@]}" | xargs -0 grep -l -E "$1" 2>/dev/null | sort | head -"$2" || true; }
mapfile -t qti1 < <(kind '<questestinterop' 300)
mapfile -t qti2 < <(kind '<(assessmentItem|assessmentTest|assessmentSection|assessmentStimulus|assessmentResult|qti-assessment-item|qti-assessment-test|qti-assessment-section|qti-assessment-stimulus)[ >]' 1500)
mapfile -t items < <(kind '<(assessmentItem|qti-assessment-item)[ >]' 1000)
mapfile -t manifests < <(kind '<(\w+:)?manifest[ >]' 200)
mapfile -t descriptors < <(kind '<(\w+:)?(webLink|topic|cartridge_basiclti_link|assignment)[ >]' 200)
add xml_document "${xml[@]:0:600}"
add xml_roundtrip "${xml[@]:0:600}"
add detect "${xml[@]:0:300}"
add qti_read "${qti2[@]}"
add qti_roundtrip "${qti2[@]}"
add qti_engine "${items[@]}"
add cc_qti12 "${qti1[@]:0:300}"
add cp_manifest "${manifests[@]}"
add qti_package "${manifests[@]}"
add cc_manifest "${manifests[@]}"
add cc_descriptor "${descriptors[@]}"

# Zipped cartridges (and the sample course, zipped here).
mapfile -t zips < <(find "${srcs[@]}" \( -name '*.imscc' -o -name '*.zip' \) -size -256k 2>/dev/null | sort)
add cc_package "${zips[@]}"
if command -v zip >/dev/null 2>&1; then
  for d in "$root/examples/data/cc/sample-course" "$root/examples/broken/cc/broken-course"; do
    [ -d "$d" ] && (cd "$d" && zip -qr - .) > "corpus/cc_package/$(basename "$d").zip"
  done
fi

# Generated QTI items and tests (the qti crate's property-test generators), in every version,
# written once and added to the three QTI targets. Built as the workspace's own tests are built
# (same features, no RUSTC_BOOTSTRAP, which would invalidate the cache): a rebuild is avoided.
gen=$(mktemp -d)
(cd "$root" && QTI_FUZZ_SEEDS="$gen" env -u RUSTC_BOOTSTRAP cargo test -q --workspace \
  --all-features --lib write_fuzz_seeds -- --ignored 1>&2)
for t in qti_read qti_roundtrip; do
  mkdir -p "corpus/$t"
  cp "$gen"/*.xml "corpus/$t/"
done
# qti_engine runs items only (a test would only exercise the reader there).
mkdir -p corpus/qti_engine
cp "$gen"/gen-item-*.xml corpus/qti_engine/
rm -rf "$gen"

# JSON: Caliper, OneRoster, LTI.
mapfile -t caliper < <(find "$root/examples/data/caliper" "$root/examples/broken/caliper" \
  ${shared:+"$shared/caliper"} \( -name '*.json' -o -name '*.jsonld' \) 2>/dev/null | sort)
add caliper_json "${caliper[@]}"
# Structured seeds from the caliper crate's own tables: every entity type with every property,
# every event rule with each of its actions (examples/caliper_fuzz_seeds.rs).
(cd "$root" && env -u RUSTC_BOOTSTRAP cargo run -q --all-features --example caliper_fuzz_seeds \
  -- fuzz/corpus/caliper_json)
mapfile -t orjson < <(find "$root/examples/data/oneroster" "$root/examples/broken/oneroster" \
  ${shared:+"$shared/oneroster"} -name '*.json' 2>/dev/null | sort)
add oneroster_json "${orjson[@]}"
mapfile -t ltijson < <(find "$root/examples/data/lti" "$root/examples/broken/lti" \
  ${shared:+"$shared/lti"} -name '*.json' 2>/dev/null | sort)
add lti_claims "${ltijson[@]}"
add lti_services "${ltijson[@]}" "$root/lti-core/tests/fixtures/platform.json"
mapfile -t jwts < <(find "$root/examples" -name '*.jwt' | sort)
add lti_jwt "${jwts[@]}"
add detect "${caliper[@]:0:100}" "${orjson[@]}" "${ltijson[@]}"

# OneRoster CSV sets, framed for oneroster_csv and zipped for oneroster_zip.
mkdir -p corpus/oneroster_csv corpus/oneroster_zip
mapfile -t sets < <(find "$root/examples" ${shared:+"$shared/oneroster"} -name 'users.csv' -printf '%h\n' 2>/dev/null | sort -u)
for d in "${sets[@]}"; do
  n=$(echo "$d" | tr '/ ' '__' | sed 's/^[._]*//')
  frame_set "$d" > "corpus/oneroster_csv/$n"
  if command -v zip >/dev/null 2>&1; then
    (cd "$d" && zip -q - ./*.csv) > "corpus/oneroster_zip/$n.zip"
  fi
done

# Hand-written seeds for the string parsers.
put oneroster_filter f1 "status='active'"
put oneroster_filter f2 "dateLastModified>'2015-01-01T00:00:00Z' AND status='active'"
put oneroster_filter f3 "role='student' OR role='teacher'"
put oneroster_filter f4 "grades~'09,10'"
put oneroster_filter f5 "familyName!='Smith' AND (givenName>='A' OR sourcedId<='z')"
put oneroster_filter q1 "limit=10&offset=20&sort=familyName&orderBy=desc&filter=status%3D%27active%27&fields=sourcedId,givenName"
put oneroster_filter l1 '<https://sis.example/users?offset=20>; rel="next", <https://sis.example/users?offset=980>; rel="last"'
put lti_http login "iss=https%3A%2F%2Flms.example&login_hint=u1&target_link_uri=https%3A%2F%2Ftool.example%2Flaunch&lti_message_hint=m&lti_deployment_id=d1&client_id=c1&lti_storage_target=_parent"
put lti_http launch "id_token=eyJhbGciOiJSUzI1NiJ9.e30.c2ln&state=abc"
put lti_http auth "scope=openid&response_type=id_token&client_id=c1&redirect_uri=https%3A%2F%2Ftool.example%2Flaunch&login_hint=u1&state=s&response_mode=form_post&nonce=n&prompt=none"
put lti_http link1 '<https://lms.example/members?page=2>; rel="next", <https://lms.example/members?since=1>; rel="differences"'
put lti_http link2 '<https://a.example/x,y>; rel="next last"; title="a, b", <https://b.example/>; rel=prev'
put qti_responses plain '{"CHOICE":["A","C"],"ORDER":["A","B","C"],"PAIRS":["A X","B Y"],"NUM":3.14,"INT":7,"TEXT":"Paris","POINT":"10 10","REC":{"a":1,"b":"x"}}'
put qti_responses pci '{"CHOICE":{"list":{"identifier":["A","C"]}},"ORDER":{"list":{"identifier":["A","B","C"]}},"PAIRS":{"list":{"directedPair":[["A","X"],["B","Y"]]}},"NUM":{"base":{"float":3.14}},"INT":{"base":{"integer":0}},"TEXT":{"base":{"string":"paris"}},"POINT":{"base":{"point":[10,10]}},"REC":{"record":[{"name":"a","base":{"integer":1}},{"name":"b","base":null}]}}'
put qti_responses overflow '{"INT":9223372036854775807,"NUM":1e308}'

# The differential target compares two parsers per input: small documents keep it fast.
mapfile -t small < <(find "${srcs[@]}" -name '*.xml' -size -4k 2>/dev/null | sort | head -500)
add xml_differential "${small[@]}"
mkdir -p corpus/xml_differential
printf '<a xmlns="urn:x" xmlns:p="urn:y" p:k="1" k="&amp;&#x41;"><p:b>t<![CDATA[c]]><!--c--><?pi d?></p:b></a>' > corpus/xml_differential/handmade
mkdir -p corpus/core_values
printf 'P1Y2M3DT4H5M6.5S' > corpus/core_values/duration
printf '2024-05-01T10:15:00.000Z' > corpus/core_values/datetime
printf 'en-GB' > corpus/core_values/lang

for d in corpus/*; do echo "$d: $(find "$d" -type f | wc -l) seeds"; done
