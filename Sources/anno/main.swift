import AnnoCLI
#if canImport(Glibc)
import Glibc
#endif

exit(AnnoCommandLine.run(Array(CommandLine.arguments.dropFirst())))
