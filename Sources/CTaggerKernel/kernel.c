#include "CTaggerKernel.h"
#include <string.h>

#define AHEAD 2

static inline uint32_t fingerprint(uint64_t key) {
    uint32_t f = (uint32_t)(key >> 32);
    return f == 0 ? 1 : f;
}

/// The row of `key`, or 0.
static inline uint32_t find(uint64_t key, copydesk_tagger_table table) {
    if (key == 0) return 0;
    uint32_t f = fingerprint(key);
    uint64_t b = key & table.bucket_mask;
    for (;;) {
        const uint64_t *lane = table.lanes + b * 4;
        uint32_t row = 0;
        // Branch-free over the four lanes (one 32-byte bucket): at most one matches.
        for (int i = 0; i < 4; i++) row |= ((uint32_t)(lane[i] >> 32) == f) ? (uint32_t)lane[i] : 0;
        if (row != 0 || lane[3] == 0) return row;
        b = (b + 1) & table.bucket_mask;  // a full bucket: the key may have overflowed
    }
}

static inline void add_row(int32_t *acc, const int16_t *w) {
    for (int l = 0; l < 16; l++) acc[l] += w[l];
}

void copydesk_tagger_static_scores(const uint64_t *keys, size_t tokens, size_t per_token, size_t first,
                                   copydesk_tagger_table table, uint32_t *scratch, const int32_t *base, int32_t *out) {
    for (size_t t = 0; t < tokens; t++) {
        if (t + AHEAD < tokens) {
            const uint64_t *ahead = keys + (t + AHEAD) * per_token;
            for (size_t k = first; k < per_token; k++)
                __builtin_prefetch(table.lanes + (ahead[k] & table.bucket_mask) * 4);
        }
        const uint64_t *mine = keys + t * per_token;
        uint32_t *row = scratch + t * per_token;
        for (size_t k = first; k < per_token; k++) row[k] = find(mine[k], table);
    }
    for (size_t t = 0; t < tokens; t++) {
        if (t + AHEAD < tokens) {
            const uint32_t *ahead = scratch + (t + AHEAD) * per_token;
            for (size_t k = first; k < per_token; k++) __builtin_prefetch(table.rows + (size_t)ahead[k] * 16);
        }
        int32_t acc[16];
        if (base) memcpy(acc, base + t * 16, sizeof acc); else memset(acc, 0, sizeof acc);
        const uint32_t *mine = scratch + t * per_token;
        for (size_t k = first; k < per_token; k++) add_row(acc, table.rows + (size_t)mine[k] * 16);
        memcpy(out + t * 16, acc, sizeof acc);
    }
}

void copydesk_tagger_add(const uint64_t *keys, size_t count, copydesk_tagger_table table, int32_t *acc) {
    for (size_t k = 0; k < count; k++) add_row(acc, table.rows + (size_t)find(keys[k], table) * 16);
}
