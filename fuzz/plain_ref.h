/* plain_ref.h - the fuzzer's independent reference (plain_ref.c): its own options, no
   ranknet.h types, so that nothing is shared with the library it checks. */
#ifndef PLAIN_REF_H
#define PLAIN_REF_H
#include <stddef.h>

enum { PLAIN_NONE, PLAIN_NDCG, PLAIN_MAP, PLAIN_MRR, PLAIN_ERR, PLAIN_LAMBDALOSS, PLAIN_LABEL_DIFF, PLAIN_DCG };
enum { PLAIN_NORM_NONE, PLAIN_NORM_LOG2, PLAIN_NORM_ITEMS };
enum { PLAIN_PRESET_NONE, PLAIN_PRESET_LIGHTGBM, PLAIN_PRESET_XGBOOST };

/* Unbiased LambdaMART: each item's factors t+ and t- in, the costs it gathers as the plus
   and as the minus item of a pair out (zeroed by plain_query). */
typedef struct plain_bias {
    const long double *t_plus, *t_minus;
    long double *cost_plus, *cost_minus;
} plain_bias;

typedef struct plain_options {
    long double sigma; /* the resolved value (never 0) */
    int skip_ties, weighting, linear_gain, normalize, preset;
    int score_gap; /* divide by 0.01 + |s_high - s_low| (LightGBM's LOG2, XGBoost's score_norm) */
    int item_weights_pair, item_weights_row; /* how iw counts: per pair (the more relevant item), per row (LightGBM) */
    size_t k;
    double mu, max_label;
    const double *label_gain;
    const plain_bias *bias; /* NULL: none; pairs of equal labels are left out with one */
    long double *gscale;    /* NULL, or out: each item's sum of |pair lambda| terms, scaled as its lambda */
} plain_options;

/* One query: loss, lambdas and hessians in long double, every pair visited. */
int plain_query(const plain_options *o, const double *s, const double *y, const double *iw, size_t n, long double *loss,
                long double *g, long double *h);
long double plain_ndcg(const double *s, const double *y, size_t n, size_t k);
/* one pair of ranknet_pair_bce: returns w (softplus(d) - t d), *grad = w (sigmoid(d) - t) */
long double plain_pair(double d, double t, double w, long double *grad);
#endif
