namespace SupplyGate.Core.Attestations.Dsse;

/// <summary>
/// A DSSE envelope (docs/architecture.md spec 4; secure-systems-lab/dsse envelope.md v1.0.2): the payload bytes, their type,
/// and signatures over <see cref="Pae"/>(type, payload). <see cref="DsseSignature.KeyId"/> is an unauthenticated
/// hint and never a trust input.
/// </summary>
public sealed record DsseEnvelope(string PayloadType, ReadOnlyMemory<byte> Payload, IReadOnlyList<DsseSignature> Signatures);

/// <summary>One DSSE signature: the raw signature bytes (DER for ECDSA) and an optional key hint.</summary>
public sealed record DsseSignature(ReadOnlyMemory<byte> Signature, string? KeyId = null);
