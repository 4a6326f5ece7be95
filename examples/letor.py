"""letor.py - the LETOR sample's SVMlight rows and .query group files as numpy arrays, and
the mean NDCG@10 of a scoring; shared by the Python examples, benches and test-vector
scripts (no engine imported here)."""
import numpy as np

import ranknet


def load(path, dim=None):
    """SVMlight rows (label idx:val ...) and the group sizes in path + '.query'"""
    labels, rows = [], []
    with open(path) as f:
        for line in f:
            line = line.split("#")[0].split()
            if line:
                labels.append(float(line[0]))
                rows.append({int(k) - 1: float(v) for k, v in (t.split(":") for t in line[1:])})
    dim = dim or 1 + max(max(r) for r in rows if r)
    x = np.zeros((len(rows), dim), dtype=np.float32)
    for i, r in enumerate(rows):
        for k, v in r.items():
            if k < dim:
                x[i, k] = v
    group = np.loadtxt(path + ".query", dtype=np.int64).ravel()
    return x, np.array(labels, dtype=np.float32), group


def ndcg10(scores, labels, group):
    bounds = np.concatenate([[0], np.cumsum(group)])
    return np.mean([ranknet.ranknet_ndcg(scores[a:b], labels[a:b], 10) for a, b in zip(bounds[:-1], bounds[1:])])
