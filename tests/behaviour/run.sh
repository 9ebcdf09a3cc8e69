#!/usr/bin/env bash
# Behaviour check for the align and analyze paths: runs one `alih` binary over
# fixed inputs and writes every output to a directory, so two binaries (before
# and after a refactor) can be compared byte for byte:
#
#   tests/behaviour/run.sh target/debug/alih /tmp/before   # on the old commit
#   tests/behaviour/run.sh target/debug/alih /tmp/after    # on the new one
#   diff -r /tmp/before /tmp/after && echo identical
#
# Inputs (read, never copied into the repository):
# - ../shared/data/indonlg-news (Guntara, Aji and Prasojo, BUCC 2020, CC BY-SA
#   4.0): every pair as its own line; the same pairs grouped eight to a document
#   in four-sentence paragraphs (cross-sentence quote and number pairing); and
#   two deterministic perturbations of the English (the first digit of the line
#   changed, the first number deleted), so changed/missing findings and repairs
#   run too. All with target_lang "en".
# - tests/fixtures/align/dw-korut-rusia.ms.json: the sample article through
#   Apertium (target_lang "ms").
# - `alih analyze` on tests/fixtures/dw-korut-rusia.json and on the texts of
#   ../shared/data/id-seg-hardcases.
#
# The data directory defaults to ../shared/data beside the repository;
# ALIH_BEHAVIOUR_DATA overrides it. The environment is emptied for each run so
# that no ALIH_* variable or config file changes what the binary does.
#
# It lives under tests/ because it is a test, run by hand around refactors, not
# a deployment step; it needs the shared data, which CI does not have.
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 ALIH_BINARY OUTPUT_DIR" >&2
    exit 2
fi
binary=$(realpath "$1")
output=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
data=${ALIH_BEHAVIOUR_DATA:-$repo/../../shared/data}
[[ -d $data/indonlg-news ]] || data=/work/shared/data
for needed in "$data/indonlg-news/valid.id" "$data/indonlg-news/valid.en" "$data/id-seg-hardcases/hardcases.jsonl"; do
    [[ -f $needed ]] || { echo "missing $needed (set ALIH_BEHAVIOUR_DATA)" >&2; exit 2; }
done
mkdir -p "$output/input"

python3 - "$data" "$repo" "$output/input" <<'PY'
import json, re, sys
data, repo, out = sys.argv[1:4]
ids = open(f"{data}/indonlg-news/valid.id", encoding="utf-8").read().split("\n")
ens = open(f"{data}/indonlg-news/valid.en", encoding="utf-8").read().split("\n")
pairs = [(i, e) for i, e in zip(ids, ens) if i.strip() or e.strip()]

def write(name, lines):
    with open(f"{out}/{name}", "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")

def pair_lines(prefix, transform):
    for n, (source, target) in enumerate(pairs):
        yield {"id": f"{prefix}-{n:04}", "source": [source], "target": [transform(target)], "target_lang": "en"}

def bump_first_digit(text):
    return re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), text, count=1)

def drop_first_number(text):
    return re.sub(r"\d[\d.,]*\s?", "", text, count=1)

write("align-pairs.jsonl", pair_lines("pair", lambda t: t))
write("align-pairs-digit-changed.jsonl", pair_lines("changed", bump_first_digit))
write("align-pairs-number-dropped.jsonl", pair_lines("dropped", drop_first_number))
docs = []
for start in range(0, len(pairs), 8):
    chunk = pairs[start:start + 8]
    docs.append({
        "id": f"doc-{start // 8:03}",
        "source": [s for s, _ in chunk],
        "target": [t for _, t in chunk],
        "source_paragraph_starts": list(range(0, len(chunk), 4)),
        "target_lang": "en",
    })
write("align-documents.jsonl", docs)
sample = json.load(open(f"{repo}/tests/fixtures/align/dw-korut-rusia.ms.json", encoding="utf-8"))
starts = [n for n, p in enumerate(sample["paragraphs"]) if n == 0 or p != sample["paragraphs"][n - 1]]
write("align-sample-ms.jsonl", [{
    "id": sample["id"], "source": sample["source"], "target": sample["target"],
    "source_paragraph_starts": starts, "target_lang": sample["target_lang"],
}])
article = json.load(open(f"{repo}/tests/fixtures/dw-korut-rusia.json", encoding="utf-8"))
write("analyze-sample.jsonl", [article])
cases = []
for line in open(f"{data}/id-seg-hardcases/hardcases.jsonl", encoding="utf-8"):
    if line.strip():
        case = json.loads(line)
        cases.append({"id": case["doc"], "body": case.get("text") or " ".join(case["sentences"])})
write("analyze-hardcases.jsonl", cases)
PY

run() {
    env -i PATH="$PATH" HOME="$HOME" "$binary" "$@"
}
for input in "$output"/input/align-*.jsonl; do
    run align --jsonl <"$input" >"$output/$(basename "$input" .jsonl).out.jsonl"
done
for input in "$output"/input/analyze-*.jsonl; do
    run analyze <"$input" >"$output/$(basename "$input" .jsonl).out.jsonl"
done
wc -l "$output"/*.out.jsonl
