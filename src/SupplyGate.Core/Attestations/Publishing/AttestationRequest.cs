using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Statements;

namespace SupplyGate.Core.Attestations.Publishing;

/// <summary>What to attest about an image and how to sign it.</summary>
public sealed record AttestationRequest
{
    /// <summary>The predicate type URI, e.g. <see cref="PredicateTypes.CycloneDx"/>.</summary>
    public required string PredicateType { get; init; }

    /// <summary>The predicate as UTF-8 JSON (any JSON value; normally an object).</summary>
    public required ReadOnlyMemory<byte> Predicate { get; init; }

    /// <summary>Signs the DSSE PAE.</summary>
    public required ISigner Signer { get; init; }

    /// <summary>The signing (leaf) certificate as DER; it goes into the bundle alone (docs/architecture.md spec 0.2).</summary>
    public required ReadOnlyMemory<byte> LeafCertificate { get; init; }

    /// <summary>An RFC 3161 TSA to timestamp the signature with; null: no timestamp (verifiers will then refuse it).</summary>
    public Uri? TimestampUrl { get; init; }
}

/// <summary>The pushed artifact manifest and the bundle it carries.</summary>
public sealed record AttestationPublishResult(Oci.Descriptor Manifest, Oci.Descriptor Subject, byte[] Bundle);
