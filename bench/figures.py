#!/usr/bin/env python3
"""make docs-figures: every figure in README.md and docs/*.md comes from a command.

A figure is a block

    <!-- figure: COMMAND -->
    ...
    <!-- end figure -->

whose inside this script replaces with COMMAND's output (run from the repository root)
and a line naming the machine, compiler, commit and date it ran on. Figures are never
typed by hand: change the command, then run `make docs-figures` (or
`python3 bench/figures.py [PATTERN]` for the figures whose command contains PATTERN).
"""
import os
import platform
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BLOCK = re.compile(r"(<!-- figure: (.+?) -->\n)(.*?)(<!-- end figure -->)", re.S)


def machine():
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cc = subprocess.run("cc --version | head -n 1", shell=True, capture_output=True, text=True).stdout.strip()
    commit = subprocess.run("git rev-parse --short HEAD", shell=True, capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    return f"{cpu}, {os.cpu_count()} cores; {cc}; commit {commit or 'unknown'}; {time.strftime('%Y-%m-%d')}"


def main():
    only = sys.argv[1] if len(sys.argv) > 1 else ""
    files = [os.path.join(ROOT, "README.md")] + sorted(
        os.path.join(ROOT, "docs", f) for f in os.listdir(os.path.join(ROOT, "docs")) if f.endswith(".md"))
    where = machine()
    done, failed = {}, 0
    for path in files:
        text = open(path).read()

        def fill(m):
            nonlocal failed
            cmd = m.group(2).strip()
            if only not in cmd:
                return m.group(0)
            if cmd not in done:
                print(f"figures: {cmd}", flush=True)
                r = subprocess.run(cmd, shell=True, cwd=ROOT, capture_output=True, text=True)
                out = r.stdout.rstrip("\n")
                if r.returncode != 0:
                    failed += 1
                    print(f"figures: `{cmd}` exited {r.returncode}; its block is left as it was\n{r.stderr}")
                    done[cmd] = None
                else:
                    done[cmd] = out
            if done[cmd] is None:
                return m.group(0)
            return f"{m.group(1)}```text\n$ {cmd}\n{done[cmd]}\n```\n\n({where})\n{m.group(4)}"

        new = BLOCK.sub(fill, text)
        if new != text:
            open(path, "w").write(new)
    print(f"figures: {len(done)} commands run, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
