using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Timestamps;

/// <summary>
/// Verifies an RFC 3161 timestamp over a signature against trusted TSAs (a trusted root's
/// <c>timestampAuthorities</c>, docs/architecture.md spec 5), using only the platform's cryptography (docs/architecture.md decision 7).
/// Checks, in order, each failing with its own code:
/// <list type="number">
/// <item>the bytes are a TimeStampResp (or a bare TimeStampToken, see below) — SG5101 empty, SG5106 malformed;</item>
/// <item>PKIStatus granted or grantedWithMods — SG5107 (RFC 3161 §2.4.2);</item>
/// <item>the token's single SignerInfo verifies over its signed attributes and TSTInfo — SG5104;</item>
/// <item>the messageImprint is the hash of the signed data (the raw signature bytes, docs/architecture.md spec 0.6) — SG5102;</item>
/// <item>the TSA certificate has the critical EKU id-kp-timeStamping (RFC 3161 §2.3) — SG5108;</item>
/// <item>it is a trusted authority's <c>certChain[0]</c> and chains to that entry's anchor at genTime — SG5103;</item>
/// <item>genTime is inside the entry's <c>validFor</c> — SG5109;</item>
/// <item>the ESS signing-certificate(-v2) attribute names that certificate (RFC 3161 §2.4.1, RFC 5816) — SG5104.</item>
/// </list>
/// A bare TimeStampToken (no PKIStatusInfo wrapper) is unwrapped and verified the same way, because the wrapper is
/// unsigned and adds nothing to trust; <see cref="VerifiedTimestamp.WasBareToken"/> tells the caller, since
/// writers must store the full response (sigstore-js rejects bare tokens).
/// </summary>
internal sealed class TimestampVerifier
{
    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";
    private const string TstInfoContentType = "1.2.840.113549.1.9.16.1.4";

    private readonly IReadOnlyList<TimestampAuthority> _authorities;

    public TimestampVerifier(IEnumerable<TimestampAuthority> trustedAuthorities)
    {
        ArgumentNullException.ThrowIfNull(trustedAuthorities);
        _authorities = [.. trustedAuthorities];
    }

    /// <summary>Verifies <paramref name="timestamp"/> over <paramref name="signedData"/> and returns the trusted genTime.</summary>
    /// <param name="timestamp">The DER <c>TimeStampResp</c> (a bundle's <c>signedTimestamp</c>).</param>
    /// <param name="signedData">The raw signature bytes the timestamp must cover.</param>
    /// <exception cref="TimestampException">The first check that failed, by its SG51xx code.</exception>
    public VerifiedTimestamp Verify(ReadOnlyMemory<byte> timestamp, ReadOnlySpan<byte> signedData)
    {
        try
        {
            return VerifyCore(timestamp, signedData);
        }
        catch (CryptographicException e)
        {
            // The platform decodes a token's certificates and extensions lazily; corrupt DER surfaces only here.
            throw Malformed($"part of the token does not decode ({e.Message})", e);
        }
    }

    private VerifiedTimestamp VerifyCore(ReadOnlyMemory<byte> timestamp, ReadOnlySpan<byte> signedData)
    {
        ParsedTimestampResponse parsed = TimestampResponseReader.Parse(timestamp);
        if (!parsed.IsGranted)
        {
            throw new TimestampException(
                DiagnosticCode.TimestampNotGranted,
                $"The RFC 3161 response was not granted: {parsed.Describe()}.");
        }

        if (parsed.Token is not { } tokenBytes)
        {
            throw Malformed("the response is granted but carries no TimeStampToken");
        }

        (SignedCms cms, Rfc3161TimestampTokenInfo info) = Decode(tokenBytes);
        SignerInfo signer = cms.SignerInfos[0];
        X509Certificate2 tsaCertificate = FindSignerCertificate(signer)
            ?? throw new TimestampException(
                DiagnosticCode.TimestampAuthorityNotTrusted,
                $"The timestamp's signer ({Describe(signer.SignerIdentifier)}) is neither embedded in the token nor a trusted timestamp authority.");

        CheckSignature(signer, tsaCertificate);
        CheckImprint(info, signedData);
        CheckUsage(tsaCertificate);
        TimestampAuthority authority = FindTrustedAuthority(tsaCertificate, info.Timestamp);
        if (!authority.IsValidAt(info.Timestamp))
        {
            throw new TimestampException(
                DiagnosticCode.TimestampOutsideAuthorityValidity,
                $"The timestamp's genTime {info.Timestamp:O} is outside the validity window of trusted TSA '{authority.Name}' " +
                $"({authority.ValidFrom?.ToString("O") ?? "open"} .. {authority.ValidUntil?.ToString("O") ?? "open"}).");
        }

        CheckSigningCertificateBinding(tokenBytes, info, tsaCertificate);
        return new VerifiedTimestamp(
            info.Timestamp,
            TimestampTokenReader.Describe(info, tsaCertificate),
            authority,
            parsed.IsBareToken);
    }

    private static (SignedCms Cms, Rfc3161TimestampTokenInfo Info) Decode(ReadOnlyMemory<byte> token)
    {
        var cms = new SignedCms();
        try
        {
            cms.Decode(token.Span);
        }
        catch (CryptographicException e)
        {
            throw Malformed($"the TimeStampToken is not CMS SignedData ({e.Message})", e);
        }

        if (cms.ContentInfo.ContentType.Value != TstInfoContentType)
        {
            throw Malformed($"the token's content type is {cms.ContentInfo.ContentType.Value}, not id-ct-TSTInfo");
        }

        // RFC 3161 §2.4.2: "The time-stamp token MUST NOT contain any signatures other than the signature of the TSA."
        if (cms.SignerInfos.Count != 1)
        {
            throw Malformed($"the token has {cms.SignerInfos.Count} signers, not exactly one");
        }

        if (!Rfc3161TimestampTokenInfo.TryDecode(cms.ContentInfo.Content, out Rfc3161TimestampTokenInfo? info, out int consumed) ||
            consumed != cms.ContentInfo.Content.Length)
        {
            throw Malformed("the token's TSTInfo does not decode");
        }

        return (cms, info);
    }

    private X509Certificate2? FindSignerCertificate(SignerInfo signer)
    {
        // The token's own certificates first (certReq was true); otherwise the trusted leaves, which is how a
        // token requested without certReq is matched (sigstore-js does the same by issuer and serial).
        if (signer.Certificate is { } embedded)
        {
            return embedded;
        }

        SubjectIdentifier id = signer.SignerIdentifier;
        foreach (TimestampAuthority authority in _authorities)
        {
            X509Certificate2 leaf = authority.Leaf;
            bool matches = id.Value switch
            {
                X509IssuerSerial issuerSerial =>
                    string.Equals(leaf.IssuerName.Name, issuerSerial.IssuerName, StringComparison.Ordinal) &&
                    string.Equals(leaf.SerialNumber, issuerSerial.SerialNumber, StringComparison.OrdinalIgnoreCase),
                string keyId when id.Type == SubjectIdentifierType.SubjectKeyIdentifier =>
                    leaf.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifier is { } ski &&
                    string.Equals(ski, keyId, StringComparison.OrdinalIgnoreCase),
                _ => false,
            };
            if (matches)
            {
                return leaf;
            }
        }

        return null;
    }

    private static void CheckSignature(SignerInfo signer, X509Certificate2 tsaCertificate)
    {
        try
        {
            // verifySignatureOnly: the chain is built below, against the trusted root and at genTime, not at "now"
            // against the machine's store as CheckSignature(false) would.
            signer.CheckSignature([tsaCertificate], verifySignatureOnly: true);
        }
        // InvalidOperationException (found by fuzzing): System.Security.Cryptography.Pkcs's ASN.1 writer throws it
        // while re-encoding some malformed signed attributes; the token is as unverifiable as with a bad signature.
        catch (Exception e) when (e is CryptographicException or InvalidOperationException)
        {
            throw new TimestampException(
                DiagnosticCode.TimestampSignatureInvalid,
                $"The timestamp token's signature by '{tsaCertificate.Subject}' does not verify ({e.Message}).",
                e);
        }
    }

    private static void CheckImprint(Rfc3161TimestampTokenInfo info, ReadOnlySpan<byte> signedData)
    {
        // SHA-256 is what we request; SHA-384/512 are accepted as sigstore-js accepts them.
        byte[] expected = info.HashAlgorithmId.Value switch
        {
            "2.16.840.1.101.3.4.2.1" => SHA256.HashData(signedData),
            "2.16.840.1.101.3.4.2.2" => SHA384.HashData(signedData),
            "2.16.840.1.101.3.4.2.3" => SHA512.HashData(signedData),
            string other => throw new TimestampException(
                DiagnosticCode.TimestampImprintMismatch,
                $"The timestamp's messageImprint uses hash algorithm {other}, not SHA-256/384/512."),
            null => throw Malformed("the messageImprint has no hash algorithm"),
        };
        if (!CryptographicOperations.FixedTimeEquals(expected, info.GetMessageHash().Span))
        {
            throw new TimestampException(
                DiagnosticCode.TimestampImprintMismatch,
                $"The timestamp's messageImprint {Convert.ToHexStringLower(info.GetMessageHash().Span)} is not the hash of the signature it accompanies ({Convert.ToHexStringLower(expected)}).");
        }
    }

    private static void CheckUsage(X509Certificate2 tsaCertificate)
    {
        // RFC 3161 §2.3: "The corresponding certificate MUST contain only one instance of the extended key usage
        // field extension ... with KeyPurposeID having value id-kp-timeStamping. This extension MUST be critical."
        X509EnhancedKeyUsageExtension[] ekus = [.. tsaCertificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()];
        string? problem = ekus switch
        {
            [] => "has no extended key usage",
            [_, _, ..] => "has more than one extended key usage extension",
            [{ Critical: false }] => "has a non-critical extended key usage",
            [var eku] when !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == TimeStampingEku) => "does not allow id-kp-timeStamping",
            _ => null,
        };
        if (problem is not null)
        {
            throw new TimestampException(
                DiagnosticCode.TimestampAuthorityUsageInvalid,
                $"The timestamp's signing certificate '{tsaCertificate.Subject}' {problem} (RFC 3161 §2.3 requires a critical EKU id-kp-timeStamping).");
        }
    }

    private TimestampAuthority FindTrustedAuthority(X509Certificate2 tsaCertificate, DateTimeOffset genTime)
    {
        // The trusted root's certChain[0] is the TSA signing certificate (docs/architecture.md spec 5); requiring that exact
        // certificate, not merely any certificate under the anchor, matches sigstore-js.
        var reasons = new List<string>();
        foreach (TimestampAuthority authority in _authorities)
        {
            if (!authority.Leaf.RawDataMemory.Span.SequenceEqual(tsaCertificate.RawDataMemory.Span))
            {
                continue;
            }

            string? failure = BuildChain(authority, tsaCertificate, genTime);
            if (failure is null)
            {
                return authority;
            }

            reasons.Add($"'{authority.Name}': {failure}");
        }

        string detail = reasons.Count == 0
            ? "it is not the signing certificate of any trusted timestamp authority"
            : $"its chain does not verify at genTime {genTime:O}: {string.Join("; ", reasons)}";
        throw new TimestampException(
            DiagnosticCode.TimestampAuthorityNotTrusted,
            $"The timestamp was signed by '{tsaCertificate.Subject}' (serial {tsaCertificate.SerialNumber}), and {detail}.");
    }

    private static string? BuildChain(TimestampAuthority authority, X509Certificate2 tsaCertificate, DateTimeOffset genTime)
    {
        using var chain = new X509Chain();
        X509ChainPolicy policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(authority.Anchor);
        for (int i = 1; i < authority.CertificateChain.Count - 1; i++)
        {
            policy.ExtraStore.Add(authority.CertificateChain[i]);
        }

        // No revocation data exists for a trusted root's TSAs, and nothing may be fetched while verifying offline.
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = genTime.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        // Every CA certificate that restricts EKU must allow timestamping too.
        policy.ApplicationPolicy.Add(new Oid(TimeStampingEku));
        if (chain.Build(tsaCertificate))
        {
            return null;
        }

        return string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct(StringComparer.Ordinal));
    }

    private static void CheckSigningCertificateBinding(ReadOnlyMemory<byte> token, Rfc3161TimestampTokenInfo info, X509Certificate2 tsaCertificate)
    {
        // The platform's token check adds the ESS signing-certificate(-v2) binding (RFC 3161 §2.4.1, RFC 5816),
        // which stops a signer from claiming a different certificate with the same key. Everything else it checks
        // (signature, EKU, validity at genTime, imprint) has passed above, so a failure here is the binding.
        if (!Rfc3161TimestampToken.TryDecode(token, out Rfc3161TimestampToken? parsed, out _) ||
            !parsed.VerifySignatureForHash(info.GetMessageHash().Span, info.HashAlgorithmId, out _, [tsaCertificate]))
        {
            throw new TimestampException(
                DiagnosticCode.TimestampSignatureInvalid,
                $"The timestamp token's ESS signing-certificate attribute does not identify '{tsaCertificate.Subject}' (RFC 3161 §2.4.1, RFC 5816).");
        }
    }

    private static string Describe(SubjectIdentifier id) => id.Value switch
    {
        X509IssuerSerial issuerSerial => $"issuer '{issuerSerial.IssuerName}', serial {issuerSerial.SerialNumber}",
        string keyId => $"key id {keyId}",
        _ => id.Type.ToString(),
    };

    private static TimestampException Malformed(string detail, Exception? inner = null) =>
        new(DiagnosticCode.TimestampMalformed, $"The RFC 3161 timestamp is malformed: {detail}.", inner);
}
