"""ranknet.torch - RankNet, LambdaRank and the rest of ranknet.h's family as PyTorch losses.

The forward pass computes the loss with ranknet.h; the backward pass hands autograd the
library's exact lambdas (dL/ds_i), computed in the same call: no n x n tensors, no
autograd graph over pairs, no overflow for large score gaps.

    import torch, ranknet.torch as rt
    loss = rt.ranknet_loss(scores, labels)                              # one query, 1-D tensors
    loss = rt.ranknet_loss(scores, labels, group=[5, 3, 8])             # queries of 5, 3 and 8 rows
    loss = rt.ranknet_loss(scores, labels, mask=mask)                   # padded [batch, list] (allRank's layout)
    loss = rt.RankNetLoss(weighting="ndcg", k=10)(scores, labels, mask=mask)
    loss = rt.RankNetLoss(listwise="softmax")(scores, labels, mask=mask)  # a listwise loss
    loss.backward()

    bias = ranknet.PositionBias(10)                                     # clicks as labels: debiased
    loss = rt.ranknet_loss(scores, clicks, mask=mask, weighting="ndcg", bias=bias, positions=shown_at)
    bias.update()                                                       # new factors, when you choose

loss = sum over the pairs (i, j) of each query of w_ij (softplus(d_ij) - t_ij d_ij), with
d_ij = sigma (s_i - s_j), t_ij = 1 if y_i > y_j, 0 if y_i < y_j, 1/2 if equal, each pair
once; w_ij = 1 (RankNet) or the chosen weighting's |delta metric|, held constant (not
differentiated), as ranknet.h documents. reduction="mean" divides by the number of pairs,
sum over queries of n (n - 1) / 2. CPU tensors, float32 or float64.

listwise="softmax" | "poly1" | "xendcg" | "listmle" | "approx_ndcg" takes a loss of each
whole list instead (ranknet.h's LISTWISE LOSSES; label_transform=, epsilon=, alpha=,
seed= and iteration= as in ranknet.ranknet_batch); reduction="mean" then divides by the
number of queries. The backward pass is the exact gradient of the listwise loss.

bias= takes a ranknet.PositionBias: each call debiases its pairs with the current factors
and adds to the bias's sums; bias.update() (after a batch, an epoch, whatever your schedule
is) turns the sums into new factors. positions= (a tensor or array shaped like the scores,
0 = top; None: the index in its query) says where each row was shown.
"""
from typing import TYPE_CHECKING, Optional, Sequence

import numpy as np
import torch

from . import ranknet_batch

if TYPE_CHECKING:
    from . import PositionBias

__all__ = ["ranknet_loss", "RankNetLoss"]


class _Lambdas(torch.autograd.Function):
    """loss of flat scores grouped into queries; backward: grad_output x the lambdas"""

    @staticmethod
    def forward(ctx, scores, labels, group, options):  # noqa: D401
        s = scores.detach().contiguous().numpy()  # shares memory: no copy
        y = labels.detach().to(scores.dtype).contiguous().numpy()
        loss, grad, _ = ranknet_batch(s, y, group, loss=True, grad=True, _caller="ranknet.torch.ranknet_loss",
                                      **options)
        ctx.save_for_backward(torch.from_numpy(grad))
        return scores.new_tensor(loss)

    @staticmethod
    def backward(ctx, grad_output):
        (lambdas,) = ctx.saved_tensors
        return grad_output * lambdas, None, None, None


def ranknet_loss(scores: torch.Tensor, labels: torch.Tensor, *, group: Optional[Sequence[int]] = None,
                 mask: Optional[torch.Tensor] = None, sigma: float = 1.0, ties: str = "half",
                 weighting: Optional[str] = None, k: int = 0, reduction: str = "sum",
                 bias: Optional["PositionBias"] = None, positions=None, **options) -> torch.Tensor:
    """The loss of one query (1-D scores), of consecutive queries (1-D scores and group sizes),
    or of a padded [batch, list] tensor whose mask (bool, True = a real item; None = all)
    says which entries count. Options as ranknet.ranknet_batch: sigma, ties ("half" or
    "skip"), weighting (None, "ndcg", "map", "mrr", "err", "lambdaloss", "label_diff"), k,
    and the rest (gain, normalize, mu, label_gain, item_weights, query_weights, ...).
    reduction: "sum" or "mean" (over pairs). bias: a ranknet.PositionBias (labels are clicks),
    positions: where each row was shown, shaped like the scores (None: its index in its
    query). Returns a 0-d tensor of the scores' dtype."""
    if not isinstance(scores, torch.Tensor) or not isinstance(labels, torch.Tensor):
        raise TypeError("ranknet.torch: scores and labels must be torch tensors")
    for name, t in (("scores", scores), ("labels", labels)) + ((("mask", mask),) if mask is not None else ()):
        if t.device.type != "cpu":
            raise ValueError(f"ranknet.torch: {name} is on {t.device}; ranknet.h runs on the CPU (use .cpu())")
    if scores.dtype not in (torch.float32, torch.float64):
        raise TypeError(f"ranknet.torch: scores must be float32 or float64, not {scores.dtype}")
    if labels.shape != scores.shape:
        raise ValueError(f"ranknet.torch: labels have shape {tuple(labels.shape)}, scores {tuple(scores.shape)}")
    if reduction not in ("sum", "mean"):
        raise ValueError(f"ranknet.torch: reduction must be 'sum' or 'mean', not {reduction!r}")
    if scores.dim() == 2:
        if group is not None:
            raise ValueError("ranknet.torch: a [batch, list] tensor takes a mask, not group sizes")
        if mask is None:
            mask = torch.ones(scores.shape, dtype=torch.bool)
        if mask.shape != scores.shape or mask.dtype != torch.bool:
            raise ValueError(f"ranknet.torch: mask must be a bool tensor of shape {tuple(scores.shape)}")
        group = [int(v) for v in mask.sum(dim=1)]
        if positions is not None:
            positions = torch.as_tensor(np.asarray(positions.cpu() if isinstance(positions, torch.Tensor)
                                                   else positions))
            if positions.shape != scores.shape:
                raise ValueError(f"ranknet.torch: positions must have the scores' shape {tuple(scores.shape)}")
            positions = positions[mask]
        scores, labels = scores[mask], labels[mask]  # row by row: each row one query
    elif scores.dim() == 1:
        if mask is not None:
            raise ValueError("ranknet.torch: a mask goes with a [batch, list] tensor")
        group = [scores.numel()] if group is None else [int(v) for v in group]
        if sum(group) != scores.numel() or min(group, default=0) < 0:
            raise ValueError(f"ranknet.torch: the group sizes add up to {sum(group)}, there are {scores.numel()} scores")
    else:
        raise ValueError(f"ranknet.torch: scores must be 1-D or [batch, list], not of shape {tuple(scores.shape)}")
    if positions is not None:
        if bias is None:
            raise ValueError("ranknet.torch: positions= without bias= (a ranknet.PositionBias) means nothing")
        if isinstance(positions, torch.Tensor):
            positions = positions.detach().cpu()
        positions = np.asarray(positions, dtype=np.int64)
        if positions.size != scores.numel():
            raise ValueError(f"ranknet.torch: positions has {positions.size} values, the scores {scores.numel()}")
    if bias is not None:
        options = dict(options, bias=bias, positions=positions)
    loss = _Lambdas.apply(scores, labels, tuple(group), dict(sigma=sigma, ties=ties, weighting=weighting, k=k,
                                                            **options))
    if reduction == "mean" and options.get("listwise"):
        loss = loss / max(len(group), 1)
    elif reduction == "mean":
        pairs = float(np.sum([n * (n - 1) / 2 for n in group]))
        loss = loss / max(pairs, 1.0)
    return loss


class RankNetLoss(torch.nn.Module):
    """nn.Module form of ranknet_loss: the options at construction (a PositionBias as bias=
    included), (scores, labels, group or mask, positions) at the call."""

    def __init__(self, *, sigma: float = 1.0, ties: str = "half", weighting: Optional[str] = None, k: int = 0,
                 reduction: str = "sum", **options):
        super().__init__()
        self.options = dict(sigma=sigma, ties=ties, weighting=weighting, k=k, reduction=reduction, **options)

    def forward(self, scores: torch.Tensor, labels: torch.Tensor, group: Optional[Sequence[int]] = None,
                mask: Optional[torch.Tensor] = None, positions=None) -> torch.Tensor:
        return ranknet_loss(scores, labels, group=group, mask=mask, positions=positions, **self.options)

    def extra_repr(self) -> str:
        return ", ".join(f"{k}={v!r}" for k, v in self.options.items())
