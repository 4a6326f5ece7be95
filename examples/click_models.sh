#!/bin/sh
# The click simulation (examples/clicks.c, synthetic data, linear ranker, 5 seeds) over
# several click models: examination (1/(r+1))^eta, noise clicks eps on irrelevant items.
# For each: test NDCG@10 trained on true labels, on raw clicks, and debiased with
# ranknet_bias_create's defaults (p 0, t- held) and with XGBoost's (p 1, t- learned).
# Usage: sh examples/click_models.sh [CLICKS_BINARY]
clicks=${1:-./build/clicks}
echo "| eta | eps | true-label | naive | debiased, library defaults | debiased, XGBoost's defaults |"
echo "| --- | --- | --- | --- | --- | --- |"
for model in "0.6 0.1" "1.2 0.1" "2 0.1" "1 0" "1 0.3"; do
    set -- $model
    out=$("$clicks" --eta "$1" --eps "$2" --xgboost-rounds 0) || true # a missed target still reports
    main=$(echo "$out" | grep '^clicks: NDCG@10 true-label')
    xgb=$(echo "$out" | grep "^clicks: NDCG@10 debiased with XGBoost's defaults")
    [ -n "$main" ] && [ -n "$xgb" ] || { echo "click_models: $clicks printed no summary for eta $1, eps $2" >&2; exit 1; }
    t=$(echo "$main" | sed 's/.*true-label \([0-9.]*\).*/\1/')
    n=$(echo "$main" | sed 's/.*naive \([0-9.]*\).*/\1/')
    d=$(echo "$main" | sed 's/.*debiased \([0-9.]*\).*/\1/')
    x=$(echo "$xgb" | sed 's/.*learned) \([0-9.]*\).*/\1/')
    echo "| $1 | $2 | $t | $n | $d | $x |"
done
