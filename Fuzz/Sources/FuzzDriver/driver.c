#include <stddef.h>
#include <stdint.h>
#include "FuzzDriver.h"

// Defined by each fuzz target in Swift with @_cdecl("LLVMFuzzerTestOneInput").
extern int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
// libFuzzer's entry point for programs that keep their own main (compiler-rt FuzzerInterface.h).
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int idgate_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
