namespace SupplyGate.Core.Attestations.Transparency;

/// <summary>
/// A transparency log's public key as a signature check over raw bytes: what inclusion promises and checkpoint
/// notes need. <see cref="EcdsaLogPublicKey"/> (Rekor v1, and any ECDSA log) runs on the platform's cryptography;
/// <see cref="Ed25519LogPublicKey"/> (Rekor v2) is the one implementation on BouncyCastle, because .NET 10 has no
/// Ed25519. Nothing else in Core may touch BouncyCastle (docs/attestations.md "Cryptography").
/// </summary>
internal interface ILogPublicKey : IDisposable
{
    /// <summary>True when <paramref name="signature"/> is this key's signature over <paramref name="data"/>; never throws for a malformed signature.</summary>
    bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}
