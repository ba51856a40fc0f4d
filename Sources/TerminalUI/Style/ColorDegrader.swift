/// Maps theme colours onto the colours a terminal has: truecolor → the 256-colour cube and grey ramp →
/// the 16 or 8 ANSI colours. `-1` is the terminal's default colour.
///
/// What the terminal has comes from terminfo, as ncurses reports it (`COLORS`): 8 for `screen`, 256 for
/// `xterm-256color`, `tmux-256color` and `screen-256color`, 2^24 for a direct-colour entry such as
/// `xterm-direct`, where colours 0–7 are the ANSI ones and every other number is `0xRRGGBB`.
public enum ColorDegrader {
    /// The number of colours at and above which the terminal takes RGB values directly.
    public static let directColors = 1 << 24

    public static func index(_ color: TerminalColor, colors: Int) -> Int32 {
        if colors >= directColors {
            switch color {
            case .default: return -1
            case let .indexed(value) where value < 8: return Int32(value)
            case let .indexed(value):
                let (r, g, b) = rgb(ofIndex: value)
                return direct(r, g, b)
            case let .rgb(r, g, b): return direct(r, g, b)
            }
        }
        switch color {
        case .default:
            return -1
        case let .indexed(value):
            if Int(value) < colors { return Int32(value) }
            let (r, g, b) = rgb(ofIndex: value)
            return Int32(nearestBasic(r, g, b, count: colors >= 16 ? 16 : 8))
        case let .rgb(r, g, b):
            if colors >= 256 { return Int32(nearest256(r, g, b)) }
            return Int32(nearestBasic(r, g, b, count: colors >= 16 ? 16 : 8))
        }
    }

    /// A direct colour; the numbers 0–7 mean the ANSI colours there, so the darkest blues move up by one step.
    static func direct(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int32 {
        let value = Int32(r) << 16 | Int32(g) << 8 | Int32(b)
        return value < 8 ? 8 : value
    }

    /// How a theme will look here, for the status line and `pbitui themes`.
    public static func depthName(colors: Int) -> String {
        switch colors {
        case directColors...: return "truecolor"
        case 256...: return "256 colours"
        case 16...: return "16 colours"
        case 1...: return "8 colours"
        default: return "monochrome"
        }
    }

    /// The xterm palette's RGB for an index.
    public static func rgb(ofIndex index: UInt8) -> (UInt8, UInt8, UInt8) {
        switch index {
        case 0..<16: return basic[Int(index)]
        case 16..<232:
            let value = Int(index) - 16
            return (cubeLevels[value / 36], cubeLevels[(value / 6) % 6], cubeLevels[value % 6])
        default:
            let level = UInt8(8 + (Int(index) - 232) * 10)
            return (level, level, level)
        }
    }

    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]
    static let basic: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }

    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        func level(_ value: UInt8) -> Int {
            var best = 0
            for (index, candidate) in cubeLevels.enumerated() where abs(Int(candidate) - Int(value)) < abs(Int(cubeLevels[best]) - Int(value)) {
                best = index
            }
            return best
        }
        let cube = 16 + 36 * level(r) + 6 * level(g) + level(b)
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let grey = 232 + min(23, max(0, (average - 3) / 10))
        let target = (r, g, b)
        return distance(rgb(ofIndex: UInt8(cube)), target) <= distance(rgb(ofIndex: UInt8(grey)), target) ? cube : grey
    }

    static func nearestBasic(_ r: UInt8, _ g: UInt8, _ b: UInt8, count: Int) -> Int {
        var best = 0
        for index in 0..<count where distance(basic[index], (r, g, b)) < distance(basic[best], (r, g, b)) {
            best = index
        }
        return best
    }
}
