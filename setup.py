"""The one thing pyproject.toml cannot say: ranknet.h compiled into the package, as a shared
library that ranknet/__init__.py opens with ctypes (no Python C API involved)."""
import re

from setuptools import Extension, setup

# the version is written once, in ranknet.h
VERSION = re.search(r'#define RANKNET_VERSION_STRING "(.*)"', open("ranknet.h").read()).group(1)

setup(version=VERSION, ext_modules=[Extension("ranknet._libranknet", ["python/ranknet/_libranknet.c"], include_dirs=["."],
                             extra_compile_args=["-O2"], libraries=["m"])])
