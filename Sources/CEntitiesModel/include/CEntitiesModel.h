#ifndef COPYDESK_ENTITIES_MODEL_H
#define COPYDESK_ENTITIES_MODEL_H
#include <stddef.h>

/// The embedded model's first byte.
const unsigned char *copydesk_entities_model_bytes(void);
/// The embedded model's size in bytes (0 when the build embedded an empty file).
size_t copydesk_entities_model_size(void);

#endif
