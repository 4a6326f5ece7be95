"""allrank_vectors.py - allRank's LambdaLoss (NDCG-Loss2++) values and gradients, saved as
C test vectors for RANKNET_WEIGHT_LAMBDALOSS.

allRank's lambdaLoss(y_pred, y_true, weighing_scheme="ndcgLoss2PP_scheme", k, sigma, mu,
reduction="sum", reduction_log="natural") on random queries of distinct scores (its
torch.sort is not stable, so ties would be ranked arbitrarily), in double; the gradient
by autograd. "natural": ranknet.h's loss is the natural-log cross-entropy; allRank's
default, "binary", is the same divided by ln 2.

    build/venv/bin/python tests/allrank_vectors.py > tests/allrank_vectors.h

Needs allRank (PyPI, installed with --no-deps) and torch (Debian's python3-torch).
"""
import sys
import types

import numpy as np
import torch

# allRank's loss package imports its data loader, which imports torchvision (image
# transforms) and gcsfs (Google Cloud files), neither of which lambdaLoss uses; where they
# are missing (Debian has no torchvision for its torch) the imports get empty stand-ins.
# lambdaLoss itself runs unchanged.
for name in ("torchvision", "gcsfs"):
    try:
        __import__(name)
    except ImportError:
        stub = types.ModuleType(name)
        stub.transforms = types.ModuleType(name + ".transforms")
        stub.transforms.Compose = object
        sys.modules[name], sys.modules[name + ".transforms"] = stub, stub.transforms
import allrank  # noqa: E402
from allrank.models.losses.lambdaLoss import lambdaLoss  # noqa: E402

CASES = [  # n, k (None: the whole list), mu, sigma, seed
    (8, None, 10.0, 1.0, 1), (12, 5, 10.0, 1.0, 2), (20, 10, 2.0, 1.5, 3), (30, None, 0.0, 1.0, 4),
    (15, 3, 10.0, 0.5, 5), (25, 25, 10.0, 1.0, 6),
]


def carray(name, v):
    return f"static const double {name}[] = {{{', '.join(repr(float(x)) for x in v)}}};\n"


def main():
    torch.set_default_dtype(torch.float64)
    out = [f"/* Made by tests/allrank_vectors.py with allRank {getattr(allrank, '__version__', '1.4.3')} and torch "
           f"{torch.__version__}. Do not edit; run the script again. */\n"]
    rows = []
    for c, (n, k, mu, sigma, seed) in enumerate(CASES):
        rng = np.random.default_rng(seed)
        s = rng.normal(0, 2.0, n)
        y = rng.integers(0, 5, n).astype(float)
        pred = torch.tensor([s.tolist()], requires_grad=True)  # lists: torch and numpy need not match
        loss = lambdaLoss(pred, torch.tensor([y.tolist()]), weighing_scheme="ndcgLoss2PP_scheme", k=k, sigma=sigma, mu=mu,
                          reduction="sum", reduction_log="natural")
        loss.backward()
        g = pred.grad[0].tolist()
        out.append(carray(f"ar{c}_s", s) + carray(f"ar{c}_y", y) + carray(f"ar{c}_g", g))
        rows.append(f"    {{{n}, {k or 0}, {mu!r}, {sigma!r}, {float(loss)!r}, ar{c}_s, ar{c}_y, ar{c}_g}},\n")
    out.append("static const allrank_vector allrank_vectors[] = {\n" + "".join(rows) + "};\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
