/* The implementation in one translation unit... */
#define RANKNET_IMPLEMENTATION
#include "../ranknet.h"
#include "../ranknet.h" /* a second inclusion must be harmless */
