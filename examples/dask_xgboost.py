"""dask_xgboost.py - distributed XGBoost on Dask with ranknet.h's lambdas as the objective,
against single-process training with the same objective, on the LETOR sample.

    /usr/bin/python3 examples/dask_xgboost.py [--scheduler ADDRESS] [--workers W] [--rounds R]

Without --scheduler it starts a LocalCluster of W worker processes (default 2, one thread
each). The training rows are split into Dask partitions at query boundaries, and the script
refuses partitions that split a query: XGBoost builds each worker's query groups from the
rows it holds, so a query cut in two would silently become two queries with wrong lambdas.
The objective reads the labels and the group boundaries from the DMatrix XGBoost hands
it (on each worker, that worker's rows), never from globals. Prints:

    dask: workers W, test NDCG@10 D, single-process NDCG@10 S, max |prediction difference| Z

Needs Debian's python3-xgboost (1.7), python3-dask and python3-distributed, and ranknet
importable on every worker (pip install ., or this checkout's python/ on PYTHONPATH, which
the script sets for a LocalCluster it starts).
"""
import argparse
import logging
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
python_dir = os.path.join(here, "..", "python")
sys.path.insert(0, python_dir)
try:
    import dask.array as da
    import xgboost as xgb
    from dask.distributed import Client, LocalCluster
    from xgboost import dask as dxgb
except ImportError as e:
    print(f"demo-dask: skipped, {e.name} is not installed (apt-get install python3-xgboost python3-dask "
          f"python3-distributed)")
    sys.exit(0)
import ranknet  # noqa: E402
from letor import load, ndcg10  # noqa: E402

PARAMS = {"eta": 0.1, "max_depth": 6, "min_child_weight": 0.1, "tree_method": "hist", "base_score": 0.0,
          "nthread": 1, "seed": 1, "verbosity": 0}


def objective(predt, dtrain):
    """RankNet lambdas and hessians of the queries in dtrain, each divided by n - 1"""
    labels = dtrain.get_label()
    group = np.diff(dtrain.get_uint_info("group_ptr"))
    if group.sum() != labels.size:
        raise ValueError("ranknet objective: the DMatrix has no query groups (qid) for its rows")
    _, grad, hess = ranknet.ranknet_batch(predt, labels, group, normalize="items", loss=False, hess=True)
    return grad, np.maximum(hess, 1e-6)


def partitions_at_query_boundaries(group, parts):
    """row chunk sizes of about equal size, each made of whole queries"""
    bounds = np.concatenate([[0], np.cumsum(group)])
    cuts = sorted({int(np.searchsorted(bounds, bounds[-1] * p / parts)) for p in range(1, parts)})
    rows = [int(bounds[b] - bounds[a]) for a, b in zip([0] + cuts, cuts + [len(group)])]
    return tuple(r for r in rows if r > 0)


def check_whole_queries(qid):
    """refuse a Dask array of query ids whose partitions split a query, or hold ids out of order"""
    ends = [(int(c[0]), int(c[-1])) for c in qid.map_blocks(lambda b: b[[0, -1]], chunks=(2,)).compute().reshape(-1, 2)]
    for (_, last), (first, _) in zip(ends, ends[1:]):
        if first <= last:
            raise ValueError(f"partitions split query {first} (or hold queries out of order): rechunk at query "
                             f"boundaries")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scheduler", help="address of a running Dask scheduler (default: a LocalCluster)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--data", default=os.path.join(here, "..", "data", "letor-sample"))
    args = ap.parse_args()
    xtr, ytr, gtr = load(os.path.join(args.data, "rank.train"))
    xte, yte, gte = load(os.path.join(args.data, "rank.test"), xtr.shape[1])
    qid = np.repeat(np.arange(len(gtr)), gtr)

    if args.scheduler:
        client = Client(args.scheduler)
    else:  # worker processes inherit the environment: ranknet from this checkout
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (python_dir, os.environ.get("PYTHONPATH")) if p)
        logging.getLogger("distributed").setLevel(logging.WARNING)
        client = Client(LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                     dashboard_address=None, silence_logs=logging.WARNING))
    workers = len(client.scheduler_info()["workers"])
    chunks = partitions_at_query_boundaries(gtr, 2 * workers)
    X = da.from_array(xtr, chunks=(chunks, xtr.shape[1]))
    y = da.from_array(ytr, chunks=(chunks,))
    q = da.from_array(qid, chunks=(chunks,))
    check_whole_queries(q)
    dtrain = dxgb.DaskDMatrix(client, X, y, qid=q)
    out = dxgb.train(client, PARAMS, dtrain, num_boost_round=args.rounds, obj=objective)
    distributed = out["booster"]

    single_train = xgb.DMatrix(xtr, label=ytr)
    single_train.set_group(gtr)
    single = xgb.train(PARAMS, single_train, num_boost_round=args.rounds, obj=objective)
    dte = xgb.DMatrix(xte)
    p_dist = distributed.predict(dte, output_margin=True)
    p_single = single.predict(dte, output_margin=True)
    z = float(np.max(np.abs(p_dist.astype(np.float64) - p_single)))
    print(f"dask: workers {workers}, test NDCG@10 {ndcg10(p_dist, yte, gte):.4f}, single-process NDCG@10 "
          f"{ndcg10(p_single, yte, gte):.4f}, max |prediction difference| {z:.3g}")
    client.close()
    return 0 if z <= 1e-6 else 1


if __name__ == "__main__":
    sys.exit(main())
