/// Text drawn five rows tall with block characters, for a device code that must be read from across the
/// room and typed on a phone. Letters, digits and `-`; anything else is drawn as a blank.
public struct BigText: Sendable {
    public let text: String

    public init(_ text: String) { self.text = text.uppercased() }

    public static let height = 5
    /// Each glyph is three blocks wide, each block two cells, plus a two-cell gap.
    static let glyphWidth = 8

    /// The width the text needs, in cells.
    public var width: Int { max(0, text.count * Self.glyphWidth - 2) }

    /// The five rows of the text as strings of `█` and spaces.
    public var rows: [String] {
        (0..<Self.height).map { row in
            text.map { character -> String in
                let pattern = Self.glyphs[character] ?? "..............."
                let bits = Array(pattern)
                return (0..<3).map { bits[row * 3 + $0] == "#" ? "██" : "  " }.joined()
            }.joined(separator: "  ")
        }
    }

    // Three columns by five rows, row after row.
    static let glyphs: [Character: String] = [
        "0": "####.##.##.####", "1": ".#.##..#..#.###", "2": "###..#####..###", "3": "###..####..####",
        "4": "#.##.####..#..#", "5": "####..###..####", "6": "####..####.####", "7": "###..#..#..#..#",
        "8": "####.#####.####", "9": "####.####..####", "A": ".#.#.#####.##.#", "B": "##.#.###.#.###.",
        "C": "####..#..#..###", "D": "##.#.##.##.###.", "E": "####..##.#..###", "F": "####..##.#..#..",
        "G": "####..#.##.####", "H": "#.##.#####.##.#", "I": "###.#..#..#.###", "J": "..#..#..##.####",
        "K": "#.##.###.#.##.#", "L": "#..#..#..#..###", "M": "#.########.##.#", "N": "##.#.##.##.##.#",
        "O": ".#.#.##.##.#.#.", "P": "####.#####..#..", "Q": "####.##.####..#", "R": "##.#.###.#.##.#",
        "S": ".###...#...###.", "T": "###.#..#..#..#.", "U": "#.##.##.##.####", "V": "#.##.##.##.#.#.",
        "W": "#.##.########.#", "X": "#.##.#.#.#.##.#", "Y": "#.##.#.#..#..#.", "Z": "###..#.#.#..###",
        "-": "......###......",
    ]
}
