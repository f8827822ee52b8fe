#if canImport(Glibc)
import Glibc
#endif
import FuzzDriver

exit(idgate_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv))
