import Foundation
import PackagePlugin

/// Embeds every `Resources/*.json` file of a target as a Swift string constant, so that the
/// executables carry their default data without a resource bundle beside them.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let sourceTarget = target as? SourceModuleTarget else { return [] }
        let resources = sourceTarget.directoryURL.appending(path: "Resources")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: resources.path())) ?? []
        let inputs = names.filter { $0.hasSuffix(".json") }.sorted().map { resources.appending(path: $0) }
        guard !inputs.isEmpty else { return [] }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) resource file(s) in \(target.name)",
                executable: try context.tool(named: "goal-embed").url,
                arguments: [output.path()] + inputs.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
