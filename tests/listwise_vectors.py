"""listwise_vectors.py - the listwise losses' values and gradients from their reference
libraries, saved as C test data for tests/suite/listwise.c.

    build/venv/bin/python tests/listwise_vectors.py allrank > tests/listwise_allrank.h
    build/venv-jax/bin/python tests/listwise_vectors.py rax > tests/listwise_rax.h

allrank: allRank 1.4.3 (PyPI, installed with --no-deps; Debian's torch) listNet (our
SOFTMAX with label_transform SOFTMAX), listMLE (LISTMLE; distinct labels, since allRank
breaks ties at random) and approxNDCGLoss (APPROX_NDCG with its alpha), gradients by
autograd, in double, and lambdaLoss's ndcgLoss1_scheme and ndcgLoss2_scheme (our
LAMBDALOSS with lambdaloss_scheme NDCG1 and NDCG2; reduction="sum", reduction_log="natural";
distinct scores, as its torch.sort is not stable). allRank adds 1e-10 inside its logarithms
and clamps sigmoids at 1e-10: the C test allows 1e-7.
rax: Rax (PyPI, with jax for the CPU, in a virtual environment of its own: jax wants numpy
2) softmax_loss with label_fn=normalize_probabilities (SOFTMAX with p = y / sum y),
poly1_softmax_loss (POLY1; its cross-entropy takes the labels as they are, so they are
given normalised) and listmle_loss (LISTMLE; ties kept in index order, as ours), in
float64, gradients by jax.grad.
"""
import sys
import types

import numpy as np

KINDS = {"softmax": 1, "poly1": 2, "listmle": 4, "approx_ndcg": 5}
TRANSFORMS = {"sum": 0, "softmax": 1}


def carray(name, v):
    return f"static const double {name}[] = {{{', '.join(repr(float(x)) for x in v)}}};\n"


def query(rng, n, distinct):
    s = rng.normal(0, 2.0, n)
    y = rng.permutation(n).astype(float) if distinct else rng.integers(0, 4, n).astype(float)
    if not np.any(y > 0):
        y[0] = 1.0
    return s, y


def allrank_cases():
    import torch
    for name in ("torchvision", "gcsfs"):  # imported by allRank's data loader, unused by the losses
        try:
            __import__(name)
        except ImportError:
            stub = types.ModuleType(name)
            stub.transforms = types.ModuleType(name + ".transforms")
            stub.transforms.Compose = object
            sys.modules[name], sys.modules[name + ".transforms"] = stub, stub.transforms
    from allrank.models.losses.approxNDCG import approxNDCGLoss
    from allrank.models.losses.listMLE import listMLE
    from allrank.models.losses.listNet import listNet
    torch.set_default_dtype(torch.float64)
    rng = np.random.default_rng(7)
    cases = [("softmax", "softmax", 0.0, 8, listNet, {}), ("softmax", "softmax", 0.0, 20, listNet, {}),
             ("listmle", "sum", 0.0, 9, listMLE, {}), ("listmle", "sum", 0.0, 25, listMLE, {}),
             ("approx_ndcg", "sum", 1.0, 10, approxNDCGLoss, {"alpha": 1.0}),
             ("approx_ndcg", "sum", 2.0, 18, approxNDCGLoss, {"alpha": 2.0})]
    for kind, transform, alpha, n, fn, kw in cases:
        s, y = query(rng, n, kind == "listmle")
        pred = torch.tensor([s.tolist()], requires_grad=True)
        loss = fn(pred, torch.tensor([y.tolist()]), **kw)
        loss.backward()
        yield kind, transform, alpha, 0.0, s, y, float(loss), pred.grad[0].tolist()


def allrank_lambdaloss():
    import torch
    from allrank.models.losses.lambdaLoss import lambdaLoss
    rng = np.random.default_rng(13)
    for scheme, n, k, sigma in ((1, 8, None, 1.0), (1, 14, 5, 1.5), (2, 10, None, 1.0), (2, 16, 6, 0.7)):
        s, y = query(rng, n, False)
        pred = torch.tensor([s.tolist()], requires_grad=True)
        name = "ndcgLoss1_scheme" if scheme == 1 else "ndcgLoss2_scheme"
        loss = lambdaLoss(pred, torch.tensor([y.tolist()]), weighing_scheme=name, k=k, sigma=sigma, mu=10.0,
                          reduction="sum", reduction_log="natural")
        loss.backward()
        yield scheme, k or 0, sigma, s, y, float(loss), pred.grad[0].tolist()


def rax_cases():
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import rax
    rng = np.random.default_rng(11)
    for kind, n, eps in (("softmax", 7, 0.0), ("softmax", 16, 0.0), ("poly1", 9, 1.0), ("poly1", 14, -0.5),
                         ("listmle", 8, 0.0), ("listmle", 20, 0.0)):
        s, y = query(rng, n, False)
        if kind == "softmax":
            def f(t):
                return rax.softmax_loss(t, jnp.asarray(y), label_fn=rax.utils.normalize_probabilities)
        elif kind == "poly1":
            def f(t):
                return rax.poly1_softmax_loss(t, jnp.asarray(y / y.sum()), epsilon=eps)
        else:
            def f(t):
                return rax.listmle_loss(t, jnp.asarray(y))
        loss, grad = jax.value_and_grad(f)(jnp.asarray(s))
        yield kind, "sum", 0.0, eps, s, y, float(loss), np.asarray(grad).tolist()


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else ""
    if which == "allrank":
        import allrank
        import torch
        made = f"allRank {getattr(allrank, '__version__', '1.4.3')} and torch {torch.__version__}"
        cases = allrank_cases()
    elif which == "rax":
        import jax
        import rax
        made = f"Rax {getattr(rax, '__version__', '?')} and jax {jax.__version__}"
        cases = rax_cases()
    else:
        sys.exit("usage: listwise_vectors.py allrank|rax")
    out = [f"/* Made by tests/listwise_vectors.py {which} with {made}. Do not edit; run the script again. */\n"]
    rows = []
    for c, (kind, transform, alpha, eps, s, y, loss, g) in enumerate(cases):
        p = f"{which}{c}"
        out.append(carray(f"{p}_s", s) + carray(f"{p}_y", y) + carray(f"{p}_g", g))
        rows.append(f"    {{{KINDS[kind]}, {TRANSFORMS[transform]}, {alpha!r}, {eps!r}, {len(s)}, {loss!r}, "
                    f"{p}_s, {p}_y, {p}_g}},\n")
    out.append(f"static const listwise_vector {which}_listwise[] = {{\n" + "".join(rows) + "};\n")
    if which == "allrank":
        rows = []
        for c, (scheme, k, sigma, s, y, loss, g) in enumerate(allrank_lambdaloss()):
            p = f"lambdaloss{c}"
            out.append(carray(f"{p}_s", s) + carray(f"{p}_y", y) + carray(f"{p}_g", g))
            rows.append(f"    {{{scheme}, {k}, {sigma!r}, {len(s)}, {loss!r}, {p}_s, {p}_y, {p}_g}},\n")
        out.append("static const lambdaloss_vector allrank_lambdaloss[] = {\n" + "".join(rows) + "};\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
