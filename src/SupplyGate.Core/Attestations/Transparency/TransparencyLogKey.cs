using System.Security.Cryptography;
using System.Text;
using SupplyGate.Core.Attestations.Trust;

namespace SupplyGate.Core.Attestations.Transparency;

/// <summary>
/// The key of the log that produced an entry: the trusted root's <c>tlogs[]</c> instance whose <c>logId</c> equals the
/// entry's, valid at the time the entry claims (sigstore-go <c>tlog.VerifyInclusion</c> / sigstore-js
/// <c>getTLogAuthority</c>). ECDSA keys (Rekor v1) sign inclusion promises and checkpoints; Ed25519 keys (Rekor v2,
/// rekor-tiles) sign checkpoints only, as a C2SP signed note whose key name is the log's origin.
/// </summary>
internal sealed class TransparencyLogKey : IDisposable
{
    /// <summary>The signed-note signature type of Ed25519 (https://github.com/C2SP/C2SP/blob/main/signed-note.md#signature-types).</summary>
    private const byte NoteEd25519Type = 0x01;

    private readonly ILogPublicKey _key;

    private TransparencyLogKey(TransparencyLogInstance instance, ILogPublicKey key, string? noteName, byte[] noteKeyHint)
    {
        Instance = instance;
        _key = key;
        NoteName = noteName;
        NoteKeyHint = noteKeyHint;
    }

    public TransparencyLogInstance Instance { get; }

    /// <summary>
    /// The key name every checkpoint signature by this log must carry, which is also the checkpoint's origin line:
    /// for Ed25519 (Rekor v2) logs the base URL without its scheme. Null for ECDSA (Rekor v1) logs, whose note
    /// names (e.g. <c>rekor.sigstore.dev - 1193050959916656506</c>) are not derived from the trusted root.
    /// </summary>
    public string? NoteName { get; }

    /// <summary>The 4-byte key hint that starts this log's checkpoint signatures.</summary>
    public byte[] NoteKeyHint { get; }

    /// <summary>
    /// Finds the log for <paramref name="logId"/>. <paramref name="at"/> is the entry's integrated time (null for
    /// Rekor v2 entries, which carry none; the RFC 3161 timestamp that must then date the bundle is checked by the
    /// timestamp step).
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

        if (Ed25519LogPublicKey.TryImport(valid.PublicKey.Span) is { } ed25519)
        {
            string name = NoteNameOf(valid)
                ?? throw TransparencyLogFailure.Invalid($"the trusted root's Ed25519 transparency log {hexId} has no baseUrl, so its checkpoint key name is unknown");
            return new TransparencyLogKey(valid, ed25519, name, Ed25519NoteKeyId(name, ed25519.Raw.Span)[..4]);
        }

        if (EcdsaLogPublicKey.TryImport(valid.PublicKey.Span) is { } ecdsa)
        {
            // Rekor v1 note keys are ECDSA; their key hint is the first 4 bytes of the log ID, SHA-256 of the DER key
            // (sigstore-js checkpoint.ts, rekor pkg/util/signed_note.go).
            return new TransparencyLogKey(valid, ecdsa, null, SHA256.HashData(valid.PublicKey.Span)[..4]);
        }

        throw TransparencyLogFailure.Invalid($"the trusted root's transparency log {hexId} has a {valid.KeyDetails ?? "unrecognised"} key; log keys are ECDSA (Rekor v1) or Ed25519 (Rekor v2)");
    }

    /// <summary>Verifies a signature by the log's key over <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => _key.Verify(data, signature);

    public void Dispose() => _key.Dispose();

    /// <summary>
    /// The signed-note key ID of an Ed25519 key: SHA-256(key name || 0x0A || 0x01 || 32-byte key)
    /// (https://github.com/C2SP/C2SP/blob/main/signed-note.md#signatures). Its first 4 bytes are the key hint; the
    /// whole hash is what a Rekor v2 log's <c>logId</c> is.
    /// </summary>
    internal static byte[] Ed25519NoteKeyId(string name, ReadOnlySpan<byte> rawKey)
    {
        byte[] prefix = Encoding.UTF8.GetBytes(name + "\n");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(prefix);
        hash.AppendData([NoteEd25519Type]);
        hash.AppendData(rawKey);
        return hash.GetHashAndReset();
    }

    /// <summary>A Rekor v2 log's origin: its base URL without the scheme (rekor-tiles names its checkpoints by host).</summary>
    private static string? NoteNameOf(TransparencyLogInstance instance)
    {
        if (!Uri.TryCreate(instance.BaseUrl, UriKind.Absolute, out Uri? url))
        {
            return null;
        }

        string path = url.AbsolutePath.Trim('/');
        return path.Length == 0 ? url.Authority : $"{url.Authority}/{path}";
    }

    // A root written without a logId still identifies its log by the key: SHA-256 of the DER key for ECDSA logs, the
    // signed-note key ID for Ed25519 ones.
    private static byte[] IdOf(TransparencyLogInstance instance)
    {
        if (instance.LogId.Length > 0)
        {
            return instance.LogId.ToArray();
        }

        using Ed25519LogPublicKey? ed25519 = Ed25519LogPublicKey.TryImport(instance.PublicKey.Span);
        return ed25519 is not null && NoteNameOf(instance) is { } name
            ? Ed25519NoteKeyId(name, ed25519.Raw.Span)
            : SHA256.HashData(instance.PublicKey.Span);
    }
}
