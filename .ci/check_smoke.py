#!/usr/bin/env python3
"""Checks the JSON-lines output of `ims validate --format json`.

Default: every line is well-formed, has the documented keys, a known kind (not "unknown"), and
is valid. --expect-invalid: every line is invalid and has at least one problem with a code and a
message. --summary: prints counts per kind and validity (never fails on validity).
"""
import collections
import json
import sys

KINDS = {
    "qti-item", "qti-test", "qti-section", "qti-stimulus", "qti-results", "qti-package", "qti-1.2",
    "cc-package", "cc-manifest", "caliper-envelope", "caliper-event", "caliper-entity",
    "oneroster-csv", "oneroster-json", "lti-message", "lti-jwt", "unknown",
}
KEYS = {"path", "kind", "version", "valid", "errors", "warnings", "problems"}


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    mode = "valid"
    if "--expect-invalid" in sys.argv:
        mode = "invalid"
    if "--summary" in sys.argv:
        mode = "summary"
    lines = [l for l in open(args[0], encoding="utf-8").read().splitlines() if l.strip()]
    if not lines:
        print("no output lines")
        return 1
    failures = []
    counts = collections.Counter()
    for line in lines:
        doc = json.loads(line)
        missing = KEYS - doc.keys()
        if missing:
            failures.append(f"{line}: missing keys {missing}")
            continue
        if doc["kind"] not in KINDS:
            failures.append(f"{doc['path']}: unknown kind value {doc['kind']}")
        errors = sum(1 for p in doc["problems"] if p["severity"] == "error")
        warnings = sum(1 for p in doc["problems"] if p["severity"] == "warning")
        if (errors, warnings) != (doc["errors"], doc["warnings"]):
            failures.append(f"{doc['path']}: counts do not match problems")
        if doc["valid"] != (errors == 0):
            failures.append(f"{doc['path']}: valid flag does not match errors")
        for p in doc["problems"]:
            if not p.get("code") or not p.get("message") or p.get("severity") not in ("error", "warning", "info"):
                failures.append(f"{doc['path']}: malformed problem {p}")
        counts[(doc["kind"], doc["valid"])] += 1
        if mode == "valid":
            if doc["kind"] == "unknown":
                failures.append(f"{doc['path']}: not recognised")
            if not doc["valid"]:
                failures.append(f"{doc['path']}: invalid: {[p['code'] for p in doc['problems']]}")
        elif mode == "invalid":
            if doc["valid"] or not doc["problems"]:
                failures.append(f"{doc['path']}: expected to be reported invalid")
    for (kind, valid), n in sorted(counts.items()):
        print(f"{kind:18} {'valid' if valid else 'invalid':8} {n}")
    if failures:
        print("\n".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
