"""coverage.py HEADER GCOV... - line and branch coverage of the implementation part of
ranknet.h (between '#if defined(RANKNET_IMPLEMENTATION)' and its '#endif', and the kernel
template at the end), merged over the gcov files given; lists the lines never run and each
line with a branch never taken (how many of its branches). Exits 1 below 95% of lines or 85%
of branches."""
import re
import sys


def main():
    header, files = sys.argv[1], sys.argv[2:]
    src = open(header).read().split("\n")
    def span(first, last):
        a = next(i for i, l in enumerate(src, 1) if l.startswith(first))
        return a, next(i for i, l in enumerate(src, 1) if i > a and l.startswith(last))

    # the implementation, and the kernel template that it includes once for each family
    ranges = [span("#if defined(RANKNET_IMPLEMENTATION)", "#endif /* RANKNET_IMPLEMENTATION */"),
              span("#ifdef RANKNET__KERNEL_TEMPLATE", "#endif /* RANKNET__KERNEL_TEMPLATE */")]

    def inside(line_no):
        return any(a < line_no < b for a, b in ranges)

    lines, branches = {}, {}
    for path in files:
        line_no = 0
        for raw in open(path):
            m = re.match(r"\s*([^:]+):\s*(\d+):", raw)
            if m:
                count, line_no = m.group(1).strip(), int(m.group(2))
                if not inside(line_no) or count == "-":
                    continue
                ran = count not in ("#####", "=====")
                lines[line_no] = lines.get(line_no, False) or ran
                continue
            b = re.match(r"branch\s+(\d+)\s+(taken (\d+)|never executed)", raw)
            if b and inside(line_no):
                key = (line_no, int(b.group(1)))
                branches[key] = branches.get(key, False) or (b.group(3) is not None and int(b.group(3)) > 0)
    run = sum(lines.values())
    taken = sum(branches.values())
    pct = 100.0 * run / max(1, len(lines))
    bpct = 100.0 * taken / max(1, len(branches))
    print(f"ranknet.h implementation: lines {run}/{len(lines)} ({pct:.1f}%), "
          f"branches taken {taken}/{len(branches)} ({bpct:.1f}%)")
    missed = sorted(l for l, ran in lines.items() if not ran)
    for l in missed:
        print(f"  not run: {header}:{l}: {src[l - 1].strip()}")
    untaken, per_line = {}, {}
    for (l, _), t in branches.items():
        per_line[l] = per_line.get(l, 0) + 1
        if not t:
            untaken[l] = untaken.get(l, 0) + 1
    for l in sorted(untaken):
        print(f"  branches not taken {untaken[l]}/{per_line[l]}: {header}:{l}: {src[l - 1].strip()[:100]}")
    return 0 if pct >= 95.0 and bpct >= 85.0 else 1


if __name__ == "__main__":
    sys.exit(main())
