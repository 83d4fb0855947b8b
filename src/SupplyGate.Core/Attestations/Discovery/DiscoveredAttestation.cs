using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Attestations.Discovery;

/// <summary>Where an attestation was found (docs/architecture.md spec 6): the two schemes coexist in one repository.</summary>
public enum AttestationScheme
{
    /// <summary>An OCI 1.1 artifact listed by the referrers API.</summary>
    ReferrersApi,

    /// <summary>An OCI 1.1 artifact listed in the referrers tag-schema fallback index (<c>sha256-&lt;hex&gt;</c>).</summary>
    ReferrersFallbackTag,

    /// <summary>A layer of cosign's legacy <c>sha256-&lt;hex&gt;.att</c> tag.</summary>
    CosignAttTag,
}

/// <summary>
/// One attestation found for an image, not yet verified: either a Sigstore bundle (referrers) or a legacy
/// cosign DSSE layer with its annotations. <see cref="PredicateTypeHint"/> is what the registry-side annotation
/// claims; it is unsigned and only used to order and describe, never to decide.
/// </summary>
public sealed record DiscoveredAttestation
{
    public required AttestationScheme Scheme { get; init; }

    /// <summary>The manifest that carries it (the artifact manifest, or the <c>.att</c> tag's manifest).</summary>
    public required Digest Manifest { get; init; }

    /// <summary>The layer within <see cref="Manifest"/> (0-based).</summary>
    public int LayerIndex { get; init; }

    public string? PredicateTypeHint { get; init; }

    /// <summary>The Sigstore bundle JSON (referrers schemes).</summary>
    public byte[]? BundleJson { get; init; }

    /// <summary>The cosign legacy layer (the <c>.att</c> scheme and cosign's in-toto referrer variant).</summary>
    public LegacyCosignLayer? Legacy { get; init; }

    /// <summary>A short human description: where it is and what it claims to be.</summary>
    public string Describe()
    {
        string where = Scheme switch
        {
            AttestationScheme.ReferrersApi => $"referrer {Manifest}",
            AttestationScheme.ReferrersFallbackTag => $"referrer {Manifest} (fallback tag)",
            _ => $"cosign .att layer {LayerIndex} of {Manifest}",
        };
        return PredicateTypeHint is null ? where : $"{where} [{PredicateTypeHint}]";
    }
}

/// <summary>What discovery found, and what it could not read (each a one-line reason naming the manifest).</summary>
public sealed record AttestationDiscoveryResult(
    IReadOnlyList<DiscoveredAttestation> Attestations,
    IReadOnlyList<string> Problems,
    int IgnoredReferrers);
