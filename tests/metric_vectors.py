"""metric_vectors.py - trec_eval's and gdeval's metrics of the LETOR sample's test queries,
scored by a trained model, saved as C test vectors for ranknet_metric.

A LightGBM lambdarank model (50 rounds) scores the 50 test queries; equal scores are
nudged apart (by 1e-9 an index, lower index higher, which is ranknet.h's tie rule) so
that no tool's tie rule matters. ir_measures computes, per query:
    AP@10, RR@10 (and AP over the whole list)   with pytrec_eval (trec_eval's map_cut, recip_rank)
    P@10, R@10                                   with pytrec_eval (trec_eval's P_10, recall_10)
    nDCG@10 with gain 2^y - 1, ERR@10           with gdeval (printed to 5 decimals)
gdeval's ERR takes ymax = 4 for every query, ranknet_metric the query's largest label:
ERR is compared on the queries whose largest label is 4 (NAN elsewhere), nDCG on queries
with a relevant item (gdeval gives 0 without one, ranknet.h 1).

    build/venv/bin/python tests/metric_vectors.py > tests/metric_vectors.h

Needs lightgbm, ir-measures and pytrec-eval-terrier (PyPI) and perl.
"""
import os
import sys

import numpy as np
import lightgbm as lgb
import ir_measures
from ir_measures import AP, ERR, P, R, RR, nDCG

here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(here, "..", "python"), os.path.join(here, "..", "examples")]
from letor import load  # noqa: E402


def main():
    data = os.path.join(here, "..", "data", "letor-sample")
    xtr, ytr, gtr = load(os.path.join(data, "rank.train"))
    xte, yte, gte = load(os.path.join(data, "rank.test"), xtr.shape[1])
    params = {"objective": "lambdarank", "learning_rate": 0.1, "num_leaves": 31, "seed": 1, "deterministic": True,
              "num_threads": 1, "verbosity": -1}
    model = lgb.train(params, lgb.Dataset(xtr, ytr, group=gtr), 50)
    scores = model.predict(xte, raw_score=True)
    bounds = np.concatenate([[0], np.cumsum(gte)])
    measures = [AP @ 10, RR @ 10, AP, nDCG(dcg="exp-log2") @ 10, ERR @ 10, P @ 10, R @ 10]
    qrels, run = [], []
    for q, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])):
        s = scores[a:b]
        for i in range(b - a):  # nudge ties apart, the lower index above
            s[i] -= 1e-9 * i * np.sum(s[:i] == s[i])
        for i in range(b - a):
            qrels.append(ir_measures.Qrel(str(q + 1), f"d{i}", int(yte[a + i])))
            run.append(ir_measures.ScoredDoc(str(q + 1), f"d{i}", float(s[i])))
    values = {(m, q): np.nan for m in measures for q in range(len(gte))}
    for r in ir_measures.iter_calc(measures, qrels, run):
        values[(r.measure, int(r.query_id) - 1)] = r.value
    out = [f"/* Made by tests/metric_vectors.py with ir_measures {ir_measures.__version__}, LightGBM "
           f"{lgb.__version__}: per test query of the LETOR sample, AP@10, RR@10, AP, nDCG@10 (2^y - 1), "
           f"ERR@10, P@10, R@10. Do not edit; run the script again. */\n"]
    rows = []
    for q, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])):
        y = yte[a:b]
        v = [values[(m, q)] for m in measures]
        if not np.any(y > 0):
            v[3] = np.nan
        if np.max(y) != 4:
            v[4] = np.nan
        rows.append("    {" + ", ".join("NAN" if np.isnan(x) else repr(float(x)) for x in v) + "},\n")
    out.append(f"static const double mv_scores[] = {{{', '.join(repr(float(x)) for x in scores)}}};\n")
    out.append(f"static const double mv_labels[] = {{{', '.join(repr(float(x)) for x in yte)}}};\n")
    out.append(f"static const size_t mv_sizes[] = {{{', '.join(str(int(x)) for x in gte)}}};\n")
    out.append("static const double mv_values[][7] = {\n" + "".join(rows) + "};\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
