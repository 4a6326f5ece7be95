/* quickstart.c - the lambdas of one query, and one gradient step that uses them.
   cc -O2 examples/quickstart.c -lm && ./a.out */
#define RANKNET_IMPLEMENTATION
#include "../ranknet.h"

#include <stdio.h>

int main(void)
{
    /* one query: six documents, the model's scores and their graded relevance (0..4) */
    double scores[6] = {0.3, 1.2, -0.5, 0.8, 0.1, -1.0};
    double labels[6] = {3, 0, 4, 1, 2, 0};
    double lambdas[6], before, after;
    const double step = 0.5;
    ranknet_status st;
    int i;

    st = ranknet_loss(scores, labels, 6, &before);
    if (st == RANKNET_OK) st = ranknet_grad(scores, labels, 6, lambdas);
    if (st != RANKNET_OK) {
        fprintf(stderr, "ranknet: %s\n", ranknet_status_string(st));
        return 1;
    }
    printf("RankNet loss: %.6f (sum over the 15 pairs)\n\n", before);
    printf("  doc  label   score    lambda = dL/ds\n");
    for (i = 0; i < 6; ++i) printf("  %3d  %5.0f  %6.2f  %+12.6f\n", i, labels[i], scores[i], lambdas[i]);

    /* gradient descent: move every score against its lambda */
    for (i = 0; i < 6; ++i) scores[i] -= step * lambdas[i];
    st = ranknet_loss(scores, labels, 6, &after);
    if (st != RANKNET_OK) return 1;
    printf("\nafter one step of size %.1f, s -= %.1f * lambda: loss %.6f (%s by %.6f)\n", step, step, after,
           after < before ? "lower" : "NOT lower", before - after);
    return after < before ? 0 : 1;
}
