import PlacardSystem
import PlacardVerify

// `placard-verify [DIR] [options]`: the CI gate, small and fast to build; the same
// `VerifyCommand` as `placard verify`, named `placard-verify` in its usage and help.
exit(VerifyCommand.standaloneMain(Array(CommandLine.arguments.dropFirst())))
