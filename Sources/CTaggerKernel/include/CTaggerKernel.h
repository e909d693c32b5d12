#ifndef COPYDESK_TAGGER_KERNEL_H
#define COPYDESK_TAGGER_KERNEL_H
#include <stddef.h>
#include <stdint.h>

/// The tagger's feature table, as the Swift side lays it out: buckets of four
/// 64-bit lanes (32 bytes); lane = the key's upper 32 bits (its fingerprint,
/// never 0) over its row number (0: the zero row); an empty lane is 0. A key's
/// home bucket is `key & bucket_mask`; a full bucket overflows into the next.
/// `rows` holds 16 Int16 weights per row, row 0 all zero.
typedef struct {
    const uint64_t *lanes;
    uint64_t bucket_mask;
    const int16_t *rows;
} copydesk_tagger_table;

/// Sums, for each of `tokens` tokens, the rows of its feature keys
/// `keys[t * per_token + k]` for k in `first..<per_token` (0 = no feature),
/// plus `base[t * 16 + l]` when `base` is not NULL, into `out[t * 16 + l]`.
/// `scratch` must hold `tokens * per_token` uint32s. The table look-ups are
/// branch-free in the common case and prefetched a few tokens ahead.
void copydesk_tagger_static_scores(const uint64_t *keys, size_t tokens, size_t per_token, size_t first,
                                   copydesk_tagger_table table, uint32_t *scratch, const int32_t *base, int32_t *out);

/// Adds the rows of `count` keys to `acc[0..<16]`.
void copydesk_tagger_add(const uint64_t *keys, size_t count, copydesk_tagger_table table, int32_t *acc);

#endif
