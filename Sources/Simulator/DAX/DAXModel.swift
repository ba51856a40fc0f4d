import Foundation

/// The model behind a demo dataset: tables with typed columns and seeded rows, relationships, measures written
/// in DAX, and (for one kind of model) a row-level security role. Generated from the dataset's id, so every
/// dataset has the same model every time; kept by ``DAXModels``.
struct DAXModel: Sendable {
    enum DataType: String, Sendable { case string = "String", int64 = "Int64", decimal = "Decimal", double = "Double", dateTime = "DateTime", boolean = "Boolean" }

    struct Column: Sendable {
        let name: String
        let type: DataType
        let description: String
    }

    struct Table: Sendable {
        let name: String
        let description: String
        let columns: [Column]
        /// Row-major values.
        let rows: [[DAXValue]]
        /// Per column, the rows holding each value (by ``DAXValue/groupKey``), built once.
        let index: [[DAXValue: [Int]]]

        init(name: String, description: String, columns: [Column], rows: [[DAXValue]]) {
            self.name = name
            self.description = description
            self.columns = columns
            self.rows = rows
            index = columns.indices.map { column in
                var map: [DAXValue: [Int]] = [:]
                for (position, row) in rows.enumerated() { map[row[column].groupKey, default: []].append(position) }
                return map
            }
        }

        func column(named name: String) -> Int? {
            columns.firstIndex { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        }
    }

    struct Measure: Sendable {
        let table: String
        let name: String
        let expression: String
        let formatString: String
    }

    /// Many-to-one: `fromTable[fromColumn]` → `toTable[toColumn]`, filters flowing from the one side.
    struct Relationship: Sendable {
        let fromTable: String
        let fromColumn: String
        let toTable: String
        let toColumn: String
    }

    /// A role whose filter keeps, for each user, the rows of `table` whose `column` is the user's value.
    struct SecurityRole: Sendable {
        let name: String
        let table: String
        let column: String
        let valueByUser: [String: String]
    }

    let tables: [Table]
    let measures: [Measure]
    let relationships: [Relationship]
    let security: SecurityRole?
    /// DirectQuery models sign in to their source with the caller's identity (SSO).
    let singleSignOn: Bool

    func table(named name: String) -> Int? {
        tables.firstIndex { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    func measure(named name: String) -> Measure? {
        measures.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    // MARK: Generation

    static let regions = ["West", "East", "North", "South", "Central"]
    static let securedUsers = ["alex@pbitui-demo.onmicrosoft.com": "West", "megan@pbitui-demo.onmicrosoft.com": "East"]
    static let products: [(name: String, category: String, price: Int64)] = [
        ("Widget", "Hardware", 25_0000), ("Widget, \"Deluxe\"", "Hardware", 79_9900), ("Gadget Pro", "Hardware", 149_5000),
        ("Cable 2m", "Accessories", 9_9900), ("Adapter; USB-C", "Accessories", 19_0000), ("Support Plan", "Services", 299_0000),
        ("Onboarding", "Services", 1_200_0000), ("Licence — Basic", "Software", 59_0000), ("Licence — Pro", "Software", 119_0000),
        ("Café Kit", "Accessories", 34_5000), ("ソフトウェア", "Software", 89_0000), ("Line\nBreak Bundle", "Hardware", 45_0000),
    ]
    static let customers: [(name: String, city: String, country: String, segment: String)] = [
        ("Contoso Ltd", "Seattle", "United States", "Enterprise"), ("Fabrikam, Inc.", "Lyon", "France", "Enterprise"),
        ("Northwind Traders", "London", "United Kingdom", "SMB"), ("Café Müller", "München", "Germany", "SMB"),
        ("Ørsted & Co", "København", "Denmark", "Enterprise"), ("Tailspin \"Toys\"", "Austin", "United States", "SMB"),
        ("Woodgrove Bank", "Toronto", "Canada", "Enterprise"), ("Adatum", "Osaka", "Japan", "Public sector"),
    ]

    /// The model of a dataset. `salesRows` rows of sales (one demo model is large enough to hit the row limit).
    static func generate(seed: UInt64, salesRows: Int, secured: Bool, singleSignOn: Bool) -> DAXModel {
        var random = SeededRandom(seed: seed)
        let product = Table(name: "Product", description: "What is sold", columns: [
            Column(name: "Product", type: .string, description: "Product name"),
            Column(name: "Category", type: .string, description: ""),
            Column(name: "List Price", type: .decimal, description: "Price before discounts"),
        ], rows: products.map { [.text($0.name), .text($0.category), .currency($0.price)] })
        let customer = Table(name: "Customer", description: "", columns: [
            Column(name: "Customer", type: .string, description: ""),
            Column(name: "City", type: .string, description: ""),
            Column(name: "Country", type: .string, description: ""),
            Column(name: "Segment", type: .string, description: ""),
        ], rows: customers.map { [.text($0.name), .text($0.city), .text($0.country), .text($0.segment)] })
        var sales: [[DAXValue]] = []
        sales.reserveCapacity(salesRows)
        let start = Date(timeIntervalSince1970: 1_704_067_200) // 2024-01-01T00:00:00Z
        let days = (0..<730).map { DAXValue.date(Self.dateText(start.addingTimeInterval(Double($0) * 86_400))) }
        for row in 0..<salesRows {
            let item = products[Int(random.next() % UInt64(products.count))]
            let quantity = Int64(1 + random.next() % 12)
            let day = Int(random.next() % 730)
            // Order numbers past 2^53: a client that reads numbers as Double changes them.
            let orderNumber = Int64(9_007_199_254_740_993) + Int64(row) * 2
            let discount: DAXValue = random.next() % 3 == 0 ? .blank : .decimal(Double(random.next() % 20) / 100)
            sales.append([
                .integer(orderNumber),
                days[day],
                .text(customers[Int(random.next() % UInt64(customers.count))].name),
                .text(item.name),
                .text(regions[Int(random.next() % UInt64(regions.count))]),
                .integer(quantity),
                .currency(item.price * quantity),
                discount,
            ])
        }
        let salesTable = Table(name: "Sales", description: "One row per order line", columns: [
            Column(name: "Order Number", type: .int64, description: ""),
            Column(name: "Order Date", type: .dateTime, description: ""),
            Column(name: "Customer", type: .string, description: ""),
            Column(name: "Product", type: .string, description: ""),
            Column(name: "Region", type: .string, description: ""),
            Column(name: "Quantity", type: .int64, description: ""),
            Column(name: "Amount", type: .decimal, description: "Quantity times list price"),
            Column(name: "Discount", type: .double, description: "Blank when none was given"),
        ], rows: sales)
        return DAXModel(
            tables: [salesTable, product, customer],
            measures: [
                Measure(table: "Sales", name: "Total Sales", expression: "SUM(Sales[Amount])", formatString: "\\$#,0.00"),
                Measure(table: "Sales", name: "Order Lines", expression: "COUNTROWS(Sales)", formatString: "0"),
                Measure(table: "Sales", name: "Average Quantity", expression: "AVERAGE(Sales[Quantity])", formatString: "0.00"),
                Measure(table: "Sales", name: "Customers", expression: "DISTINCTCOUNT(Sales[Customer])", formatString: "0"),
                Measure(table: "Sales", name: "Average Line", expression: "DIVIDE([Total Sales], [Order Lines])", formatString: "\\$#,0.00"),
            ],
            relationships: [
                Relationship(fromTable: "Sales", fromColumn: "Product", toTable: "Product", toColumn: "Product"),
                Relationship(fromTable: "Sales", fromColumn: "Customer", toTable: "Customer", toColumn: "Customer"),
            ],
            security: secured ? SecurityRole(name: "Region Managers", table: "Sales", column: "Region", valueByUser: securedUsers) : nil,
            singleSignOn: singleSignOn)
    }

    static func dateText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02dT00:00:00", parts.year!, parts.month!, parts.day!)
    }
}

/// The models of the demo datasets, made when first queried and kept (they never change).
final class DAXModels: @unchecked Sendable {
    private let lock = NSLock()
    private var models: [String: DAXModel] = [:]

    /// Rows of sales in an ordinary model and in the large one ("Web Traffic"), which passes the row limit.
    static let ordinaryRows = 1_000
    static let largeRows = 150_000

    func model(for dataset: DemoDataset) -> DAXModel {
        lock.lock()
        defer { lock.unlock() }
        if let model = models[dataset.id] { return model }
        let model = DAXModel.generate(seed: StableHash.of(dataset.id), salesRows: Self.isLarge(dataset) ? Self.largeRows : Self.ordinaryRows,
                                      secured: Self.isSecured(dataset), singleSignOn: dataset.kind == .directQuery)
        models[dataset.id] = model
        return model
    }

    static func isLarge(_ dataset: DemoDataset) -> Bool { dataset.name.hasPrefix("Web Traffic") }
    /// "Customer 360" models have row-level security (`isEffectiveIdentityRequired`).
    static func isSecured(_ dataset: DemoDataset) -> Bool { dataset.name.hasPrefix("Customer 360") }
}
