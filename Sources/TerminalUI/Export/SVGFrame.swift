/// A frame as an SVG picture: every cell where the terminal would draw it, in the theme's colours, so the
/// README shows what pbitui draws (`:screenshot`, `--screenshot`). Runs of cells with one style become one
/// `<text>` stretched to exactly their columns (`textLength`), so wide characters and fonts whose advance is
/// not exactly one cell stay on the grid. Linear in the number of cells.
public enum SVGFrame {
    /// One cell's size in the picture, in pixels, for a 14-pixel monospace font.
    public static let cellWidth = 8.4
    public static let cellHeight = 17.0
    /// What the terminal's own colours (`default`) are drawn as: a dark terminal's.
    public static let defaultForeground = "#d0d0d0"
    public static let defaultBackground = "#1c1c1c"

    public static func render(_ buffer: CellBuffer, title: String = "pbitui") -> String {
        let width = Double(buffer.columns) * cellWidth, height = Double(buffer.rows) * cellHeight
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(number(width))" height="\(number(height))" \
            viewBox="0 0 \(number(width)) \(number(height))" font-family="'DejaVu Sans Mono', Menlo, Consolas, monospace" \
            font-size="14" role="img" aria-label="\(escape(title))">
            <title>\(escape(title))</title>
            <rect width="100%" height="100%" fill="\(defaultBackground)"/>

            """
        for row in 0..<buffer.rows {
            let y = Double(row) * cellHeight
            // Backgrounds: one rectangle per run of one colour that is not the picture's own.
            var column = 0
            while column < buffer.columns {
                let fill = colours(buffer[row, column].style).background
                var end = column + 1
                while end < buffer.columns, colours(buffer[row, end].style).background == fill { end += 1 }
                if fill != defaultBackground {
                    svg += "<rect x=\"\(number(Double(column) * cellWidth))\" y=\"\(number(y))\" width=\"\(number(Double(end - column) * cellWidth))\" "
                        + "height=\"\(number(cellHeight))\" fill=\"\(fill)\"/>\n"
                }
                column = end
            }
            // Text: one element per run of one style, blanks at its ends left out.
            column = 0
            while column < buffer.columns {
                let style = buffer[row, column].style
                var end = column
                var text = ""
                while end < buffer.columns, buffer[row, end].style == style {
                    text += buffer[row, end].text
                    end += 1
                }
                let leading = text.prefix { $0 == " " }.count
                let trimmed = text.drop { $0 == " " }
                let trailing = trimmed.reversed().prefix { $0 == " " }.count
                let visible = String(trimmed.dropLast(trailing))
                if !visible.isEmpty {
                    let first = column + leading, columns = end - column - leading - trailing
                    svg += textElement(visible, x: Double(first) * cellWidth, y: y + cellHeight * 0.78,
                                       length: Double(columns) * cellWidth, style: style)
                }
                column = end
            }
        }
        return svg + "</svg>\n"
    }

    static func textElement(_ text: String, x: Double, y: Double, length: Double, style: TextStyle) -> String {
        var attributes = "x=\"\(number(x))\" y=\"\(number(y))\" fill=\"\(colours(style).foreground)\""
        attributes += " textLength=\"\(number(length))\" lengthAdjust=\"spacingAndGlyphs\""
        if style.bold { attributes += " font-weight=\"bold\"" }
        if style.italic { attributes += " font-style=\"italic\"" }
        if style.underline { attributes += " text-decoration=\"underline\"" }
        if style.dim { attributes += " opacity=\"0.6\"" }
        return "<text \(attributes) xml:space=\"preserve\">\(escape(text))</text>\n"
    }

    /// The style's colours as `#rrggbb`, reverse video applied.
    static func colours(_ style: TextStyle) -> (foreground: String, background: String) {
        let foreground = hex(style.foreground) ?? defaultForeground
        let background = hex(style.background) ?? defaultBackground
        return style.reverse ? (background, foreground) : (foreground, background)
    }

    /// xterm's 256 colours: the 16 system colours, the 6×6×6 cube and the 24 greys.
    static func hex(_ colour: TerminalColor) -> String? {
        switch colour {
        case .default: return nil
        case let .rgb(red, green, blue): return "#" + [red, green, blue].map(byte).joined()
        case let .indexed(index):
            let system = ["000000", "cd0000", "00cd00", "cdcd00", "0000ee", "cd00cd", "00cdcd", "e5e5e5",
                          "7f7f7f", "ff0000", "00ff00", "ffff00", "5c5cff", "ff00ff", "00ffff", "ffffff"]
            if index < 16 { return "#" + system[Int(index)] }
            if index >= 232 {
                let grey = UInt8(8 + 10 * (Int(index) - 232))
                return "#" + [grey, grey, grey].map(byte).joined()
            }
            let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
            let cube = Int(index) - 16
            return "#" + [levels[cube / 36], levels[cube / 6 % 6], levels[cube % 6]].map(byte).joined()
        }
    }

    static func byte(_ value: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(value >> 4)], digits[Int(value & 0xF)]])
    }

    /// A number as SVG writes it: no trailing `.0`, at most two decimals.
    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let whole = hundredths / 100, fraction = hundredths % 100
        if fraction == 0 { return String(whole) }
        return String(whole) + "." + (fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction))
    }

    /// Text for XML: the five special characters as entities, characters XML 1.0 does not allow as U+FFFD.
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            default:
                let value = scalar.value
                let allowed = value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
                    || (0xE000...0xFFFD).contains(value) || value >= 0x10000
                output.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return output
    }
}
