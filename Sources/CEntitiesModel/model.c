#include "CEntitiesModel.h"

extern const unsigned char copydesk_entities_model_start[];
extern const unsigned char copydesk_entities_model_end[];

const unsigned char *copydesk_entities_model_bytes(void) { return copydesk_entities_model_start; }
size_t copydesk_entities_model_size(void) {
    return (size_t)(copydesk_entities_model_end - copydesk_entities_model_start);
}
