"""test_dask_example.py - examples/dask_ranking.py's partitioning: chunks at query
boundaries pass, chunks that split a query are refused, LightGBM's group chunks match the
row chunks. Run by `make test` where Debian's
python3-dask is installed (no cluster needed). Ends with "N passed, M failed"."""
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [here, os.path.join(here, "..", "..", "examples")]
from checks import check, finish, skip  # noqa: E402

try:
    import dask.array as da
    import dask_ranking as ex
except ImportError as e:
    skip(f"test_dask_example: skipped, {e.name} is not installed (apt-get install python3-dask python3-xgboost)")
except SystemExit:  # the example skips itself without its packages
    skip("test_dask_example: skipped, the Dask example's packages are not installed")

group = np.array([3, 5, 2, 7, 1, 4, 6])
qid = np.repeat(np.arange(len(group)), group)
chunks = ex.partitions_at_query_boundaries(group, 3)
check("chunks cover the rows", sum(chunks) == qid.size, str(chunks))
bounds = set(np.cumsum(group).tolist())
check("chunks end at query ends", all(int(c) in bounds for c in np.cumsum(chunks)), str(chunks))
try:
    ex.check_whole_queries(da.from_array(qid, chunks=(chunks,)))
    check("whole queries pass", True)
except ValueError as e:
    check("whole queries pass", False, str(e))
for name, bad in (("a split query", (4, qid.size - 4)), ("queries out of order", None)):
    q = da.from_array(qid, chunks=(bad,)) if bad else da.concatenate(
        [da.from_array(qid[8:], chunks=(qid.size - 8,)), da.from_array(qid[:8], chunks=(8,))])
    try:
        ex.check_whole_queries(q)
        check(f"refuses {name}", False, "no exception")
    except ValueError as e:
        check(f"refuses {name}", "split query" in str(e), str(e))
gc = ex.group_chunks(group, chunks)
check("group chunks count every query", sum(gc) == len(group), str(gc))
starts = np.concatenate([[0], np.cumsum(gc)])
check("group chunks hold each row chunk's queries",
      [int(group[a:b].sum()) for a, b in zip(starts[:-1], starts[1:])] == list(chunks), f"{gc} {chunks}")
try:
    ex.group_chunks(group, (4, qid.size - 4))
    check("group chunks refuse a split query", False, "no exception")
except ValueError as e:
    check("group chunks refuse a split query", "inside a query" in str(e), str(e))
finish()
