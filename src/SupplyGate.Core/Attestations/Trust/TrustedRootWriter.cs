using System.Globalization;
using System.Text.Json;
using SupplyGate.Core.Attestations.Json;

namespace SupplyGate.Core.Attestations.Trust;

/// <summary>
/// Writes trusted_root.json with the 0.1 media type (docs/architecture.md spec 0.1) so the same file works with cosign
/// <c>--trusted-root</c> and sigstore-js. Log lists are written empty when there are none (SupplyGate uses
/// RFC 3161 timestamps, not a transparency log).
/// </summary>
public static class TrustedRootWriter
{
    public static byte[] Write(TrustedRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var json = new TrustedRootJson
        {
            MediaType = TrustedRoot.MediaType01,
            Tlogs = root.Tlogs.Select(ToJson).ToList(),
            CertificateAuthorities = root.CertificateAuthorities.Select(ToJson).ToList(),
            Ctlogs = root.Ctlogs.Select(ToJson).ToList(),
            TimestampAuthorities = root.TimestampAuthorities.Select(ToJson).ToList(),
        };

        // Indented: people read and diff this file, and it is small.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            JsonSerializer.Serialize(writer, json, AttestationJsonContext.Default.TrustedRootJson);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static CertificateAuthorityJson? ToJson(CertificateAuthority authority) => new()
    {
        Subject = new DistinguishedNameJson { Organization = authority.Organization, CommonName = authority.CommonName },
        Uri = authority.Uri,
        CertChain = new CertificateChainJson
        {
            Certificates = authority.CertChain.Select(c => (RawBytesJson?)new RawBytesJson { RawBytes = Base64Value.Encode(c.Span) }).ToList(),
        },
        ValidFor = ToJson(authority.ValidFor),
    };

    private static TransparencyLogJson? ToJson(TransparencyLogInstance log) => new()
    {
        BaseUrl = log.BaseUrl,
        HashAlgorithm = log.HashAlgorithm,
        PublicKey = new PublicKeyJson
        {
            RawBytes = Base64Value.Encode(log.PublicKey.Span),
            KeyDetails = log.KeyDetails,
            ValidFor = ToJson(log.ValidFor),
        },
        LogId = new LogIdJson { KeyId = Base64Value.Encode(log.LogId.Span) },
    };

    private static TimeRangeJson? ToJson(ValidityPeriod period) =>
        period.Start is null && period.End is null ? null : new TimeRangeJson { Start = Format(period.Start), End = Format(period.End) };

    // Protobuf JSON Timestamp: RFC 3339 in UTC with "Z".
    private static string? Format(DateTimeOffset? instant) =>
        instant?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
