namespace SupplyGate.Core.Attestations.Signing;

/// <summary>
/// Signs bytes with a private key the caller never sees (a file key today; a KMS or HSM could implement it
/// later). Signatures must be what sigstore-js and cosign verify: ECDSA as ASN.1 DER, RSA as PKCS#1 v1.5,
/// both over SHA-256 (docs/architecture.md spec 0.3).
/// </summary>
public interface ISigner
{
    /// <summary>The DSSE <c>keyid</c> hint, or null to omit it (it is never a trust input).</summary>
    string? KeyId { get; }

    SigningAlgorithm Algorithm { get; }

    /// <summary>The public key as DER SubjectPublicKeyInfo, to match it against a certificate.</summary>
    byte[] ExportSubjectPublicKeyInfo();

    /// <summary>Hashes and signs <paramref name="data"/>.</summary>
    byte[] Sign(ReadOnlySpan<byte> data);
}

/// <summary>Key types and signature schemes we sign with (docs/architecture.md spec 0.3).</summary>
public enum SigningAlgorithm
{
    /// <summary>ECDSA P-256, SHA-256, DER: the default, verified by every Sigstore client.</summary>
    EcdsaP256Sha256,

    /// <summary>ECDSA P-384 with SHA-256 (what sigstore-js verifies for DSSE; sigstore-go may expect SHA-384).</summary>
    EcdsaP384Sha256,

    /// <summary>ECDSA P-384 with SHA-384.</summary>
    EcdsaP384Sha384,

    /// <summary>RSA PKCS#1 v1.5 with SHA-256.</summary>
    RsaPkcs1Sha256,
}
