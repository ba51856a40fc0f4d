import Foundation

/// How filters compare text: without case and without accents, so that `oste` finds "Vertrieb Österreich"
/// and `sao` finds "São Paulo". Text is folded once (a list folds each row when it arrives) and compared
/// as UTF-8 bytes.
public enum TextMatch {
    /// `text` lower-cased with diacritics removed. ASCII only lower-cases (the common case, with no Unicode
    /// work; a list's search text joins name and id with a NUL); anything else goes through Foundation's case
    /// and diacritic folding.
    public static func fold(_ text: String) -> String {
        var copy = text
        if copy.withUTF8({ $0.allSatisfy { $0 < 0x80 } }) { return text.lowercased() }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    /// Whether `text` holds `needle`, both folded.
    public static func contains(_ text: String, _ needle: String) -> Bool {
        let needle = fold(needle)
        return needle.isEmpty || fold(text).contains(needle)
    }
}
