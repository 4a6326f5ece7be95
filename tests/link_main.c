/* ...and its use in another: the two-file link test. */
#include "../ranknet.h"
#include "../ranknet.h"
#include "testlib.h"

static void test_link_two_files(void)
{
    double s[3] = {1, 0, 2}, y[3] = {2, 1, 0}, g[3], l;
    float sf[3] = {1, 0, 2}, yf[3] = {2, 1, 0}, gf[3];
    CHECK(ranknet_loss(s, y, 3, &l) == RANKNET_OK && l > 0);
    CHECK(ranknet_grad(s, y, 3, g) == RANKNET_OK);
    CHECK(ranknet_gradf(sf, yf, 3, gf) == RANKNET_OK);
    CHECK(g[0] < 0 && g[2] > 0 && fabs(g[0] + g[1] + g[2]) < 1e-15);
    CHECK(fabs(gf[2] - g[2]) < 1e-6);
    CHECK(strcmp(ranknet_status_string(RANKNET_ERR_NULL), ranknet_status_string(RANKNET_OK)) != 0);
}

int main(void)
{
    RUN(test_link_two_files);
    return tl_finish();
}
