using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Attestations.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Attestations.Trust;

/// <summary>
/// Reads trusted_root.json (docs/architecture.md spec 5), ours and Sigstore's. Accepts the 0.1 and 0.2 media types in both
/// spellings (we write only 0.1, §0.1). Rejects with SG5002: an unknown media type, a CA or TSA with an empty
/// or unparsable chain, and a log key without <c>validFor.start</c> (conformance
/// trust-root-tlog-missing-validity-start_fail: a key with no start would be trusted for all past time).
/// </summary>
public static class TrustedRootReader
{
    private static readonly HashSet<string> MediaTypes = new(StringComparer.Ordinal)
    {
        TrustedRoot.MediaType01,
        "application/vnd.dev.sigstore.trustedroot+json;version=0.2",
        "application/vnd.dev.sigstore.trustedroot.v0.1+json",
        "application/vnd.dev.sigstore.trustedroot.v0.2+json",
    };

    public static TrustedRoot Read(ReadOnlySpan<byte> utf8Json)
    {
        TrustedRootJson json = InputJson.Deserialize(utf8Json.ToArray(), "The trusted root is invalid: trusted_root.json", DiagnosticCode.TrustedRootInvalid, AttestationJsonContext.Default.TrustedRootJson);

        if (json.MediaType is null || !MediaTypes.Contains(json.MediaType))
        {
            throw Invalid($"unsupported media type '{json.MediaType}' (expected {TrustedRoot.MediaType01})");
        }

        return new TrustedRoot(
            json.MediaType,
            ReadAuthorities(json.CertificateAuthorities, "certificateAuthorities"),
            ReadAuthorities(json.TimestampAuthorities, "timestampAuthorities"),
            ReadLogs(json.Tlogs, "tlogs"),
            ReadLogs(json.Ctlogs, "ctlogs"));
    }

    public static TrustedRoot ReadFile(string path) =>
        InputFile.Named(path, () => Read(InputFile.ReadAllBytes(path, InputKind.Trust, DiagnosticCode.TrustedRootInvalid)));

    private static List<CertificateAuthority> ReadAuthorities(IReadOnlyList<CertificateAuthorityJson?>? list, string field)
    {
        var result = new List<CertificateAuthority>();
        for (int i = 0; list is not null && i < list.Count; i++)
        {
            string at = $"{field}[{i}]";
            CertificateAuthorityJson authority = list[i] ?? throw Invalid($"{at} is null");
            IReadOnlyList<RawBytesJson?> certificates = authority.CertChain?.Certificates ?? [];
            if (certificates.Count == 0)
            {
                throw Invalid($"{at}.certChain is empty");
            }

            var chain = new List<ReadOnlyMemory<byte>>(certificates.Count);
            for (int c = 0; c < certificates.Count; c++)
            {
                byte[] der = Base64Value.Decode(certificates[c]?.RawBytes, $"{at}.certChain.certificates[{c}].rawBytes", static r => Invalid(r));
                try
                {
                    using X509Certificate2 _ = X509CertificateLoader.LoadCertificate(der);
                }
                catch (CryptographicException ex)
                {
                    throw Invalid($"{at}.certChain.certificates[{c}] is not a DER X.509 certificate", ex);
                }

                chain.Add(der);
            }

            result.Add(new CertificateAuthority(
                authority.Subject?.Organization,
                authority.Subject?.CommonName,
                authority.Uri,
                chain,
                ReadRange(authority.ValidFor, at, requireStart: false)));
        }

        return result;
    }

    private static List<TransparencyLogInstance> ReadLogs(IReadOnlyList<TransparencyLogJson?>? list, string field)
    {
        var result = new List<TransparencyLogInstance>();
        for (int i = 0; list is not null && i < list.Count; i++)
        {
            string at = $"{field}[{i}]";
            TransparencyLogJson log = list[i] ?? throw Invalid($"{at} is null");
            if (log.PublicKey is null)
            {
                throw Invalid($"{at}.publicKey is missing");
            }

            byte[] key = log.PublicKey.RawBytes is null ? [] : Base64Value.Decode(log.PublicKey.RawBytes, $"{at}.publicKey.rawBytes", static r => Invalid(r));
            byte[] logId = log.LogId?.KeyId is null ? [] : Base64Value.Decode(log.LogId.KeyId, $"{at}.logId.keyId", static r => Invalid(r));
            result.Add(new TransparencyLogInstance(
                log.BaseUrl,
                log.HashAlgorithm,
                key,
                log.PublicKey.KeyDetails,
                ReadRange(log.PublicKey.ValidFor, $"{at}.publicKey", requireStart: true),
                logId));
        }

        return result;
    }

    private static ValidityPeriod ReadRange(TimeRangeJson? json, string at, bool requireStart)
    {
        if (json?.Start is null && requireStart)
        {
            throw Invalid($"{at}.validFor.start is missing");
        }

        return json is null ? ValidityPeriod.Always : new ValidityPeriod(ReadTime(json.Start, at), ReadTime(json.End, at));
    }

    private static DateTimeOffset? ReadTime(string? text, string at)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset value)
            ? value
            : throw Invalid($"{at}.validFor has an invalid timestamp '{text}'");
    }

    private static InvalidInputException Invalid(string reason, Exception? inner = null) =>
        new(DiagnosticCode.TrustedRootInvalid, $"The trusted root is invalid: {reason}.", null, inner);
}
