"""The one thing pyproject.toml cannot say: ranknet.h compiled into the package, as a shared
library that ranknet/__init__.py opens with ctypes (no Python C API involved)."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("ranknet._libranknet", ["python/ranknet/_libranknet.c"], include_dirs=["."],
                             extra_compile_args=["-O2"], libraries=["m"])])
