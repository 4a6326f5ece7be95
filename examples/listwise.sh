#!/bin/sh
# Each loss on the LETOR sample: the trainer's linear model (30 epochs) and XGBoost (100
# rounds, ranknet.h's gradients as its objective), test NDCG@10, as a Markdown table.
# Usage: sh examples/listwise.sh [TRAINER] [LETOR_DIR] [PYTHON]
train=${1:-./build/train}
letor=${2:-data/letor-sample}
python=${3:-/usr/bin/python3}
xgb=yes
$python -c 'import xgboost, numpy' 2>/dev/null || xgb=
echo "| loss | linear model | XGBoost |"
echo "| --- | --- | --- |"
for l in pairs ndcg softmax poly1 xendcg listmle approx_ndcg; do
    case $l in
    pairs) opt="" ;;
    ndcg) opt="--weighting ndcg --k 10" ;;
    *) opt="--loss $l" ;;
    esac
    lin=$("$train" "$letor/rank.train" --test "$letor/rank.test" --epochs 30 $opt | sed -n 's/^final test: NDCG@10 \([0-9.]*\),.*/\1/p')
    [ -n "$lin" ] || { echo "listwise: $train failed for $l" >&2; exit 1; }
    if [ -n "$xgb" ]; then
        xg=$($python examples/xgboost_example.py "$letor" 100 --loss $l | sed -n 's/.*ranknet.h objective ([a-z_0-9]*) \([0-9.]*\).*/\1/p')
        [ -n "$xg" ] || { echo "listwise: xgboost_example.py failed for $l" >&2; exit 1; }
    else
        xg="(no xgboost)"
    fi
    echo "| $l | $lin | $xg |"
done
