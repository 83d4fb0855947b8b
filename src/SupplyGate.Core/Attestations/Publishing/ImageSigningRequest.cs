using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Attestations.Publishing;

/// <summary>A predicate file to sign: its type URI and where it is; <see cref="Platform"/> set: for that platform image of an index.</summary>
public sealed record PredicateFile(string Type, string Path, string? Platform = null);

/// <summary>What <see cref="ImageSigning"/> signs: one image or index, the predicates about it, the key and the timestamp authority.</summary>
public sealed record ImageSigningRequest
{
    /// <summary>The image or index in a registry, by tag or digest.</summary>
    public required ImageReference Image { get; init; }

    /// <summary>
    /// The predicates. Without <see cref="PredicateFile.Platform"/> they are about the reference's own digest;
    /// with one, about that platform's image, and then every platform of the index needs predicates and the index
    /// itself gets the <see cref="PlatformsPredicate"/>.
    /// </summary>
    public required IReadOnlyList<PredicateFile> Predicates { get; init; }

    public required SigningMaterial Signing { get; init; }

    /// <summary>The RFC 3161 authority; null signs without a timestamp (verifiers will refuse it).</summary>
    public Uri? TimestampUrl { get; init; }
}

/// <summary>One attestation attached: its predicate type, the subject it is about (and that subject's platform), and the referrer manifest.</summary>
public sealed record AttachedAttestation(string PredicateType, Descriptor Subject, string? Platform, Descriptor Manifest);
