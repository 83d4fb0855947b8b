using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Transparency;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Timestamps;

namespace SupplyGate.Core.Attestations.Verification;

/// <summary>
/// Step 2: the bundle's signing time comes from verified time sources only (docs/architecture.md spec 0.5, §0.6): every RFC 3161
/// timestamp verifies against the trusted root's <c>timestampAuthorities</c> over the raw signature bytes, and every
/// transparency log (Rekor) entry verifies against its <c>tlogs</c> (Transparency/TransparencyLogVerifier: inclusion
/// promise and/or inclusion proof with a signed checkpoint, body matching this bundle), a Rekor v1 entry with a
/// verified inclusion promise (SET) then dating the signature at its integratedTime. There must be at least one such time: the certificate is then checked at
/// these times, never at "now", so a short-lived leaf stays verifiable and an expired one cannot be used to sign
/// later. Every log entry and every token of a trusted authority must verify, not just one: a bundle carrying a
/// forged token or entry next to a good one has been tampered with. A token from an authority the root does not
/// trust is not counted (it dates nothing) and fails the bundle only when no other time remains.
/// </summary>
internal static class TimestampStep
{
    // A trusted TSA cannot stamp the future; a genTime ahead of our clock by more than ordinary skew means a
    // broken TSA clock, and a time we cannot trust for the validity checks that follow.
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Returns the verified genTimes and integrated times, earliest first.</summary>
    public static IReadOnlyList<DateTimeOffset> Verify(SigstoreBundle bundle, TrustedRoot trustedRoot, TimeProvider time, ReadOnlyMemory<byte>? timestampedData = null)
    {
        // Log entries first: a bad entry fails the bundle whatever the timestamps say.
        IReadOnlyList<DateTimeOffset> logged = TransparencyLogVerifier.Verify(bundle, trustedRoot, time);
        IReadOnlyList<ReadOnlyMemory<byte>> tokens = bundle.VerificationMaterial.Rfc3161Timestamps;
        if (tokens.Count == 0)
        {
            if (logged.Count > 0)
            {
                return logged;
            }

            int tlog = bundle.VerificationMaterial.TlogEntries.Count;
            string why = tlog == 0
                ? "it has neither RFC 3161 timestamps nor transparency log entries"
                : $"it has no RFC 3161 timestamp, and none of its {tlog} verified transparency log entr{(tlog == 1 ? "y" : "ies")} has an inclusion promise (SET) signing its integrated time (inclusion-proof-only and Rekor v2 entries are dated by an RFC 3161 timestamp)";
            throw Fail(DiagnosticCode.TimestampMissing, $"The bundle has no verifiable timestamp: {why}. At least one RFC 3161 timestamp from a trusted timestamp authority, or a Rekor transparency log entry with an inclusion promise, is required.");
        }

        ReadOnlyMemory<byte> signature = timestampedData ?? SignatureBytes(bundle);
        List<TimestampAuthority> authorities = LoadAuthorities(trustedRoot);
        try
        {
            var verifier = new TimestampVerifier(authorities);
            var times = new List<DateTimeOffset>(logged);
            VerificationFailedException? untrusted = null;
            DateTimeOffset latestAcceptable = time.GetUtcNow() + AllowedClockSkew;
            for (int i = 0; i < tokens.Count; i++)
            {
                DateTimeOffset genTime;
                try
                {
                    genTime = verifier.Verify(tokens[i], signature.Span).GenTime;
                }
                catch (TimestampException ex) when (ex.Code == DiagnosticCode.TimestampAuthorityNotTrusted)
                {
                    // A token from an authority the root does not trust (or not at genTime) proves nothing either
                    // way, so it is not counted rather than fatal, as in sigstore-go's threshold check: keyed
                    // bundles of the conformance suite carry a test TSA's token beside a logged time. A token that a
                    // trusted authority did not make over this signature is still tampering (below).
                    untrusted ??= Fail(ex.Code, $"RFC 3161 timestamp {i + 1} of {tokens.Count} does not verify: {ex.Message}", ex);
                    continue;
                }
                catch (TimestampException ex)
                {
                    throw Fail(ex.Code, $"RFC 3161 timestamp {i + 1} of {tokens.Count} does not verify: {ex.Message}", ex);
                }

                if (genTime > latestAcceptable)
                {
                    throw Fail(DiagnosticCode.TimestampMalformed, $"RFC 3161 timestamp {i + 1} of {tokens.Count} has genTime {genTime:O}, later than the current time; the TSA clock cannot be trusted.");
                }

                times.Add(genTime);
            }

            if (times.Count == 0)
            {
                throw untrusted!;
            }

            times.Sort();
            return times;
        }
        finally
        {
            foreach (X509Certificate2 certificate in authorities.SelectMany(a => a.CertificateChain))
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>
    /// The bytes the timestamps cover: the DSSE signature (the first; the signature step refuses envelopes with
    /// any other number) or a blob bundle's message signature.
    /// </summary>
    private static ReadOnlyMemory<byte> SignatureBytes(SigstoreBundle bundle)
    {
        if (bundle.DsseEnvelope is { Signatures.Count: > 0 } envelope)
        {
            return envelope.Signatures[0].Signature;
        }

        if (bundle.MessageSignature is { } message)
        {
            return message.Signature;
        }

        throw new VerificationFailedException(
            DiagnosticCode.SignatureInvalid,
            VerificationCheck.Signature,
            "The DSSE envelope carries no signature, so there is nothing a timestamp could cover.");
    }

    private static List<TimestampAuthority> LoadAuthorities(TrustedRoot trustedRoot)
    {
        var authorities = new List<TimestampAuthority>();
        foreach (CertificateAuthority entry in trustedRoot.TimestampAuthorities)
        {
            X509Certificate2Collection chain = entry.LoadCertificates();
            if (chain.Count == 0)
            {
                continue;
            }

            authorities.Add(new TimestampAuthority([.. chain], entry.ValidFor.Start, entry.ValidFor.End, entry.CommonName ?? entry.Organization));
        }

        return authorities;
    }

    private static VerificationFailedException Fail(string code, string message, Exception? inner = null) =>
        new(code, VerificationCheck.Timestamp, message, inner);
}
