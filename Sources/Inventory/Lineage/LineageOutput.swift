import Foundation
import Tokens
import TerminalSafety

/// The three ways `pbitui lineage` prints a tree.
extension LineageTree {
    /// The tree drawn with box characters, names escaped for a terminal.
    public var text: String {
        var lines = [Lineage.describe(root)]
        func draw(_ branches: [LineageBranch], prefix: String) {
            for (index, branch) in branches.enumerated() {
                let last = index == branches.count - 1
                lines.append(prefix + (last ? "└─ " : "├─ ") + Lineage.describe(branch.node) + (branch.repeated ? "  (shown above)" : ""))
                draw(branch.children, prefix: prefix + (last ? "   " : "│  "))
            }
        }
        lines.append("upstream (what it reads from)" + (upstream.isEmpty ? ": none" : ""))
        draw(upstream, prefix: "")
        lines.append("downstream (what reads from it)" + (downstream.isEmpty ? ": none" : ""))
        draw(downstream, prefix: "")
        if truncated { lines.append("(cut at \(Lineage.nodeLimit) items)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"item", "upstream", "downstream", "truncated"}`, each node with its children.
    public var json: JSONValue {
        func object(_ node: LineageNode) -> [(key: String, value: JSONValue)] {
            var members: [(key: String, value: JSONValue)] = [("kind", .string(node.kind.rawValue)), ("id", .string(node.id)), ("name", .string(node.name))]
            if let workspace = node.workspaceId { members.append(("workspaceId", .string(workspace))) }
            if let name = node.workspaceName { members.append(("workspaceName", .string(name))) }
            if !node.known { members.append(("inStore", false)) }
            return members
        }
        func branches(_ list: [LineageBranch]) -> JSONValue {
            .array(list.map { branch in
                var members = object(branch.node)
                if branch.repeated { members.append(("repeated", true)) }
                members.append(("children", branches(branch.children)))
                return .object(JSONObject(members))
            })
        }
        return .object(JSONObject([("item", .object(JSONObject(object(root)))), ("upstream", branches(upstream)),
                                   ("downstream", branches(downstream)), ("truncated", .bool(truncated))]))
    }

    /// Graphviz: arrows go the way data flows (from a datasource to the dataset that reads it).
    public var dot: String {
        var nodes: [String: LineageNode] = [root.kind.rawValue + ":" + root.id.lowercased(): root]
        var edges: [(String, String)] = []
        var seen = Set<String>()
        func key(_ node: LineageNode) -> String { node.kind.rawValue + ":" + node.id.lowercased() }
        func walk(_ parent: LineageNode, _ list: [LineageBranch], upstream: Bool) {
            for branch in list {
                nodes[key(branch.node)] = branch.node
                let edge = upstream ? (key(branch.node), key(parent)) : (key(parent), key(branch.node))
                if seen.insert(edge.0 + "→" + edge.1).inserted { edges.append(edge) }
                walk(branch.node, branch.children, upstream: upstream)
            }
        }
        walk(root, upstream, upstream: true)
        walk(root, downstream, upstream: false)
        var lines = ["digraph lineage {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\"];"]
        for (name, node) in nodes.sorted(by: { $0.key < $1.key }) {
            var label = node.kind.rawValue + "\n" + (node.name.isEmpty ? node.id : node.name)
            if let workspace = node.workspaceName { label += "\n(" + workspace + ")" }
            let style = name == key(root) ? ", style=bold" : node.known ? "" : ", style=dashed"
            lines.append("  \(Self.dotQuoted(name)) [label=\(Self.dotQuoted(label))\(style)];")
        }
        for (from, to) in edges { lines.append("  \(Self.dotQuoted(from)) -> \(Self.dotQuoted(to));") }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A DOT string: quotes and backslashes escaped, line breaks as `\n`, other control characters dropped.
    static func dotQuoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r", "\t": output += " "
            default:
                if TerminalSafety.isUnsafe(scalar) { output += String(format: "\\\\u%04X", scalar.value) } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output + "\""
    }
}
