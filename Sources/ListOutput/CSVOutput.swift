import Foundation
import TerminalSafety

/// `--output csv`: RFC 4180 (fields with commas, quotes or line breaks quoted, quotes doubled, CRLF after
/// every record), UTF-8, one header row. Characters that would act on a terminal (escape sequences,
/// bidirectional overrides) are written as visible escapes, as in the table; line breaks and tabs inside a
/// value are kept, quoted.
///
/// Written by hand (it was CSV.swift's writer until the DAX workbench): that writer passes every byte through
/// an output stream call, and a 100,000-row DAX result took 4.8 s to write where Python's csv module takes
/// under a second (docs/BENCHMARKS.md). Tests read what this writes back with CSV.swift's reader.
public enum CSVOutput {
    public static func bytes(headers: [String], rows: [[String]]) -> [UInt8] {
        bytes(headers: headers, rows: rows.lazy.map { $0.lazy })
    }

    /// Any rows of fields, read once (a lazy map over a result avoids building its text first).
    public static func bytes<Rows: Sequence>(headers: [String], rows: Rows) -> [UInt8]
    where Rows.Element: Sequence, Rows.Element.Element == String {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        record(headers, into: &output, escaping: false)
        for row in rows { record(row, into: &output, escaping: true) }
        return output
    }

    /// Rows without the header row: a result written batch by batch (`dax --engine arrow --output csv`). Concrete
    /// rows, so that the loop is specialized here rather than run generically from another module.
    public static func records(_ rows: [[String]]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        for row in rows { record(row, into: &output, escaping: true) }
        return output
    }

    static func records<Rows: Sequence>(_ rows: Rows) -> [UInt8] where Rows.Element: Sequence, Rows.Element.Element == String {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        for row in rows { record(row, into: &output, escaping: true) }
        return output
    }

    static func record<Fields: Sequence>(_ fields: Fields, into output: inout [UInt8], escaping: Bool) where Fields.Element == String {
        var first = true
        for field in fields {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            append(escaping ? TerminalSafety.escape(field, keepingLineBreaks: true) : field, to: &output)
        }
        output.append(0x0D)
        output.append(0x0A)
    }

    @inline(__always)
    static func append(_ field: String, to output: inout [UInt8]) {
        var text = field
        text.withUTF8 { bytes in
            var quoted = false
            for byte in bytes where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0D || byte == 0x0A {
                quoted = true
                break
            }
            guard quoted else { output.append(contentsOf: bytes); return }
            output.append(UInt8(ascii: "\""))
            for byte in bytes {
                output.append(byte)
                if byte == UInt8(ascii: "\"") { output.append(byte) }
            }
            output.append(UInt8(ascii: "\""))
        }
    }
}
