#!/usr/bin/env python3
"""The header, the docs and the Python binding checked against each other (run by make test).

- The version is written once, in ranknet.h's RANKNET_VERSION_* macros: the title line, the
  version string, the newest revision-history entry and CHANGELOG.md's newest entry say the
  same; CMakeLists.txt and pyproject.toml read it rather than repeat it.
- Every option enum's values (up to its _COUNT) are the ones the docs and the binding name:
  each weighting and preset of the header is in docs/ and in the binding's tables, and no
  other (the suite's enum_counts_bound_the_options checks that the code accepts exactly
  those below each count).
- Every relative link of README.md and docs/ reaches a file, and an anchor a heading.
- Every figure block has been filled by its command (make docs-figures).
- README.md stays a front door: at most 16 KB.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python", "tests"))
import checks  # noqa: E402  (the Python tests' counter; it needs no numpy)


def check(ok, what):
    checks.check(what, ok)


def read(path):
    return open(os.path.join(ROOT, path), encoding="utf-8").read()


def enum_values(header, prefix):
    """The enumerators RANKNET_<prefix>_* in declaration order, without the _COUNT."""
    body = re.search(r"typedef enum \{([^}]*RANKNET_%s_COUNT[^}]*)\}" % prefix, header, re.S)
    names = re.findall(r"\b(RANKNET_%s_[A-Z0-9_]+)\b" % prefix, re.sub(r"/\*.*?\*/", "", body.group(1), flags=re.S))
    return [n for n in names if not n.endswith("_COUNT")]


def slug(heading):
    s = heading.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def main():
    h = read("ranknet.h")
    # --- the version, once
    major, minor, patch = (re.search(r"#define RANKNET_VERSION_%s (\d+)" % p, h).group(1) for p in ("MAJOR", "MINOR", "PATCH"))
    v = f"{major}.{minor}.{patch}"
    check(re.search(r'#define RANKNET_VERSION_STRING "%s"' % re.escape(v), h) is not None, f"RANKNET_VERSION_STRING is {v}")
    check(h.startswith(f"/* ranknet.h - v{v} - "), f"the title line says v{v}")
    hist = re.search(r"REVISION HISTORY[^\n]*\n\s*(\d+\.\d+\.\d+)", h)
    check(hist is not None and hist.group(1) == v, f"the newest revision-history entry is {v}")
    cl = re.search(r"^## \[?(\d+\.\d+\.\d+)", read("CHANGELOG.md"), re.M)
    check(cl is not None and cl.group(1) == v, f"CHANGELOG.md's newest entry is {v}")
    cm = read("CMakeLists.txt")
    check(re.search(r"\d+\.\d+\.\d+", cm.split("cmake_minimum_required")[1].split("\n", 1)[1]) is None,
          "CMakeLists.txt writes no version of its own (it reads ranknet.h's)")
    pp = read("pyproject.toml")
    check("version =" not in pp and 'dynamic = ["version"]' in pp, "pyproject.toml takes its version from ranknet.h")

    # --- the options the header has, the docs and the binding name
    docs = "".join(read(os.path.join("docs", f)) for f in sorted(os.listdir(os.path.join(ROOT, "docs"))) if f.endswith(".md"))
    py = read("python/ranknet/__init__.py")
    for prefix, table in (("WEIGHT", "_WEIGHTING"), ("PRESET", "_PRESET"), ("NORM", "_NORM"), ("GAIN", "_GAIN"),
                          ("TIES", "_TIES"), ("SIMD", "_SIMD")):
        values = enum_values(h, prefix)
        check(len(values) > 1, f"the header has RANKNET_{prefix}_* values")
        m = re.search(r"^%s = \{(.*)\}$" % table, py, re.M)
        check(m is not None, f"the binding has {table}")
        if m:
            codes = set(int(c) for c in re.findall(r":\s*(\d+)", m.group(1)))
            check(codes == set(range(len(values))), f"{table} names exactly the values 0..{len(values) - 1} of RANKNET_{prefix}")
        if prefix in ("WEIGHT", "PRESET"):
            for name in values:
                check(name in docs or name.replace("RANKNET_", "") in docs, f"docs/ documents {name}")
    for name in enum_values(h, "WEIGHT")[1:]:
        short = name.replace("RANKNET_WEIGHT_", "")
        check(re.search(r"^\s+(RANKNET_WEIGHT_)?%s\b" % short, h, re.M) is not None or f"WEIGHT_{short}" in h.split("2. API")[1],
              f"the header's API section documents {name}")
    docs_names = set(re.findall(r"RANKNET_WEIGHT_[A-Z_]+", docs)) - {"RANKNET_WEIGHT_COUNT"}
    check(docs_names <= set(enum_values(h, "WEIGHT")), f"docs/ names no weighting the header lacks: {sorted(docs_names - set(enum_values(h, 'WEIGHT')))}")

    # --- links and figures
    pages = ["README.md"] + [os.path.join("docs", f) for f in os.listdir(os.path.join(ROOT, "docs")) if f.endswith(".md")]
    for page in pages:
        text = read(page)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+://", target) or target.startswith("mailto:"):
                continue
            path, _, anchor = target.partition("#")
            full = os.path.normpath(os.path.join(ROOT, os.path.dirname(page), path)) if path else os.path.join(ROOT, page)
            check(os.path.exists(full), f"{page}: the link {target} reaches a file")
            if anchor and os.path.exists(full) and full.endswith(".md"):
                heads = [slug(x) for x in re.findall(r"^#+ (.*)$", open(full, encoding="utf-8").read(), re.M)]
                check(anchor in heads, f"{page}: the anchor #{anchor} is a heading of {path or page}")
        for cmd, body in re.findall(r"<!-- figure: (.+?) -->\n(.*?)<!-- end figure -->", text, re.S):
            check(body.startswith("```text\n$ " + cmd), f"{page}: the figure of `{cmd}` is filled (make docs-figures)")
    size = os.path.getsize(os.path.join(ROOT, "README.md"))
    check(size <= 16 * 1024, f"README.md is at most 16 KB ({size} bytes)")
    checks.finish()


if __name__ == "__main__":
    main()
