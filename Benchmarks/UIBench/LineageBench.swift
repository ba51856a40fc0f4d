// `pbitui-bench lineage STORE [N]`: the lineage tree of N items of a tenant store picked evenly over every
// kind (the target: any item's lineage from the store in under 50 ms), and `pbitui-bench inventory STORE`:
// reading every item for `:inventory`. Times are wall-clock on one thread; medians, 95th percentiles and the
// worst are printed.
import Foundation
import GRDB
import Inventory

func runLineageBench(store path: String, samples: Int) {
    let store: TenantStore
    do { store = try TenantStore(path: path) } catch {
        print("cannot open \(path): \(error)")
        exit(1)
    }
    do {
        let items: [(String, String)] = try store.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") ?? 0
            let step = max(1, total / max(1, samples))
            return try Row.fetchAll(db, sql: "SELECT kind, id FROM item WHERE rowid % ? = 0 LIMIT ?", arguments: [step, samples])
                .map { ($0["kind"] as String, $0["id"] as String) }
        }
        var times: [Double] = []
        var nodes = 0
        for (kind, id) in items {
            let start = DispatchTime.now().uptimeNanoseconds
            let tree = try store.read { db in try Lineage.tree(of: Lineage.resolve(kind + ":" + id, in: db), in: db) }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            func count(_ branches: [LineageBranch]) -> Int { branches.reduce(branches.count) { $0 + count($1.children) } }
            nodes = max(nodes, count(tree.upstream) + count(tree.downstream))
        }
        times.sort()
        func at(_ q: Double) -> Double { times.isEmpty ? 0 : times[min(times.count - 1, Int(Double(times.count) * q))] }
        print(String(format: "lineage of %d items: median %.2f ms, p95 %.2f ms, worst %.2f ms (largest tree %d items)",
                     times.count, at(0.5), at(0.95), times.last ?? 0, nodes))
        // The worst case: the datasource most datasets read, whose downstream holds them and their reports.
        if let shared = try store.read({ db in try Lineage.sharedDatasources(minimum: 1, in: db).first }) {
            var worst: [Double] = []
            var size = 0
            for _ in 0..<5 {
                let start = DispatchTime.now().uptimeNanoseconds
                let tree = try store.read { db in try Lineage.tree(of: shared.datasource, in: db) }
                worst.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                func count(_ branches: [LineageBranch]) -> Int { branches.reduce(branches.count) { $0 + count($1.children) } }
                size = count(tree.downstream)
            }
            worst.sort()
            print(String(format: "lineage of the most shared datasource (%d datasets, %d items downstream): median %.1f ms, worst %.1f ms",
                         shared.datasets, size, worst[2], worst[4]))
        }
        let start = DispatchTime.now().uptimeNanoseconds
        var rows = 0
        try store.read { db in try InventoryItem.all(in: db) { rows += $0.count } }
        print(String(format: "inventory: %d items read in %.0f ms", rows, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6))
    } catch {
        print("lineage failed: \(error)")
        exit(1)
    }
}
