import Foundation
import Testing
@testable import App

/// The multi-line editor of the DAX workbench.
@Suite struct TextEditorTests {
    @Test func typingNewlinesAndBackspaceAcrossLines() {
        var editor = TextEditor()
        for character in "EVALUATE" { editor.insert(String(character)) }
        editor.newline()
        editor.insert("    ROW(1)")
        editor.newline()
        #expect(editor.text == "EVALUATE\n    ROW(1)\n    ", "a new line keeps the indentation")
        #expect(editor.cursor == TextPosition(line: 2, column: 4))
        for _ in 0..<5 { editor.backspace() }
        #expect(editor.text == "EVALUATE\n    ROW(1)" && editor.cursor == TextPosition(line: 1, column: 10), "backspace joins lines")
        editor.move(.start)
        editor.deleteForward()
        #expect(editor.text.hasPrefix("VALUATE"))
        editor.move(.end)
        editor.deleteForward()
        #expect(editor.text == "VALUATE    ROW(1)", "delete at the end of a line joins the next")
    }

    @Test func movingKeepsTheGoalColumnAndHomeGoesToTheIndentFirst() {
        var editor = TextEditor("a long first line\nab\nanother long line")
        editor.go(to: TextPosition(line: 0, column: 10))
        editor.move(.down)
        #expect(editor.cursor == TextPosition(line: 1, column: 2))
        editor.move(.down)
        #expect(editor.cursor == TextPosition(line: 2, column: 10), "the column aimed for comes back")
        var indented = TextEditor("    EVALUATE")
        indented.move(.home)
        #expect(indented.cursor.column == 4)
        indented.move(.home)
        #expect(indented.cursor.column == 0)
        indented.move(.pageDown(10))
        #expect(indented.cursor.line == 0, "clamped to the text")
        indented.move(.left)
        #expect(indented.cursor == TextPosition(line: 0, column: 0))
    }

    @Test func selectionIsReplacedByTypingAndDeleted() {
        var editor = TextEditor("EVALUATE Sales")
        editor.move(.home)
        for _ in 0..<8 { editor.move(.right, selecting: true) }
        #expect(editor.selectedText == "EVALUATE")
        editor.insert("X")
        #expect(editor.text == "X Sales" && editor.selection == nil)
        var lines = TextEditor("one\ntwo\nthree")
        lines.go(to: TextPosition(line: 0, column: 1))
        lines.move(.down, selecting: true)
        lines.move(.down, selecting: true)
        #expect(lines.selectedText == "ne\ntwo\nt")
        lines.backspace()
        #expect(lines.text == "ohree")
        var all = TextEditor("a\nb")
        all.selectAll()
        #expect(all.selectedText == "a\nb")
        all.insert("c")
        #expect(all.text == "c")
    }

    @Test func undoTakesTypingBackAWordAtATimeAndRedoReplays() {
        var editor = TextEditor()
        for character in "SUM" { editor.insert(String(character)) }
        editor.insert(" ")
        for character in "MAX" { editor.insert(String(character)) }
        #expect(editor.text == "SUM MAX")
        editor.undo()
        #expect(editor.text == "SUM ")
        editor.undo()
        #expect(editor.text == "SUM")
        editor.undo()
        #expect(editor.text == "" && !editor.canUndo)
        editor.redo()
        editor.redo()
        #expect(editor.text == "SUM ")
        editor.setText("new")
        editor.undo()
        #expect(editor.text == "SUM ", "replacing the text is one step")
    }

    @Test func aLongPasteIsOneStepAndLinear() {
        var editor = TextEditor("EVALUATE ")
        let paste = (0..<2_000).map { $0 % 80 == 79 ? "\n" : "x" }.joined()
        editor.insert(paste)
        #expect(editor.lines.count == 1 + paste.filter { $0 == "\n" }.count)
        #expect(editor.text == "EVALUATE " + paste)
        editor.undo()
        #expect(editor.text == "EVALUATE ")
        // Typed one key at a time (a terminal without bracketed paste), it costs each line, not the text.
        var typed = TextEditor()
        for character in paste { if character == "\n" { typed.newline() } else { typed.insert(String(character)) } }
        #expect(typed.text == paste)
    }

    @Test func bracketsFindTheirPartnersAndTheWordBeforeTheCursor() {
        var editor = TextEditor("EVALUATE FILTER(Sales, (1 + 2) > 0)")
        editor.go(to: TextPosition(line: 0, column: 15))
        let pair = editor.matchingBracket
        #expect(pair?.0 == TextPosition(line: 0, column: 15) && pair?.1 == TextPosition(line: 0, column: 34))
        editor.go(to: TextPosition(line: 0, column: 35))
        #expect(editor.matchingBracket?.1 == TextPosition(line: 0, column: 15), "the bracket before the cursor")
        var multi = TextEditor("ROW(\n  \"x\", 1\n)")
        multi.go(to: TextPosition(line: 2, column: 0))
        #expect(multi.matchingBracket?.1 == TextPosition(line: 0, column: 3))
        #expect(TextEditor("(((").matchingBracket == nil, "no partner: nothing")
        #expect(TextEditor("EVALUATE Sales[Am").wordBeforeCursor == "Sales[Am")
        #expect(TextEditor("x + [Tot").wordBeforeCursor == "[Tot")
        #expect(TextEditor("FILTER(Sa").wordBeforeCursor == "Sa")
        #expect(TextEditor("INFO.VIEW.T").wordBeforeCursor == "INFO.VIEW.T")
        #expect(TextEditor("x ").wordBeforeCursor == "")
    }
}
