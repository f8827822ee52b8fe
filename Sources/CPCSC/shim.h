#ifndef IDGATE_CPCSC_SHIM_H
#define IDGATE_CPCSC_SHIM_H
#include <winscard.h>
#include <sys/prctl.h>

/// Names the calling thread for ps, gdb and /proc (15 characters at most). Swift cannot call
/// the variadic prctl, and Foundation's Thread.name does not reach the OS on Linux.
static inline void idgate_name_current_thread(const char *name) {
    prctl(PR_SET_NAME, name, 0, 0, 0);
}
#endif
