using System.Security.Cryptography;

namespace SupplyGate.Core.Attestations.Transparency;

/// <summary>
/// The key of the log that produced an entry: the trusted root's <c>tlogs[]</c> instance whose <c>logId</c> (SHA-256
/// of the key's DER SubjectPublicKeyInfo, sigstore_common.proto LogId) equals the entry's, valid at the time the
/// entry claims (SPECS.md §5; sigstore-go <c>tlog.VerifyInclusion</c> / sigstore-js <c>getTLogAuthority</c>). Only
/// ECDSA keys verify here: .NET 10 has no Ed25519 without a package, so Rekor v2 (Ed25519) logs are refused as
/// unsupported instead of being skipped.
/// </summary>
internal sealed class TransparencyLogKey : IDisposable
{
    private readonly ECDsa _key;
    private readonly HashAlgorithmName _hash;

    private TransparencyLogKey(TransparencyLogInstance instance, ECDsa key, HashAlgorithmName hash)
    {
        Instance = instance;
        _key = key;
        _hash = hash;
        KeyId = SHA256.HashData(instance.PublicKey.Span);
    }

    public TransparencyLogInstance Instance { get; }

    /// <summary>SHA-256 of the DER key: the log ID, whose first 4 bytes are the key hint of Rekor v1 checkpoint signatures.</summary>
    public byte[] KeyId { get; }

    /// <summary>
    /// Finds the log for <paramref name="logId"/>. <paramref name="at"/> is the entry's integrated time (null for
    /// Rekor v2 entries, which carry none; validity is then checked by the timestamp that dates the entry).
    /// </summary>
    public static TransparencyLogKey Find(TrustedRoot trustedRoot, ReadOnlySpan<byte> logId, DateTimeOffset? at)
    {
        ArgumentNullException.ThrowIfNull(trustedRoot);
        byte[] id = logId.ToArray();
        string hexId = Convert.ToHexStringLower(id);
        var candidates = trustedRoot.Tlogs.Where(t => IdOf(t).AsSpan().SequenceEqual(id)).ToList();
        if (candidates.Count == 0)
        {
            throw TransparencyLogFailure.NotTrusted($"the entry's log ID {hexId} is not one of the trusted root's {trustedRoot.Tlogs.Count} transparency log(s)");
        }

        // Both ends are inclusive (TimeRange is a closed interval, conformance trust-root-tlog-validity-end-inclusive).
        TransparencyLogInstance? valid = candidates.FirstOrDefault(t => at is null || t.ValidFor.Contains(at.Value));
        if (valid is null)
        {
            throw TransparencyLogFailure.NotTrusted($"the trusted root's transparency log {hexId} was not valid at the entry's integrated time {at:O}");
        }

        if (valid.KeyDetails is { } details && details.Contains("ED25519", StringComparison.OrdinalIgnoreCase))
        {
            throw TransparencyLogFailure.Unsupported($"transparency log {hexId} signs with Ed25519 ({details}, Rekor v2), which SupplyGate cannot verify without an Ed25519 implementation");
        }

        ECDsa key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(valid.PublicKey.Span, out _);
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw TransparencyLogFailure.Unsupported($"transparency log {hexId} has a {valid.KeyDetails ?? "non-ECDSA"} key; only ECDSA log keys are supported ({ex.Message})");
        }

        // The digest follows the curve (sigstore_common.proto PublicKeyDetails PKIX_ECDSA_P*_SHA_*).
        HashAlgorithmName hash = key.KeySize switch
        {
            <= 256 => HashAlgorithmName.SHA256,
            <= 384 => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
        return new TransparencyLogKey(valid, key, hash);
    }

    /// <summary>Verifies an ASN.1 DER ECDSA signature (what Rekor v1 produces for SETs and checkpoints).</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            return _key.VerifyData(data, signature, _hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose() => _key.Dispose();

    // A root written without a logId still identifies its log by the key hash, which is what the ID is defined as.
    private static byte[] IdOf(TransparencyLogInstance instance) =>
        instance.LogId.Length > 0 ? instance.LogId.ToArray() : SHA256.HashData(instance.PublicKey.Span);
}
