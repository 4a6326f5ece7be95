#!/bin/sh
# The trainer's linear model on the LETOR sample with each weighting (k = 10, mu = 10,
# 30 epochs): its test NDCG@10, MAP@10, MRR@10 and ERR@10, as a Markdown table.
# Usage: sh examples/weightings.sh [TRAINER] [LETOR_DIR]
train=${1:-./build/train}
letor=${2:-data/letor-sample}
echo "| weighting | test NDCG@10 | MAP@10 | MRR@10 | ERR@10 |"
echo "| --- | --- | --- | --- | --- |"
for w in none ndcg map mrr err lambdaloss label_diff; do
    line=$("$train" "$letor/rank.train" --test "$letor/rank.test" --epochs 30 --weighting $w --k 10 --mu 10 | grep '^final test:') ||
        { echo "weightings: $train failed for $w" >&2; exit 1; }
    echo "$line" | sed -n "s/^final test: NDCG@10 \([0-9.]*\), MAP@10 \([0-9.]*\), MRR@10 \([0-9.]*\), ERR@10 \([0-9.]*\).*/| $w | \1 | \2 | \3 | \4 |/p"
done
