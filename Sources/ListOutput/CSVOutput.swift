import CSV
import Foundation
import TerminalSafety

/// `--output csv`: RFC 4180 through CSV.swift's writer (fields with commas, quotes or line breaks quoted,
/// quotes doubled, CRLF between records), UTF-8, one header row. Characters that would act on a terminal
/// (escape sequences, bidirectional overrides) are written as visible escapes, as in the table; line breaks
/// and tabs inside a value are kept, quoted.
public enum CSVOutput {
    public static func bytes(headers: [String], rows: [[String]]) -> [UInt8] {
        let sink = MemorySink()
        do {
            let writer = try CSVWriter(stream: sink, codecType: UTF8.self, delimiter: ",", newline: .crlf)
            try writer.write(row: headers)
            for row in rows { try writer.write(row: row.map { TerminalSafety.escape($0, keepingLineBreaks: true) }) }
        } catch {
            // Writing into memory does not fail; were it to, the output says so instead of being cut short.
            return Array("pbitui: could not write CSV: \(error)\r\n".utf8)
        }
        return sink.bytes + [0x0D, 0x0A]
    }
}

/// An output stream into memory. CSV.swift writes one byte per call; Foundation's memory stream costs about
/// a microsecond a call on Linux, this one an append.
private final class MemorySink: OutputStream {
    private(set) var bytes: [UInt8] = []
    private var status: Stream.Status = .notOpen

    init() { super.init(toMemory: ()) }

    required init(toMemory: ()) { super.init(toMemory: ()) }

    override func open() { status = .open }
    override func close() { status = .closed }
    override var streamStatus: Stream.Status { status }
    override var hasSpaceAvailable: Bool { true }

    override func write(_ buffer: UnsafePointer<UInt8>, maxLength length: Int) -> Int {
        bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: length))
        return length
    }
}
