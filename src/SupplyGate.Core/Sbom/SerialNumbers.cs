using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SupplyGate.Core.Sbom;

/// <summary>
/// CycloneDX <c>serialNumber</c> values: <c>urn:uuid:</c> + a lowercase RFC 4122 UUID.
/// Spec: docs/architecture.md spec 1 "Top level"; https://github.com/CycloneDX/specification/blob/e02a34ae/schema/bom-1.6.schema.json
/// (<c>serialNumber.pattern</c>); UUID layout per RFC 4122 §4.1.3 (version) and §4.1.1 (variant).
/// </summary>
internal static partial class SerialNumbers
{
    private const string Prefix = "urn:uuid:";

    /// <summary>A random (version 4) serial number, for non-reproducible builds.</summary>
    public static string Random()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Format(bytes, version: 4);
    }

    /// <summary>
    /// A name-based serial number derived from <paramref name="content"/> (SHA-256, truncated to 128 bits,
    /// version nibble 5), so the same content always gets the same serial in reproducible builds.
    /// </summary>
    public static string FromContent(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, hash);
        return Format(hash[..16], version: 5);
    }

    /// <summary><see cref="FromContent"/> of content whose SHA-256 is <paramref name="sha256"/> (hashed as it was written).</summary>
    internal static string FromSha256(ReadOnlySpan<byte> sha256)
    {
        Span<byte> bytes = stackalloc byte[16];
        sha256[..16].CopyTo(bytes);
        return Format(bytes, version: 5);
    }

    /// <summary>Whether <paramref name="value"/> matches the schema's serialNumber pattern (lowercase only).</summary>
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    private static string Format(Span<byte> bytes, int version)
    {
        bytes[6] = (byte)((bytes[6] & 0x0F) | (version << 4));

        // RFC 4122 variant: the two top bits of clock_seq_hi_and_reserved are 10.
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        string hex = Convert.ToHexStringLower(bytes);
        return string.Concat(
            Prefix,
            $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}");
    }

    // The schema's pattern ends in "$"; .NET's "$" also matches before a final "\n", JSON Schema's (ECMA-262)
    // does not, so "\z" keeps the two in agreement.
    [GeneratedRegex(@"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
