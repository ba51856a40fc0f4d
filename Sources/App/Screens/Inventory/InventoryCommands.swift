import Foundation

extension InventoryScreen {
    static let commands: [PaletteCommand] = [
        PaletteCommand("inventory", takesArgument: true, "Every item of the tenant store (pbitui scan fills it), Tab one kind; :inventory unused|cross-workspace|shared") { argument, _, state, _ in
            InventoryReducer.command(argument, &state)
        },
    ]
}
