"""dask_ranking.py - distributed XGBoost or LightGBM on Dask with ranknet.h's lambdas as the
objective, on the LETOR sample.

    /usr/bin/python3 examples/dask_ranking.py [--scheduler ADDRESS] [--workers W] [--rounds R]
    build/venv/bin/python examples/dask_ranking.py --engine lightgbm [...]

Without --scheduler it starts a LocalCluster of W worker processes (default 2, one thread
each). The training rows are split into Dask partitions at query boundaries, and the script
refuses partitions that split a query: XGBoost builds each worker's query groups from the
rows it holds, so a query cut in two would silently become two queries with wrong lambdas.
The objective reads the labels and the group boundaries from the DMatrix XGBoost hands
it (on each worker, that worker's rows), never from globals. XGBoost prints

    dask: workers W, test NDCG@10 D, single-process NDCG@10 S, max |prediction difference| Z

(Z = 0: Dask training is single-process training). LightGBM's DaskLGBMRanker takes the
callable of ranknet.lightgbm.objective(preset=True, sigmoid_table=True) (LightGBM's
lambdarank computed by ranknet.h with LightGBM's own arithmetic) and is compared with its own built-in lambdarank on the same cluster:

    dask lightgbm: workers W, test NDCG@10 D (ranknet.h objective), built-in lambdarank D2, max |prediction difference| Z

Its distributed trees are not the single-process ones (each worker bins its own rows), and
they are not even the same from one fit to the next: LightGBM gives the workers their network
ranks in the order of a Python set of part keys, which changes with every fit, and the data
parallel learner's bins and histogram sums depend on the ranks. On the LETOR sample either
objective lands on one of two models, test NDCG@10 0.0115 apart (measured here: the built-in
lambdarank fitted three times in one cluster gave 0.7575, 0.7460, 0.7575 and ranknet.h's
preset 0.7575, 0.7460, 0.7460, each pair of equal NDCG with predictions equal to the bit). So
the check is |D - D2| <= 0.02; the difference is 0 when both fits draw the same ranks.

Needs Debian's python3-xgboost (1.7), python3-dask and python3-distributed (LightGBM: PyPI's
lightgbm in build/venv, `make parity` installs it), and ranknet importable on every worker
(pip install ., or this checkout's python/ on PYTHONPATH, which the script sets for a
LocalCluster it starts).
"""
import argparse
import logging
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
python_dir = os.path.join(here, "..", "python")
sys.path.insert(0, python_dir)
ENGINE = "lightgbm" if "lightgbm" in sys.argv[1:] else "xgboost"
try:
    import dask.array as da
    from dask.distributed import Client, LocalCluster, wait
    if ENGINE == "xgboost":
        import xgboost as xgb
        from xgboost import dask as dxgb
    else:
        import lightgbm as lgb
except ImportError as e:
    print(f"demo-dask ({ENGINE}): skipped, {e.name} is not installed (" +
          ("apt-get install python3-xgboost python3-dask python3-distributed)" if ENGINE == "xgboost"
           else "make parity installs lightgbm into build/venv; apt-get install python3-dask python3-distributed)"))
    sys.exit(0)
import ranknet  # noqa: E402
import ranknet.lightgbm  # noqa: E402,F401
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


def group_chunks(group, chunks):
    """how many queries each row chunk holds: LightGBM wants each partition's group sizes
    in the matching partition of group="""
    bounds = np.concatenate([[0], np.cumsum(group)])
    ends = np.searchsorted(bounds, np.cumsum(chunks))
    if not np.array_equal(bounds[ends], np.cumsum(chunks)):
        raise ValueError("a row chunk ends inside a query: rechunk at query boundaries")
    return tuple(int(v) for v in np.diff(np.concatenate([[0], ends])))


def check_whole_queries(qid):
    """refuse a Dask array of query ids whose partitions split a query, or hold ids out of order"""
    ends = [(int(c[0]), int(c[-1])) for c in qid.map_blocks(lambda b: b[[0, -1]], chunks=(2,)).compute().reshape(-1, 2)]
    for (_, last), (first, _) in zip(ends, ends[1:]):
        if first <= last:
            raise ValueError(f"partitions split query {first} (or hold queries out of order): rechunk at query "
                             f"boundaries")


def train_xgboost(client, workers, chunks, xtr, ytr, gtr, qid, xte, yte, gte, rounds):
    X = da.from_array(xtr, chunks=(chunks, xtr.shape[1]))
    y = da.from_array(ytr, chunks=(chunks,))
    q = da.from_array(qid, chunks=(chunks,))
    check_whole_queries(q)
    dtrain = dxgb.DaskDMatrix(client, X, y, qid=q)
    out = dxgb.train(client, PARAMS, dtrain, num_boost_round=rounds, obj=objective)
    distributed = out["booster"]

    single_train = xgb.DMatrix(xtr, label=ytr)
    single_train.set_group(gtr)
    single = xgb.train(PARAMS, single_train, num_boost_round=rounds, obj=objective)
    dte = xgb.DMatrix(xte)
    p_dist = distributed.predict(dte, output_margin=True)
    p_single = single.predict(dte, output_margin=True)
    z = float(np.max(np.abs(p_dist.astype(np.float64) - p_single)))
    print(f"dask: workers {workers}, test NDCG@10 {ndcg10(p_dist, yte, gte):.4f}, single-process NDCG@10 "
          f"{ndcg10(p_single, yte, gte):.4f}, max |prediction difference| {z:.3g}")
    return 0 if z <= 1e-6 else 1


def quiet_lightgbm():
    """LightGBM talks at Info level on every worker, and warns that the Dask workers' thread
    counts win over n_jobs: keep errors only"""
    logger = logging.getLogger("lightgbm")
    logger.setLevel(logging.ERROR)
    lgb.register_logger(logger)


def mute_stdout():
    """LightGBM's listening thread prints to the process's stdout whatever the log level (its
    level and callback are per thread): on the workers of our own LocalCluster, stdout goes
    to /dev/null (errors still come back through Dask)"""
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)


def train_lightgbm(client, workers, chunks, xtr, ytr, gtr, qid, xte, yte, gte, rounds):
    quiet_lightgbm()
    client.run(quiet_lightgbm)
    X = da.from_array(xtr, chunks=(chunks, xtr.shape[1]))
    y = da.from_array(ytr, chunks=(chunks,))
    check_whole_queries(da.from_array(qid, chunks=(chunks,)))
    group = da.from_array(gtr, chunks=(group_chunks(gtr, chunks),))
    # both fits see the same rows on the same workers (the ranks still vary: see above)
    X, y, group = client.persist([X, y, group])
    wait([X, y, group])
    params = dict(n_estimators=rounds, learning_rate=0.1, num_leaves=31, min_child_samples=1,
                  random_state=1, verbosity=-1)
    scores, preds = {}, {}
    for name, obj in (("ranknet", ranknet.lightgbm.objective(preset=True, sigmoid_table=True)), ("builtin", "lambdarank")):
        model = lgb.DaskLGBMRanker(client=client, objective=obj, **params)
        model.fit(X, y, group=group)
        preds[name] = model.to_local().predict(xte, raw_score=True)
        scores[name] = ndcg10(preds[name], yte, gte)
    z = float(np.max(np.abs(preds["ranknet"] - preds["builtin"])))
    print(f"dask lightgbm: workers {workers}, test NDCG@10 {scores['ranknet']:.4f} (ranknet.h objective), "
          f"built-in lambdarank {scores['builtin']:.4f}, max |prediction difference| {z:.3g}")
    return 0 if abs(scores["ranknet"] - scores["builtin"]) <= 0.02 else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engine", choices=("xgboost", "lightgbm"), default="xgboost")
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
        if args.engine == "lightgbm":
            client.run(mute_stdout)
    workers = len(client.scheduler_info()["workers"])
    chunks = partitions_at_query_boundaries(gtr, 2 * workers)
    train = train_xgboost if args.engine == "xgboost" else train_lightgbm
    status = train(client, workers, chunks, xtr, ytr, gtr, qid, xte, yte, gte, args.rounds)
    client.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
