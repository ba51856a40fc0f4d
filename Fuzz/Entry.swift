// The libFuzzer entry point (only in the fuzzing build made by scripts/fuzz.sh; the test suite replays the
// corpus through FuzzTargets directly). PBITUI_FUZZ_TARGET names the target.
import Foundation

private let target: String = {
    guard let name = ProcessInfo.processInfo.environment["PBITUI_FUZZ_TARGET"], FuzzTargets.names.contains(name) else {
        FileHandle.standardError.write(Data("set PBITUI_FUZZ_TARGET to one of \(FuzzTargets.names.joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return name
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FuzzTargets.run(target, Data(bytes: bytes, count: count))
    return 0
}
