import Foundation
import PowerBI

extension TenantListScreen {
    static let commands: [PaletteCommand] = [
        .opening("apps", "The apps installed for you (user sign-ins)") { state, now in TenantListReducer.open(.apps, &state, now: now) },
        .opening("capacities", "The capacities you have rights on: SKU, state, region, admins") { state, now in
            TenantListReducer.open(.capacities, &state, now: now)
        },
    ]
}
