// zlib for cimpvt: reading the gzip-compressed datasets shipped as package resources.
#ifndef CIMPVT_CZLIB_SHIM_H
#define CIMPVT_CZLIB_SHIM_H
#include <zlib.h>
#endif
