import Foundation
import TOML

/// A named set of connection settings from the config file (DESIGN.md §5). Every field is optional;
/// flags given on the command line win over the profile, and the profile wins over the environment.
///
/// ```toml
/// [profiles.contoso]
/// cloud = "public"
/// tenant = "contoso.onmicrosoft.com"
/// client_id = "00000000-0000-0000-0000-000000000000"
/// auth = "client-secret"
/// client_secret_command = "pass show powerbi/automation"
/// ```
public struct Profile: Sendable, Hashable {
    public var name: String
    public var cloud: String?
    public var authorityHost: String?
    public var apiRoot: String?
    public var tenant: String?
    public var clientId: String?
    public var auth: String?
    public var certificate: String?
    public var username: String?
    public var clientSecretFile: String?
    public var clientSecretCommand: String?
    /// The name of an environment variable holding the secret (default `AZURE_CLIENT_SECRET`).
    public var clientSecretEnv: String?
    public var scope: String?
    public var caFile: String?
    public var accessTokenFile: String?
    /// API descriptions (Swagger 2.0 files) that `ops` and `call` read besides Power BI's (`specs = [...]`).
    public var specs: [String] = []

    public init(name: String) { self.name = name }

    /// The profile's keys as the file spells them, for error messages and documentation.
    public static let keys = ["cloud", "authority_host", "api_root", "tenant", "client_id", "auth", "certificate",
                              "username", "client_secret_file", "client_secret_command", "client_secret_env",
                              "scope", "ca_file", "access_token_file", "specs"]

    /// One line for the sign-in screen: "client-secret · contoso.onmicrosoft.com · 1b7e…".
    public var summary: String {
        [auth ?? "client-secret", tenant, clientId, cloud].compactMap { $0 }.joined(separator: " · ")
    }
}

/// `$XDG_CONFIG_HOME/pbitui/config.toml`: profiles, the default profile and the theme.
///
/// pbitui only reads this file; it never rewrites it. Secrets do not belong in it (it is a plain file that
/// backups and dotfile repositories copy): `client_secret` and `password` are refused with a pointer to
/// `client_secret_file`, `client_secret_command` or `client_secret_env`.
public struct ConfigFile: Sendable, Hashable {
    public var defaultProfile: String?
    public var theme: String?
    /// Mouse support in the full-screen UI (on unless `mouse = false`).
    public var mouse: Bool = true
    /// `bell = true`: ring the terminal bell when a refresh fails while `:pulses` watches.
    public var bell: Bool = false
    public var profiles: [Profile] = []
    /// `[keys]`: the person's key remapping.
    public var keys = KeyMap()

    public init() {}

    public func profile(named name: String) -> Profile? {
        profiles.first { $0.name == name }
    }

    /// The default location: `$XDG_CONFIG_HOME/pbitui/config.toml`, or `~/.config/pbitui/config.toml`.
    public static func defaultPath(environment: [String: String]) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return base + "/pbitui/config.toml"
    }

    /// Reads the file at `path`; a missing file is an empty configuration, anything unreadable an error
    /// that names the file, line and key.
    public static func load(path: String) throws(ConfigError) -> ConfigFile {
        guard FileManager.default.fileExists(atPath: path) else { return ConfigFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, problem: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, problem: "is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String = "config.toml") throws(ConfigError) -> ConfigFile {
        let table: TOMLTable
        do { table = try TOMLParser.parse(text) } catch { throw ConfigError(file: file, problem: error.description) }
        var config = ConfigFile()
        for (key, value) in table.entries {
            switch key {
            case "default_profile": config.defaultProfile = try string(value, key, file)
            case "theme": config.theme = try string(value, key, file)
            case "mouse":
                guard let flag = value.booleanValue else { throw ConfigError(file: file, problem: "mouse: expected true or false, found \(value.typeName)") }
                config.mouse = flag
            case "bell":
                guard let flag = value.booleanValue else { throw ConfigError(file: file, problem: "bell: expected true or false, found \(value.typeName)") }
                config.bell = flag
            case "profiles":
                guard let profiles = value.tableValue else { throw ConfigError(file: file, problem: "profiles: expected a table ([profiles.NAME])") }
                for (name, body) in profiles.entries {
                    guard let fields = body.tableValue else {
                        throw ConfigError(file: file, problem: "profiles.\(name): expected a table, found \(body.typeName)")
                    }
                    config.profiles.append(try profile(name, fields, file))
                }
            case "keys":
                guard let keys = value.tableValue else { throw ConfigError(file: file, problem: "keys: expected a table ([keys])") }
                config.keys = try KeyMap.parse(keys, file: file)
            default:
                throw ConfigError(file: file, problem: "unknown key '\(key)'; known: default_profile, theme, mouse, bell, profiles, keys",
                                  line: table.line(of: key))
            }
        }
        if let name = config.defaultProfile, config.profile(named: name) == nil {
            throw ConfigError(file: file, problem: "default_profile '\(name)' names no [profiles.\(name)] table")
        }
        return config
    }

    private static func profile(_ name: String, _ fields: TOMLTable, _ file: String) throws(ConfigError) -> Profile {
        var profile = Profile(name: name)
        for (key, value) in fields.entries {
            let where_ = "profiles.\(name).\(key)"
            switch key {
            case "client_secret", "password", "access_token":
                throw ConfigError(file: file, problem: "\(where_): pbitui does not read secrets from the config file; use client_secret_file, client_secret_command or client_secret_env (passwords come from AZURE_PASSWORD or the masked prompt)")
            case "cloud": profile.cloud = try string(value, where_, file)
            case "authority_host": profile.authorityHost = try string(value, where_, file)
            case "api_root": profile.apiRoot = try string(value, where_, file)
            case "tenant": profile.tenant = try string(value, where_, file)
            case "client_id": profile.clientId = try string(value, where_, file)
            case "auth": profile.auth = try string(value, where_, file)
            case "certificate": profile.certificate = try string(value, where_, file)
            case "username": profile.username = try string(value, where_, file)
            case "client_secret_file": profile.clientSecretFile = try string(value, where_, file)
            case "client_secret_command": profile.clientSecretCommand = try string(value, where_, file)
            case "client_secret_env": profile.clientSecretEnv = try string(value, where_, file)
            case "scope": profile.scope = try string(value, where_, file)
            case "ca_file": profile.caFile = try string(value, where_, file)
            case "access_token_file": profile.accessTokenFile = try string(value, where_, file)
            case "specs":
                guard let items = value.arrayValue else {
                    throw ConfigError(file: file, problem: "\(where_): expected an array of file names, found \(value.typeName)", line: fields.line(of: key))
                }
                var specs: [String] = []
                for item in items { specs.append(try string(item, where_, file)) }
                profile.specs = specs
            default:
                throw ConfigError(file: file, problem: "\(where_): unknown key; a profile takes \(Profile.keys.joined(separator: ", "))",
                                  line: fields.line(of: key))
            }
        }
        return profile
    }

    private static func string(_ value: TOMLValue, _ key: String, _ file: String) throws(ConfigError) -> String {
        guard let text = value.stringValue else { throw ConfigError(file: file, problem: "\(key): expected a string, found \(value.typeName)") }
        return text.hasPrefix("~/") ? NSHomeDirectory() + text.dropFirst(1) : text
    }
}

/// The config file could not be used: which file, and what is wrong where.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let problem: String
    /// The line of the key at fault, when known.
    public var line: Int?

    public init(file: String, problem: String, line: Int? = nil) {
        self.file = file
        self.problem = problem
        self.line = line
    }

    public var description: String { "\(file)\(line.map { ", line \($0)" } ?? ""): \(problem)" }
}
