using SupplyGate.Core.Attestations.Dsse;

namespace SupplyGate.Core.Attestations.Bundles;

/// <summary>
/// A Sigstore bundle (docs/architecture.md spec 5; protobuf-specs sigstore_bundle.proto): the verification material and
/// exactly one of a DSSE envelope (attestations) or a message signature (blobs).
/// </summary>
public sealed record SigstoreBundle(
    string MediaType,
    BundleVersion Version,
    VerificationMaterial VerificationMaterial,
    DsseEnvelope? DsseEnvelope,
    MessageSignature? MessageSignature);

/// <summary>Bundle format versions; v0.3 is what we write.</summary>
public enum BundleVersion
{
    V01,
    V02,
    V03,
}

/// <summary>
/// How the signer is identified and when it signed. <see cref="Certificates"/> holds DER certificates leaf first:
/// the single <c>certificate</c> of v0.3, or the <c>x509CertificateChain</c> of v0.1/v0.2 (only the leaf is
/// ever used for trust, docs/architecture.md spec 0.2). <see cref="PublicKeyHint"/> is set instead when the key is supplied
/// out of band.
/// </summary>
public sealed record VerificationMaterial(
    VerificationMaterialKind Kind,
    IReadOnlyList<ReadOnlyMemory<byte>> Certificates,
    string? PublicKeyHint,
    IReadOnlyList<ReadOnlyMemory<byte>> Rfc3161Timestamps,
    IReadOnlyList<TransparencyLogEntry> TlogEntries)
{
    /// <summary>The signing certificate (DER), or null for a public-key bundle (typed: a bare null would become an empty, non-null memory).</summary>
    public ReadOnlyMemory<byte>? Leaf => Certificates.Count > 0 ? Certificates[0] : (ReadOnlyMemory<byte>?)null;
}

public enum VerificationMaterialKind
{
    /// <summary>v0.3 <c>certificate</c>: the leaf alone.</summary>
    Certificate,

    /// <summary>v0.1/v0.2 <c>x509CertificateChain</c>.</summary>
    CertificateChain,

    /// <summary><c>publicKey{hint}</c>: the key comes from elsewhere.</summary>
    PublicKey,
}

/// <summary>A blob signature: the artifact digest and the raw signature over the artifact.</summary>
public sealed record MessageSignature(string? DigestAlgorithm, ReadOnlyMemory<byte> Digest, ReadOnlyMemory<byte> Signature);

/// <summary>
/// A transparency log entry as carried in the bundle (sigstore_rekor.proto). Parsed so that later inclusion
/// checks have typed input; SupplyGate writes none (<c>tlogEntries: []</c>, docs/architecture.md spec 5).
/// </summary>
public sealed record TransparencyLogEntry(
    long LogIndex,
    ReadOnlyMemory<byte> LogId,
    string Kind,
    string KindVersion,
    long IntegratedTime,
    ReadOnlyMemory<byte>? SignedEntryTimestamp,
    InclusionProof? InclusionProof,
    ReadOnlyMemory<byte> CanonicalizedBody);

/// <summary>A Merkle inclusion proof with its signed checkpoint (note text).</summary>
public sealed record InclusionProof(
    long LogIndex,
    ReadOnlyMemory<byte> RootHash,
    long TreeSize,
    IReadOnlyList<ReadOnlyMemory<byte>> Hashes,
    string? Checkpoint);
