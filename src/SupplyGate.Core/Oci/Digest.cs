using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Oci;

/// <summary>
/// A content digest <c>algorithm:encoded</c> (OCI image-spec descriptor.md#digests, pinned at v1.1.0):
/// sha256 is 64 lowercase hex, sha512 128; no uppercase is accepted, so equal digests are equal strings.
/// </summary>
[JsonConverter(typeof(DigestJsonConverter))]
public readonly record struct Digest
{
    private Digest(string algorithm, string encoded)
    {
        Algorithm = algorithm;
        Encoded = encoded;
    }

    public string Algorithm { get; }

    public string Encoded { get; }

    public static Digest Parse(string value) =>
        TryParse(value, out Digest digest)
            ? digest
            : throw new InvalidInputException(DiagnosticCode.InvalidDigest, $"'{value}' is not a valid digest (expected sha256:<64 lowercase hex> or sha512:<128 lowercase hex>)");

    public static bool TryParse(string? value, out Digest digest)
    {
        digest = default;
        if (value is null)
        {
            return false;
        }

        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        string algorithm = value[..colon];
        string encoded = value[(colon + 1)..];
        int length = algorithm switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (length < 0 || encoded.Length != length || !encoded.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
        {
            return false;
        }

        digest = new Digest(algorithm, encoded);
        return true;
    }

    public static Digest Sha256(ReadOnlySpan<byte> content) => new("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));

    /// <summary>An incremental hasher for this digest's algorithm (to verify streamed content).</summary>
    public IncrementalHash CreateHash() => Algorithm switch
    {
        "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => throw new InvalidOperationException($"unsupported digest algorithm {Algorithm}"),
    };

    public bool IsDefault => Algorithm is null;

    public override string ToString() => IsDefault ? string.Empty : $"{Algorithm}:{Encoded}";
}

internal sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Digest.TryParse(reader.GetString(), out Digest digest) ? digest : throw new JsonException($"invalid digest '{reader.GetString()}'");

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
