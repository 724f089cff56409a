import ArgumentParser
import GoalCLI
import Testing

/// goalctl starts for every call a script makes, and most of its start is ArgumentParser building the command tree.
@Suite struct CommandTreeTests {
    /// A command without a name of its own is named from its type, `String(describing:)`, on every start: a scan
    /// of every protocol conformance in the binary for each such command (≈ 1 ms of goalctl's ≈ 4 ms, measured).
    @Test func everyCommandNamesItself() {
        var unnamed: [String] = []
        var names: [String] = []
        func visit(_ command: any ParsableCommand.Type, path: String) {
            let configuration = command.configuration
            guard let name = configuration.commandName else {
                unnamed.append("\(path) \(command)")
                return
            }
            names.append(path + name)
            for sub in configuration.subcommands { visit(sub, path: path + name + " ") }
        }
        visit(GoalCtl.self, path: "")
        #expect(unnamed.isEmpty, "give these commands a commandName: \(unnamed)")
        #expect(names.contains("goalctl travel reduction") && names.contains("goalctl health") && names.count >= 30)
    }
}
