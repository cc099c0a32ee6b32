#!/bin/bash
# Quality of one embedding variant on every held-out split: one JSON report per set in OUT.
#   bash bench/embed_matrix.sh NAME BACKEND CLAUSE_MODE [OUT]
#   e.g. bash bench/embed_matrix.sh int8-late onnx-int8 late /tmp/matrix
# Consumes: the test splits of bench/sets and corpus/questions, the CMRC trial and DRCD dev corpora in
# ../shared/benchmarks (BENCH=... to point elsewhere). Produces: OUT/NAME-SET.json (chatbot eval --json)
# and OUT/NAME-SET.details.jsonl; indexes are kept in /tmp/matrix-idx-NAME, so a rerun only evaluates.
# A set whose report already exists is skipped. README "Speed" has the table this made.
set -u
cd "$(dirname "$0")/.."
name=$1 backend=$2 mode=$3 out=${4:-/tmp/matrix}
bench=${BENCH:-../shared/benchmarks}
chatbot=${CHATBOT:-.venv/bin/chatbot}
mkdir -p "$out"
while read -r set args; do
  [ -s "$out/$name-$set.json" ] && continue
  started=$(date +%s)
  # shellcheck disable=SC2086
  CHATBOT_INDEX=/tmp/matrix-idx-$name CHATBOT_EMBED_BACKEND=$backend CHATBOT_CLAUSE_VECTORS=$mode \
    "$chatbot" eval $args --json --details "$out/$name-$set.details.jsonl" > "$out/$name-$set.json" 2> "$out/$name-$set.err"
  echo "$name $set rc=$? $(( $(date +%s) - started ))s"
done <<SETS
seed corpus/questions/seed.jsonl
seedreal corpus/questions/seed-realistic.test.jsonl
intranet bench/sets/intranet/test.jsonl --corpus bench/sets/intranet/corpus
fresh bench/sets/fresh/test.jsonl --corpus bench/sets/fresh/corpus
cmrc bench/sets/cmrc2018-trial/test.jsonl --corpus $bench/cmrc2018-trial/corpus
drcd bench/sets/drcd-dev/test.jsonl --corpus $bench/drcd-dev/corpus
SETS
