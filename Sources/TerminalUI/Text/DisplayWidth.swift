/// How many terminal columns text takes: 2 for East Asian wide and fullwidth characters and for emoji
/// shown as emoji, 0 for combining marks, joiners and variation selectors, 1 otherwise.
///
/// Measured per grapheme cluster, so `e` + U+0301 is one column and 📊 two.
public enum DisplayWidth {
    /// True when every byte is printable ASCII (one column each, nothing to escape): the common case, which
    /// skips grapheme breaking.
    @inline(__always)
    public static func isPrintableASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
    }

    public static func of(_ text: Substring) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    public static func of(_ text: String) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        if character.isASCII {
            guard let value = scalars.first?.value else { return 0 }
            return value < 0x20 || value == 0x7F ? 0 : 1
        }
        var width = 0
        for scalar in scalars {
            let w = of(scalar)
            if w > width { width = w }
        }
        // An emoji presentation selector makes a text-style symbol (☀, ❤) two columns wide.
        if width == 1, scalars.contains(where: { $0.value == 0xFE0F }) { width = 2 }
        return width
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format:
            return 0
        default:
            break
        }
        if value == 0x200B || (0xFE00...0xFE0F).contains(value) || (0xE0100...0xE01EF).contains(value) { return 0 }
        if (0x1160...0x11FF).contains(value) { return 0 }  // Hangul medial vowels and final consonants
        if isWide(value) { return 2 }
        if scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD,
             0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797,
             0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B,
             0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265,
             0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA,
             0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440, 0x1F442...0x1F4FC,
             0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A, 0x1F595...0x1F596, 0x1F5A4,
             0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7,
             0x1F6DC...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0,
             0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

/// Cutting and padding text by display columns, never inside a grapheme cluster.
public enum TextFit {
    /// `text` cut to at most `columns` columns; when cut, the last column is an ellipsis.
    public static func truncate(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if DisplayWidth.isPrintableASCII(text) {
            let count = text.utf8.count
            if count <= columns { return text }
            if DisplayWidth.isPrintableASCII(ellipsis) || DisplayWidth.of(ellipsis) == 1 {
                let room = max(0, columns - DisplayWidth.of(ellipsis))
                return String(decoding: text.utf8.prefix(room), as: UTF8.self) + ellipsis
            }
        }
        if DisplayWidth.of(text) <= columns { return text }
        let room = columns - DisplayWidth.of(ellipsis)
        var output = ""
        var used = 0
        for character in text {
            let width = DisplayWidth.of(character)
            if used + width > room { break }
            output.append(character)
            used += width
        }
        return output + ellipsis
    }

    /// `text` truncated, then padded with spaces to exactly `columns` columns.
    public static func pad(_ text: String, to columns: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: columns)
        let fill = String(repeating: " ", count: max(0, columns - DisplayWidth.of(cut)))
        return alignRight ? fill + cut : cut + fill
    }

    /// The end of `text` that fits in `columns` columns, after an ellipsis when the start was cut: what a text
    /// field shows while the cursor sits at its end. Linear in the length of `text` (one pass from the end), so
    /// a 2,000-character paste costs one pass, not one pass per character removed.
    public static func tail(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if DisplayWidth.isPrintableASCII(text) {
            let count = text.utf8.count
            if count <= columns { return text }
            let room = max(0, columns - DisplayWidth.of(ellipsis))
            return ellipsis + String(decoding: text.utf8.suffix(room), as: UTF8.self)
        }
        let room = columns - DisplayWidth.of(ellipsis)
        var used = 0
        var start = text.endIndex
        var index = text.endIndex
        while index > text.startIndex {
            let before = text.index(before: index)
            used += DisplayWidth.of(text[before])
            if used > columns { break }
            index = before
            if used <= room { start = index }
        }
        if index == text.startIndex, used <= columns { return text }
        return ellipsis + String(text[start...])
    }

    /// `text` broken into lines of at most `columns` columns, at spaces where it can and inside a word
    /// (on a character boundary) where a word is longer than a line. Newlines in `text` start a new line.
    /// Linear in the length of `text`: each character is measured once.
    public static func wrap(_ text: String, to columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var used = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                let width = DisplayWidth.of(word)
                if used > 0, used + 1 + width <= columns {
                    line += " " + word
                    used += 1 + width
                    continue
                }
                if used > 0 { lines.append(line); line = ""; used = 0 }
                guard width > columns else {
                    line = String(word)
                    used = width
                    continue
                }
                // A word longer than a line: cut it into pieces of at most `columns`, the last piece stays open.
                for character in word {
                    let w = DisplayWidth.of(character)
                    if used + w > columns, used > 0 { lines.append(line); line = ""; used = 0 }
                    line.append(character)
                    used += w
                }
            }
            lines.append(line)
        }
        return lines
    }
}

