import Testing
@testable import TerminalUI

/// At 80 to 120 columns a list keeps its status, time and error columns: ids give way first, cut to 8
/// characters and "…", before any column is dropped.
@Suite struct IdColumnTests {
    @Test func idsAreShortenedBeforeAStatusOrATimeIsDropped() {
        let columns = [TableColumn("NAME", width: .flexible(minimum: 12, weight: 1)), TableColumn("ID", width: .fixed(36), yieldsRoom: true),
                       TableColumn("LAST REFRESH", width: .fixed(24)), TableColumn("FAILS", width: .fixed(5))]
        let rows = [["Sales Model", "70548b0e-5123-431d-be08-f583273b6c77", "✗ Failed · 1 d ago · 3m", "2/6"]]
        let table = TableView(columns: columns, rows: rows, state: ListState(), focused: true, firstRow: 0)
        let widths = table.layout(width: 80)
        #expect(widths[1] == TableView.shortID, "\(widths)")
        #expect(widths[2] > 0 && widths[3] > 0, "LAST REFRESH and FAILS stay: \(widths)")
        // With room enough, the id is whole.
        #expect(table.layout(width: 140)[1] == 36)
        // A flexible column that yields room (a path) is not an id: it is not cut to 9.
        let paths = TableView(columns: [TableColumn("OPERATION", width: .flexible(minimum: 12, weight: 1)),
                                        TableColumn("PATH", width: .flexible(minimum: 12, weight: 3), yieldsRoom: true)],
                              rows: [["Datasets_GetRefreshHistoryInGroup", "/v1.0/myorg/groups/{groupId}/datasets/{datasetId}/refreshes"]],
                              state: ListState(), focused: true, firstRow: 0)
        #expect(paths.layout(width: 60)[1] >= 12)
    }
}
