#!/bin/sh
# The trainer's loader on bad input: each case must exit non-zero with a message that
# says what and where (file, line, column), and never crash. $1 is the train binary
# (make test builds it with ASan + UBSan). Ends with "N passed, M failed".
train=${1:-build/train_san}
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
passed=0 failed=0

# expect NAME PATTERN ARGS...: non-zero exit, no sanitizer report, stderr matches PATTERN
expect() {
    name=$1 pattern=$2
    shift 2
    "$train" "$@" >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && grep -q -- "$pattern" "$dir/err" && ! grep -q "Sanitizer" "$dir/err"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $name: exit $rc, stderr: $(head -c 300 "$dir/err")"
    fi
}

printf '1 qid:1 1:0.5 2:1\n0 qid:1 1:0.1 2:x\n' >"$dir/badval.txt"
expect "bad feature value" "badval.txt:2:17: expected a feature value" "$dir/badval.txt"
printf '1 qid:1 1:0.5\nfoo qid:1 1:0.2\n' >"$dir/badlabel.txt"
expect "bad label" "badlabel.txt:2:1: expected a label" "$dir/badlabel.txt"
printf '1 qid:1 1:0.5\n0 qid:1 0:0.2\n' >"$dir/zeroidx.txt"
expect "feature index 0" "zeroidx.txt:2:9: feature index 0 outside" "$dir/zeroidx.txt"
printf '1 qid:1 1:0.5\n0 qid:1 200000:0.2\n' >"$dir/bigidx.txt"
expect "feature beyond the limit" "bigidx.txt:2:9: feature index 200000 outside 1..100000" "$dir/bigidx.txt"
printf '1 qid:1 1 0.5\n' >"$dir/nocolon.txt"
expect "missing colon" "nocolon.txt:1:10: expected ':'" "$dir/nocolon.txt"
printf '1 qid:1 1:0.5\n2 qid:2 1:0.1\n0 qid:1 1:0.3\n' >"$dir/split.txt"
expect "qid not contiguous" "the rows of qid 1 are not contiguous" "$dir/split.txt"
printf '1 qid:1 1:0.5\n0 1:0.3\n' >"$dir/mixed.txt"
expect "qid on some rows only" "mixed.txt:2:1: qid: on some rows but not on others" "$dir/mixed.txt"
printf '# only a comment\n\n   \n' >"$dir/empty.txt"
expect "empty data set" "empty.txt: no rows" "$dir/empty.txt"
expect "missing file" "nosuch.txt: No such file" "$dir/nosuch.txt"
printf '1 1:0.5\n0 1:0.1\n2 1:0.3\n' >"$dir/noq.txt"
expect "no qid and no .query" "noq.txt: rows have no qid: and" "$dir/noq.txt"
printf '2\n2\n' >"$dir/noq.txt.query"
expect ".query sizes do not sum" "the group sizes add up to 4 rows" "$dir/noq.txt"
printf '2\nx\n' >"$dir/noq.txt.query"
expect ".query not a number" "noq.txt.query:2: expected a group size" "$dir/noq.txt"
printf '1 qid:1 1:0.5\n' >"$dir/ok.txt"
expect "test file broken" "badval.txt:2:17" "$dir/ok.txt" --test "$dir/badval.txt"
expect "unknown option" "unknown option --frobnicate" --frobnicate 3
expect "unknown weighting" "unknown weighting ndgc" --weighting ndgc
printf -- '-1 qid:1 1:0.5\n' >"$dir/neglabel.txt"
expect "negative label" "neglabel.txt:1:1: negative label" "$dir/neglabel.txt"

# every weighting trains and reports the metrics at 10
for w in none ndcg map mrr err lambdaloss label_diff; do
    if "$train" --epochs 1 --weighting $w >"$dir/out" 2>"$dir/err" &&
        grep -Eq "final (train|test): NDCG@10 0\.[0-9]+, MAP@10 0\.[0-9]+, MRR@10 0\.[0-9]+, ERR@10 0\.[0-9]+ \(trained for $w\)" "$dir/out"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL --weighting $w: $(tail -2 "$dir/out") $(head -c 300 "$dir/err")"
    fi
done

# and the good path: comments, blank lines, sparse rows, a .query file
printf '# header\n2 1:1 3:0.5 # trailing comment\n\n0 2:1\n1 1:0.5\n0 3:1\n' >"$dir/good.txt"
printf '2\n2\n' >"$dir/good.txt.query"
if "$train" "$dir/good.txt" --epochs 2 >"$dir/out" 2>"$dir/err" && grep -q "2 queries, 4 rows, 3 features" "$dir/out"; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL good file: $(cat "$dir/err")"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
