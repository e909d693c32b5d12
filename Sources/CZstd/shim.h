#ifndef COPYDESK_CZSTD_SHIM_H
#define COPYDESK_CZSTD_SHIM_H
#include <zstd.h>
#include <zdict.h>
#include <zstd_errors.h>
#endif
