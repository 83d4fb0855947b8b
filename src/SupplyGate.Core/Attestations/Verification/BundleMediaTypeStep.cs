using System.Text.Json;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Verification;

/// <summary>
/// Step 1: the bundle's <c>mediaType</c> names a version we read (docs/architecture.md spec 5: v0.3, or the
/// <c>bundle+json;version=0.1|0.2|0.3</c> forms). It runs before the full read so an unknown version is reported
/// as such (SG5011) rather than as generic malformed input: a newer bundle format is a different problem to fix.
/// </summary>
internal static class BundleMediaTypeStep
{
    public static void Verify(ReadOnlySpan<byte> bundleJson)
    {
        string? mediaType;
        try
        {
            var reader = new Utf8JsonReader(bundleJson);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            mediaType = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("mediaType", out JsonElement value)
                && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: the media type string is not valid UTF-8 or holds a lone surrogate escape.
            throw new VerificationFailedException(
                DiagnosticCode.AttestationMalformed,
                BundleVerificationCheck.Parse,
                $"The Sigstore bundle is not valid JSON: {ex.Message}",
                ex);
        }

        if (BundleMediaTypes.Parse(mediaType) is null)
        {
            throw new VerificationFailedException(
                DiagnosticCode.BundleMediaTypeUnknown,
                BundleVerificationCheck.MediaType,
                $"The bundle media type '{mediaType ?? "(none)"}' is not a known Sigstore bundle version; expected {BundleMediaTypes.V03} or {BundleMediaTypes.V01}/0.2/0.3.");
        }
    }
}
