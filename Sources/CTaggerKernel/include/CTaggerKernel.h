#ifndef COPYDESK_TAGGER_KERNEL_H
#define COPYDESK_TAGGER_KERNEL_H
#include <stddef.h>
#include <stdint.h>

/// Sums, for each of `tokens` tokens, the weight rows of its `per_token`
/// feature keys (`keys[t * per_token + k]`, 0 = no feature) into
/// `out[t * 16 + l]`. `slots` is the model's open-addressing table (`mask + 1`
/// entries: key's upper 32 bits | row + 1, 0 = empty); `rows` holds 16 Int16
/// weights per row. `scratch` must hold `tokens * per_token` int32s.
///
/// The loads are software-pipelined (slots, then rows, prefetched a few tokens
/// ahead): the tagger's time is memory latency, not arithmetic.
void copydesk_tagger_static_scores(const uint64_t *keys, size_t tokens, size_t per_token,
                                   const uint64_t *slots, uint64_t mask, const int16_t *rows,
                                   int32_t *scratch, int32_t *out);

#endif
