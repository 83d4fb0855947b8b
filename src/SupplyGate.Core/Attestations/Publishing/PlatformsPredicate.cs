using System.Text.Encodings.Web;
using System.Text.Json;

namespace SupplyGate.Core.Attestations.Publishing;

/// <summary>
/// The predicate signed about an index (<c>https://supplygate.dev/attestation/platforms/v1</c>, docs/attestations.md
/// "Multi-platform images"): the platform images the index held when it was signed, each with its manifest digest.
/// The statement's subject is the index digest, so the index cannot change without losing this attestation; the
/// list lets a verifier name which platform was added, removed or replaced.
/// </summary>
public static class PlatformsPredicate
{
    public const string Type = "https://supplygate.dev/attestation/platforms/v1";

    /// <summary>Compact JSON, platforms sorted, so the same index always gives the same predicate.</summary>
    public static byte[] Write(IReadOnlyList<PlatformImage> platforms)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        using var buffer = new MemoryStream();
        // Media types keep their '+' as written (the default encoder would write \u002B): the same text the index has.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("manifests");
            foreach (PlatformImage image in platforms.OrderBy(p => p.Platform, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("platform", image.Platform);
                writer.WriteString("mediaType", image.Manifest.MediaType);
                writer.WriteString("digest", image.Manifest.Digest.ToString());
                writer.WriteNumber("size", image.Manifest.Size);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Platform → manifest digest as signed; null when the predicate does not have that shape.</summary>
    public static IReadOnlyDictionary<string, string>? Read(JsonElement predicate)
    {
        if (predicate.ValueKind != JsonValueKind.Object
            || !predicate.TryGetProperty("manifests", out JsonElement manifests)
            || manifests.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonElement entry in manifests.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object
                || !entry.TryGetProperty("platform", out JsonElement platform) || platform.ValueKind != JsonValueKind.String
                || !entry.TryGetProperty("digest", out JsonElement digest) || digest.ValueKind != JsonValueKind.String
                || !result.TryAdd(platform.GetString()!, digest.GetString()!))
            {
                return null;
            }
        }

        return result;
    }
}
