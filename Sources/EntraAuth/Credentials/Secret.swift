import HTTPCore

/// A client secret or password. It never prints itself: string interpolation, `print` and logging all
/// show `<redacted>`; only ``reveal()`` gives the text, and only where it goes on the wire.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    public init(_ value: String) {
        self.value = value
        // Whatever happens to it, it never reaches the log.
        ActivityLog.shared.register(secret: value)
    }

    public func reveal() -> String { value }
    public var isBlank: Bool { value.allSatisfy(\.isWhitespace) }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
