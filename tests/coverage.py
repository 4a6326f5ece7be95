"""coverage.py HEADER GCOV... - line and branch coverage of the implementation part of
ranknet.h (between '#if defined(RANKNET_IMPLEMENTATION)' and its '#endif'), merged over
the gcov files given; lists the lines never run. Exits 1 below 95% of lines."""
import re
import sys


def main():
    header, files = sys.argv[1], sys.argv[2:]
    src = open(header).read().split("\n")
    start = next(i for i, l in enumerate(src, 1) if l.startswith("#if defined(RANKNET_IMPLEMENTATION)"))
    end = next(i for i, l in enumerate(src, 1) if l.startswith("#endif /* RANKNET_IMPLEMENTATION */"))
    lines, branches = {}, {}
    for path in files:
        line_no = 0
        for raw in open(path):
            m = re.match(r"\s*([^:]+):\s*(\d+):", raw)
            if m:
                count, line_no = m.group(1).strip(), int(m.group(2))
                if not start < line_no < end or count == "-":
                    continue
                ran = count not in ("#####", "=====")
                lines[line_no] = lines.get(line_no, False) or ran
                continue
            b = re.match(r"branch\s+(\d+)\s+(taken (\d+)|never executed)", raw)
            if b and start < line_no < end:
                key = (line_no, int(b.group(1)))
                branches[key] = branches.get(key, False) or (b.group(3) is not None and int(b.group(3)) > 0)
    run = sum(lines.values())
    taken = sum(branches.values())
    pct = 100.0 * run / max(1, len(lines))
    print(f"ranknet.h implementation: lines {run}/{len(lines)} ({pct:.1f}%), "
          f"branches taken {taken}/{len(branches)} ({100.0 * taken / max(1, len(branches)):.1f}%)")
    missed = sorted(l for l, ran in lines.items() if not ran)
    for l in missed:
        print(f"  not run: {header}:{l}: {src[l - 1].strip()}")
    return 0 if pct >= 95.0 else 1


if __name__ == "__main__":
    sys.exit(main())
