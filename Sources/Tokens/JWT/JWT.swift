import Foundation

/// A compact JWS split into its parts, with header and payload decoded and their key order kept.
///
/// ```swift
/// let jwt = try JWT.decode("Bearer eyJhbGciOi...")   // the prefix and surrounding whitespace are tolerated
/// jwt.header["alg"]?.stringValue                     // "RS256"
/// jwt.payload["aud"]?.stringValue
/// ```
public struct JWT: Sendable, Hashable {
    public let header: JSONObject
    public let payload: JSONObject
    public let signature: [UInt8]
    /// `base64url(header) "." base64url(payload)`: the bytes the signature covers.
    public let signingInput: String
    /// The token as decoded, without a `Bearer ` prefix or surrounding whitespace.
    public let compact: String

    /// Splits and decodes a compact JWS. Throws ``JWTDecodeError`` naming the segment and fault.
    public static func decode(_ text: String) throws(JWTDecodeError) -> JWT {
        let token = normalise(text)
        if token.isEmpty { throw .empty }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 5 { throw .encrypted }
        guard parts.count == 3 else { throw .segmentCount(parts.count) }
        let header = try decodeObject(parts[0], segment: .header)
        let payload = try decodeObject(parts[1], segment: .payload)
        let signature: [UInt8]
        do { signature = try Base64URL.decode(parts[2]) } catch { throw .base64(.signature, error) }
        return JWT(header: header, payload: payload, signature: signature,
                   signingInput: parts[0] + "." + parts[1], compact: token)
    }

    /// Strips a leading `Bearer ` (any case) and surrounding whitespace, as pasted tokens often carry them.
    public static func normalise(_ text: String) -> String {
        var token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if token.lowercased().hasPrefix("bearer ") {
            token = String(token.dropFirst(7)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return token
    }

    private static func decodeObject(_ part: String, segment: JWTDecodeError.Segment) throws(JWTDecodeError) -> JSONObject {
        if part.isEmpty { throw .emptySegment(segment) }
        let bytes: [UInt8]
        do { bytes = try Base64URL.decode(part) } catch { throw .base64(segment, error) }
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch { throw .notJSON(segment, error) }
        guard case let .object(object) = value else { throw .notAnObject(segment, value.kindName) }
        return object
    }

    public var algorithm: String? { header["alg"]?.stringValue }
    public var keyID: String? { header["kid"]?.stringValue }
}

/// Why a text is not a readable JWT. Each case names the segment and the fault so a person can find it.
public enum JWTDecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Segment: String, Sendable { case header, payload, signature }

    case empty
    /// Five segments: a JWE, whose payload is encrypted for its recipient.
    case encrypted
    case segmentCount(Int)
    case emptySegment(Segment)
    case base64(Segment, Base64URL.DecodingError)
    case notJSON(Segment, JSONParseError)
    case notAnObject(Segment, String)

    public var description: String {
        switch self {
        case .empty:
            return "no token given (the input is empty)"
        case .encrypted:
            return "this is an encrypted token (JWE, 5 segments): only its intended recipient can read it"
        case let .segmentCount(count):
            return "not a JWT: expected 3 segments separated by '.', found \(count)"
        case let .emptySegment(segment):
            return "not a JWT: the \(segment.rawValue) segment is empty"
        case let .base64(segment, error):
            return "not a JWT: the \(segment.rawValue) segment has \(error)"
        case let .notJSON(segment, error):
            return "not a JWT: the \(segment.rawValue) segment is not JSON (\(error))"
        case let .notAnObject(segment, kind):
            return "not a JWT: the \(segment.rawValue) segment is \(kind), not a JSON object"
        }
    }
}
