import CCompression

/// Arrow IPC buffer compression: each buffer is its uncompressed length (i64, little-endian) and the
/// compressed bytes, or `-1` and the bytes as they are; an empty buffer stays empty. LZ4 is the frame format
/// (one frame per buffer), through the system's liblz4; ZSTD through libzstd.
enum Compression {
    enum Codec: Sendable { case lz4Frame, zstd }

    /// The most a buffer may claim to unpack to (a claim past it is refused before anything is allocated).
    static let largestBuffer = 1 << 32

    static func buffer(_ slice: ArraySlice<UInt8>, codec: Codec) throws(ArrowError) -> [UInt8] {
        guard !slice.isEmpty else { return [] }
        let bytes = Array(slice)
        let claimed = try FlatTable.i64(bytes, 0)
        let payload = bytes[8...]
        if claimed == -1 { return Array(payload) }
        guard claimed >= 0, claimed <= Int64(largestBuffer) else { throw .malformed("a compressed buffer that claims \(claimed) bytes") }
        if claimed == 0 { return [] }
        switch codec {
        case .lz4Frame: return try lz4(Array(payload), size: Int(claimed))
        case .zstd: return try zstd(Array(payload), size: Int(claimed))
        }
    }

    static func lz4(_ input: [UInt8], size: Int) throws(ArrowError) -> [UInt8] {
        var context: OpaquePointer?
        guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0, let context else {
            throw .malformed("LZ4 could not start")
        }
        defer { LZ4F_freeDecompressionContext(context) }
        var output = [UInt8](repeating: 0, count: size)
        var written = 0, read = 0
        while read < input.count {
            var outputSize = size - written, inputSize = input.count - read
            let hint = output.withUnsafeMutableBytes { out in
                input.withUnsafeBytes { source in
                    LZ4F_decompress(context, out.baseAddress! + written, &outputSize, source.baseAddress! + read, &inputSize, nil)
                }
            }
            guard LZ4F_isError(hint) == 0 else { throw .malformed("an LZ4 frame that does not decompress") }
            written += outputSize
            read += inputSize
            if hint == 0 { break }
            guard inputSize > 0 || outputSize > 0 else { throw .malformed("an LZ4 frame cut short") }
        }
        guard written == size else { throw .malformed("an LZ4 buffer of \(written) bytes where \(size) were announced") }
        return output
    }

    static func zstd(_ input: [UInt8], size: Int) throws(ArrowError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        let written = output.withUnsafeMutableBytes { out in
            input.withUnsafeBytes { source in ZSTD_decompress(out.baseAddress, size, source.baseAddress, input.count) }
        }
        guard ZSTD_isError(written) == 0, written == size else { throw .malformed("a ZSTD buffer that does not decompress to its announced size") }
        return output
    }
}
