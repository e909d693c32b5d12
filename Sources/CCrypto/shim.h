#ifndef COPYDESK_CCRYPTO_SHIM_H
#define COPYDESK_CCRYPTO_SHIM_H
// Only the EVP digest API of OpenSSL's libcrypto: SHA-256 with the CPU's SHA
// instructions where it has them (Debian's libssl-dev, already pulled in by libpq-dev).
#include <openssl/evp.h>
#endif
