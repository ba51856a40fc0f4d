import Foundation

/// The process's environment variables: the one place pbitui reads them. Code below the command line
/// takes the environment as a parameter (tests pass their own); where it has a default, and where the
/// command line starts, it comes from here. `scripts/check-imports.py` refuses any other read.
public enum ProcessEnvironment {
    public static var current: [String: String] { ProcessInfo.processInfo.environment }
}
