#ifndef IDGATE_FUZZ_DRIVER_H
#define IDGATE_FUZZ_DRIVER_H

/// Runs libFuzzer (LLVMFuzzerRunDriver) with the target's LLVMFuzzerTestOneInput and the process arguments.
int idgate_fuzz_main(int argc, char **argv);

#endif
