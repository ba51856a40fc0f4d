import Foundation

extension PickerScreen {
    static let commands: [PaletteCommand] = [
        PaletteCommand("go", aliases: ["go!"], takesArgument: true,
                       "Jump to a workspace, dataset or report by a few letters of its name (:go sales); :go! searches every workspace") { argument, typed, state, now in
            PickerReducer.go(argument, tenant: typed == "go!", &state, now: now)
        },
        PaletteCommand("ctx", aliases: ["context"], takesArgument: true, "Contexts: the profiles of config.toml; :ctx NAME signs in with one, each keeping its place") { argument, _, state, now in
            ContextSwitch.command(argument, &state, now: now)
        },
        .opening("pins", "Your pins in this context (p pins the selected workspace, dataset or report)") { state, _ in PickerReducer.openPins(&state) },
    ]
}
