/* The consumer: the implementation compiled here, one call checked. */
#define RANKNET_IMPLEMENTATION
#include <ranknet.h>
#include <math.h>
#include <stdio.h>

int main(void)
{
    double s[3] = {0, 1, 2}, y[3] = {2, 1, 0}, g[3];
    int ok = ranknet_grad(s, y, 3, g) == RANKNET_OK && g[0] < 0 && g[2] > 0 && fabs(g[0] + g[1] + g[2]) < 1e-15;
    printf("%d passed, %d failed\n", ok, !ok);
    return !ok;
}
