/* ranknet.h's implementation, built by `pip install .` into the package as a shared
   library; ranknet/__init__.py loads it with ctypes. */
#define RANKNET_IMPLEMENTATION
#include "ranknet.h"
