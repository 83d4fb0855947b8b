using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Trust;

namespace SupplyGate.Core.Attestations.Transparency;

/// <summary>
/// Verifies every transparency log entry of a bundle (docs/architecture.md spec 5; sigstore-go <c>VerifyTlogEntry</c>, sigstore-js
/// <c>verifyTLogs</c>): the log is trusted, the entry's inclusion promise and/or inclusion proof with its signed
/// checkpoint verify, and its body describes this bundle. Every entry must verify: a forged entry next to a good
/// one means tampering. Only an entry with a verified inclusion promise (SET) dates the signature at its
/// integratedTime, because the SET is the only signature over that time: neither the leaf (the body) nor the
/// checkpoint covers it, so a proof-only entry's integratedTime could be edited at will. That is also the rule of
/// sigstore-js (a tlog entry yields a time only with an inclusionPromise, docs/architecture.md spec 5 "verify() steps" 1).
/// </summary>
internal static class TransparencyLogVerifier
{
    // Same tolerance as for RFC 3161 genTime (TimestampStep): a log cannot integrate an entry in the future.
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Returns the verified integrated times, one per entry that carries one, earliest first.</summary>
    /// <param name="bundle">The bundle whose entries are verified.</param>
    /// <param name="trustedRoot">Supplies the log keys (<c>tlogs</c>).</param>
    /// <param name="time">Only used to refuse integrated times in the future.</param>
    /// <param name="artifactSha256">For blob bundles, the digest of the artifact being verified (the hashedrekord must name it).</param>
    public static IReadOnlyList<DateTimeOffset> Verify(SigstoreBundle bundle, TrustedRoot trustedRoot, TimeProvider time, ReadOnlyMemory<byte>? artifactSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var times = new List<DateTimeOffset>();
        foreach (TransparencyLogEntry entry in bundle.VerificationMaterial.TlogEntries)
        {
            if (VerifyEntry(entry, bundle, trustedRoot, time, artifactSha256) is { } integrated)
            {
                times.Add(integrated);
            }
        }

        times.Sort();
        return times;
    }

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>
    /// Verifies one entry; returns its integrated time when a verified SET signs it, else null (proof-only entries,
    /// Rekor v2 entries that record no time).
    /// </summary>
    public static DateTimeOffset? VerifyEntry(TransparencyLogEntry entry, SigstoreBundle bundle, TrustedRoot trustedRoot, TimeProvider time, ReadOnlyMemory<byte>? artifactSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(trustedRoot);
        ArgumentNullException.ThrowIfNull(time);

        if (entry.IntegratedTime > MaxUnixSeconds)
        {
            // Found by fuzzing: a value past year 9999 made DateTimeOffset throw instead of failing verification.
            throw TransparencyLogFailure.Invalid($"its integrated time {entry.IntegratedTime} is not a time (seconds since 1970 up to year 9999)");
        }

        // Rekor v2 entries carry no integratedTime (0 in the proto): their time comes from an RFC 3161 timestamp.
        DateTimeOffset? integrated = entry.IntegratedTime > 0 ? DateTimeOffset.FromUnixTimeSeconds(entry.IntegratedTime) : null;
        if (integrated > time.GetUtcNow() + AllowedClockSkew)
        {
            throw TransparencyLogFailure.Invalid($"its integrated time {integrated:O} is in the future, so the log's clock (or the entry) cannot be trusted");
        }

        using TransparencyLogKey key = TransparencyLogKey.Find(trustedRoot, entry.LogId.Span, integrated);
        if (entry.SignedEntryTimestamp is null && entry.InclusionProof is null)
        {
            throw TransparencyLogFailure.Invalid("it has neither an inclusion promise nor an inclusion proof");
        }

        if (entry.SignedEntryTimestamp is not null)
        {
            InclusionPromise.Verify(entry, key);
        }

        if (entry.InclusionProof is not null)
        {
            CheckpointVerifier.Verify(entry, key);
        }

        TlogBodyMatcher.Verify(entry, bundle, artifactSha256);
        return entry.SignedEntryTimestamp is null ? null : integrated;
    }
}
