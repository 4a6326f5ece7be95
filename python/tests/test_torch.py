"""test_torch.py - ranknet.torch: gradcheck in double, the three layouts, float32, the
original PyTorch formulation, errors. Run by `make test` where Debian's python3-torch is
installed. Ends with "N passed, M failed"."""
import os
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path[:0] = [os.path.join(ROOT, "python"), os.path.join(ROOT, "examples")]
from checks import check, finish, skip  # noqa: E402

try:
    import torch
except ImportError:
    skip("test_torch: skipped, torch is not installed (apt-get install python3-torch)")
import ranknet  # noqa: E402
import ranknet.torch as rt  # noqa: E402

torch.manual_seed(3)
s = torch.randn(12, dtype=torch.float64, requires_grad=True)
y = torch.randint(0, 4, (12,)).double()

# 1. autograd's gradcheck: the backward is the exact derivative of the forward
for name, kw in (("ranknet", {}), ("ranknet sigma 2 skip", dict(sigma=2.0, ties="skip")),
                 ("lambdarank k 5", dict(weighting="ndcg", k=5)), ("err", dict(weighting="err", k=4)),
                 ("lambdaloss", dict(weighting="lambdaloss", k=6, mu=10.0)), ("mean", dict(reduction="mean"))):
    check(f"gradcheck {name}", torch.autograd.gradcheck(lambda t: rt.ranknet_loss(t, y, **kw), (s,)))
check("gradcheck batch", torch.autograd.gradcheck(lambda t: rt.ranknet_loss(t, y, group=[5, 4, 3]), (s,)))
sp = torch.randn(3, 6, dtype=torch.float64, requires_grad=True)
yp = torch.randint(0, 3, (3, 6)).double()
mask = torch.tensor([[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1], [1, 1, 0, 0, 0, 0]], dtype=torch.bool)
check("gradcheck padded", torch.autograd.gradcheck(lambda t: rt.ranknet_loss(t, yp, mask=mask, weighting="ndcg"),
                                                   (sp,)))

# 2. the layouts agree: padded rows = the same queries flat; padding gets no gradient
loss_p = rt.ranknet_loss(sp, yp, mask=mask)
loss_p.backward()
flat = rt.ranknet_loss(sp.detach()[mask], yp[mask], group=[4, 6, 2])
check("padded equals flat", torch.allclose(loss_p.detach(), flat, rtol=1e-15))
check("padding has zero gradient", bool(torch.all(sp.grad[~mask] == 0)))
ref_loss, ref_grad, _ = ranknet.ranknet_batch(s.detach().numpy(), y.numpy(), [12])
out = rt.ranknet_loss(s, y)
out.backward()
check("forward is ranknet_batch's loss", abs(out.item() - ref_loss) <= 1e-15 * ref_loss)
check("backward is ranknet_batch's lambdas", np.allclose(s.grad.numpy(), ref_grad, rtol=1e-15, atol=1e-17))

# 3. the module, float32, the original PyTorch formulation (which forgets the minus sign,
# counts each pair twice and adds the n diagonal "pairs" at log 1/2: -2 x ours - n log 2)
module = rt.RankNetLoss(weighting="ndcg", k=5)
check("module equals functional", module(s, y).item() == rt.ranknet_loss(s, y, weighting="ndcg", k=5).item())
s32 = s.detach().float().requires_grad_()
l32 = rt.ranknet_loss(s32, y.float())
l32.backward()
check("float32 loss", l32.dtype == torch.float32 and abs(l32.item() - ref_loss) < 1e-5 * ref_loss)
check("float32 lambdas", np.allclose(s32.grad.numpy(), ref_grad, atol=1e-5))
sc, yc = s.detach()[:, None], y[:, None]
P = torch.sigmoid(sc - sc.t())
S = torch.sign(yc - yc.t())
original = (0.5 * (1 + S) * torch.log(P) + 0.5 * (1 - S) * torch.log(1 - P)).sum()
check("original PyTorch loss is -2 x ours - n log 2",
      abs(original.item() + 2 * ref_loss + 12 * np.log(2)) < 1e-12 * ref_loss)
gap = torch.tensor([100.0, -100.0], requires_grad=True)  # float32: the original overflows here
lab = torch.tensor([0.0, 1.0])
big = rt.ranknet_loss(gap, lab)
big.backward()
P2 = torch.sigmoid(gap.detach()[:, None] - gap.detach()[None, :])
check("original overflows at a gap of 200 in float32", not torch.isfinite(torch.log(1 - P2)).all())
check("ours is exact there", big.item() == 200.0 and gap.grad.tolist() == [1.0, -1.0])

# 4. position bias: the torch loss is ranknet_batch's with the same PositionBias; padded
# positions are masked with the scores; the sums reach the bias, whose update moves it
clicks = torch.tensor([[1.0, 0, 0, 1, 0, 0], [0, 0, 1, 0, 0, 1], [1, 0, 0, 0, 0, 0]])
shown = torch.arange(6).repeat(3, 1)
bt, bn = ranknet.PositionBias(6), ranknet.PositionBias(6)
sb = sp.detach().clone().requires_grad_()
lt = rt.ranknet_loss(sb, clicks, mask=mask, weighting="ndcg", k=5, bias=bt, positions=shown)
lt.backward()
ln, gn, _ = ranknet.ranknet_batch(sp.detach()[mask].numpy(), clicks[mask].double().numpy(), [4, 6, 2],
                                  weighting="ndcg", k=5, bias=bn, positions=shown[mask].numpy())
check("bias: loss is ranknet_batch's", lt.item() == ln, f"{lt.item()} {ln}")
check("bias: lambdas are ranknet_batch's", np.array_equal(sb.grad[mask].numpy(), gn))
plain = rt.ranknet_loss(sp.detach(), clicks.double(), mask=mask, weighting="ndcg", k=5)
bt.update()
check("bias: update moves the factors", not np.allclose(bt.t_plus, 1.0) and np.all(np.isfinite(bt.t_plus)),
      str(bt.t_plus))
moved = rt.ranknet_loss(sp.detach(), clicks.double(), mask=mask, weighting="ndcg", k=5, bias=bt, positions=shown)
check("bias: updated factors change the loss", moved.item() != plain.item(), f"{moved.item()} {plain.item()}")
module_b = rt.RankNetLoss(weighting="ndcg", k=5, bias=ranknet.PositionBias(6))
check("bias: module takes positions at the call",
      module_b(sp.detach(), clicks.double(), mask=mask, positions=shown).item() == ln)

# 5. listwise losses: gradcheck (the backward is their exact gradient), the padded layout,
# reduction="mean" over queries
for lw in ("softmax", "poly1", "xendcg", "listmle", "approx_ndcg"):
    check(f"gradcheck listwise {lw}", torch.autograd.gradcheck(
        lambda t: rt.ranknet_loss(t, yp, mask=mask, listwise=lw, alpha=2.0), (sp,)))
lw_sum = rt.ranknet_loss(sp.detach(), yp, mask=mask, listwise="listmle")
lw_mean = rt.RankNetLoss(listwise="listmle", reduction="mean")(sp.detach(), yp, mask=mask)
check("listwise mean is over the queries", abs(lw_mean.item() - lw_sum.item() / 3) < 1e-15)

# 6. errors: a device other than the CPU, NaN, shapes, dtypes, reduction
for name, call, kind, needle in (
        ("not on the CPU", lambda: rt.ranknet_loss(torch.empty(3, device="meta"), torch.zeros(3)), ValueError, "CPU"),
        ("NaN", lambda: rt.ranknet_loss(torch.tensor([0.0, float("nan")]), torch.zeros(2)), ranknet.RanknetError,
         "ranknet.torch.ranknet_loss: the score of row 1 is nan"),
        ("shapes", lambda: rt.ranknet_loss(torch.zeros(3), torch.zeros(4)), ValueError, "shape"),
        ("3-D", lambda: rt.ranknet_loss(torch.zeros(2, 2, 2), torch.zeros(2, 2, 2)), ValueError, "1-D"),
        ("group sum", lambda: rt.ranknet_loss(torch.zeros(3), torch.zeros(3), group=[2, 2]), ValueError, "add up"),
        ("mask shape", lambda: rt.ranknet_loss(torch.zeros(2, 3), torch.zeros(2, 3), mask=torch.ones(2, 2).bool()),
         ValueError, "mask"),
        ("integer scores", lambda: rt.ranknet_loss(torch.zeros(3, dtype=torch.int64), torch.zeros(3)), TypeError,
         "float32"),
        ("reduction", lambda: rt.ranknet_loss(torch.zeros(3), torch.zeros(3), reduction="max"), ValueError, "mean"),
        ("positions without bias", lambda: rt.ranknet_loss(torch.zeros(3), torch.zeros(3), positions=[0, 1, 2]),
         ValueError, "without bias"),
        ("positions shape", lambda: rt.ranknet_loss(torch.zeros(2, 3), torch.zeros(2, 3), bias=ranknet.PositionBias(3),
                                                    positions=torch.zeros(3, 2, dtype=torch.long)),
         ValueError, "positions must have")):
    try:
        call()
        check(f"error {name}", False, "no exception")
    except kind as e:
        check(f"error {name}", needle in str(e), str(e))

finish()
