#ifndef COPYDESK_CZLIB_SHIM_H
#define COPYDESK_CZLIB_SHIM_H
#include <zlib.h>
#endif
