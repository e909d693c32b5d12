#include "CTaggerKernel.h"
#include <string.h>

#define AHEAD 4
#define HIGH 0xffffffff00000000ull

static inline int32_t resolve(uint64_t key, const uint64_t *slots, uint64_t mask) {
    if (key == 0) return -1;
    uint64_t fingerprint = key & HIGH;
    uint64_t s = key & mask;
    for (;;) {
        uint64_t found = slots[s];
        if (found == 0) return -1;
        if ((found & HIGH) == fingerprint) return (int32_t)(found & 0xffffffffu) - 1;
        s = (s + 1) & mask;
    }
}

void copydesk_tagger_static_scores(const uint64_t *keys, size_t tokens, size_t per_token,
                                   const uint64_t *slots, uint64_t mask, const int16_t *rows,
                                   int32_t *scratch, int32_t *out) {
    // Pass 1: keys → rows, prefetching the slots of a token a few ahead.
    for (size_t t = 0; t < tokens; t++) {
        if (t + AHEAD < tokens) {
            const uint64_t *ahead = keys + (t + AHEAD) * per_token;
            for (size_t k = 0; k < per_token; k++) __builtin_prefetch(&slots[ahead[k] & mask]);
        }
        const uint64_t *mine = keys + t * per_token;
        int32_t *row = scratch + t * per_token;
        for (size_t k = 0; k < per_token; k++) row[k] = resolve(mine[k], slots, mask);
    }
    // Pass 2: sum the rows, prefetching those of a token a few ahead.
    for (size_t t = 0; t < tokens; t++) {
        if (t + AHEAD < tokens) {
            const int32_t *ahead = scratch + (t + AHEAD) * per_token;
            for (size_t k = 0; k < per_token; k++)
                if (ahead[k] >= 0) __builtin_prefetch(rows + (size_t)ahead[k] * 16);
        }
        int32_t acc[16];
        memset(acc, 0, sizeof acc);
        const int32_t *mine = scratch + t * per_token;
        for (size_t k = 0; k < per_token; k++) {
            if (mine[k] < 0) continue;
            const int16_t *w = rows + (size_t)mine[k] * 16;
            for (int l = 0; l < 16; l++) acc[l] += w[l];
        }
        memcpy(out + t * 16, acc, sizeof acc);
    }
}
