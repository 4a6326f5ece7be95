/* plain_from.h - ranknet_options in the oracle's terms (fuzz/plain_ref.h): the one
   translation the fuzzer and the test suite share. Include ranknet.h first. */
#ifndef PLAIN_FROM_H
#define PLAIN_FROM_H
#include "plain_ref.h"
#include <string.h>

static void plain_from(const ranknet_options *o, plain_options *p)
{
    memset(p, 0, sizeof *p);
    p->sigma = o->sigma == 0 ? 1 : o->sigma;
    p->skip_ties = o->ties == RANKNET_TIES_SKIP;
    p->weighting = (int)o->weighting;
    p->linear_gain = o->gain == RANKNET_GAIN_LINEAR;
    p->normalize = (int)o->normalize;
    p->preset = (int)o->preset;
    /* divide by 0.01 + the score gap: LightGBM's under LOG2, XGBoost's under score_norm */
    p->score_gap = o->preset == RANKNET_PRESET_LIGHTGBM  ? o->normalize == RANKNET_NORM_LOG2
                   : o->preset == RANKNET_PRESET_XGBOOST ? o->score_norm != 0
                                                         : 0;
    p->item_weights_pair = o->preset == RANKNET_PRESET_NONE;
    p->item_weights_row = o->preset == RANKNET_PRESET_LIGHTGBM;
    p->k = o->k;
    p->mu = o->mu;
    p->max_label = o->max_label;
    p->label_gain = o->label_gain;
}
#endif
