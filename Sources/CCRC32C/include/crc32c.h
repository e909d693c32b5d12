#ifndef COPYDESK_CRC32C_H
#define COPYDESK_CRC32C_H
#include <stddef.h>
#include <stdint.h>

/// Extends a CRC32C (Castagnoli, reflected, as in iSCSI, ext4 and LevelDB) over
/// `length` bytes. Start with crc = 0; the value returned is final (already
/// inverted), and may be passed back in to continue over more bytes.
uint32_t copydesk_crc32c_extend(uint32_t crc, const void *data, size_t length);

/// 1 when the SSE4.2 crc32 instruction is used, 0 for the table fallback.
int copydesk_crc32c_hardware(void);

#endif
