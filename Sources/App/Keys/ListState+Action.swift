import Config
import TerminalUI

extension ListState {
    /// Applies a movement action (`j`, `k`, page, top, bottom) to a list of `count` rows, `page` rows a
    /// page; false for any other action, which the caller then handles.
    mutating func apply(_ action: Action, count: Int, page: Int) -> Bool {
        switch action {
        case .moveDown: move(by: 1, count: count)
        case .moveUp: move(by: -1, count: count)
        case .pageDown: move(by: page, count: count)
        case .pageUp: move(by: -page, count: count)
        case .top: select(0, count: count)
        case .bottom: select(count - 1, count: count)
        default: return false
        }
        return true
    }
}
