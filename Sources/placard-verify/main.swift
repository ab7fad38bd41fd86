import PlacardVerify

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// `placard-verify [DIR] [options]`: the CI gate, small and fast to build. See
// `VerifyCommandLine.usage` for the options and exit statuses.
exit(VerifyCommandLine.main(Array(CommandLine.arguments.dropFirst())))
