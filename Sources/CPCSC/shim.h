#ifndef IDGATE_CPCSC_SHIM_H
#define IDGATE_CPCSC_SHIM_H
#include <winscard.h>
#endif
