using Microsoft.Build.Framework;

namespace SupplyGate.Build.Tasks;

/// <summary>The parameter surface of <see cref="SignImage"/>; behaviour lives in SignImage.cs.</summary>
public sealed partial class SignImage
{
    public SignImage()
    {
        ImageSbomPath = string.Empty;
        PolicyResultPath = string.Empty;
        ManifestDigest = string.Empty;
        Registry = string.Empty;
        Repository = string.Empty;
        SigningKey = string.Empty;
        SigningKeyPassword = string.Empty;
        SigningCertificate = string.Empty;
        TimestampUrl = string.Empty;
        Platforms = [];
        IndexDigest = string.Empty;
        Attestations = [];
    }

    /// <summary>The image SBOM ScanImage wrote (attested as https://cyclonedx.org/bom). Ex: publish/App.image.cdx.json; unused when <see cref="Platforms"/> is set.</summary>
    public string ImageSbomPath { get; set; }

    /// <summary>The gate's verdict as the policy-result predicate, written by CheckSbom; skipped when absent (gate off).</summary>
    public string PolicyResultPath { get; set; }

    /// <summary>$(GeneratedContainerDigest), read as a plain string (the SDK's item metadata form is not a digest); unused when <see cref="Platforms"/> is set.</summary>
    public string ManifestDigest { get; set; }

    /// <summary>
    /// A multi-platform publish: one item per platform image, Include = its manifest digest, with metadata
    /// <c>Platform</c> (linux/arm64), <c>ImageSbomPath</c>, <c>PolicyResultPath</c>. Each is signed, then the index.
    /// </summary>
    public ITaskItem[] Platforms { get; set; }

    /// <summary>The index digest of a multi-platform publish; empty for a single platform.</summary>
    public string IndexDigest { get; set; }

    /// <summary>$(ContainerRegistry); signing needs a pushed image, so empty is an error.</summary>
    public string Registry { get; set; }

    /// <summary>$(ContainerRepository).</summary>
    public string Repository { get; set; }

    /// <summary>A key file (PEM, PKCS#8, PKCS#12); empty: the SUPPLYGATE_SIGNING_KEY environment variable.</summary>
    public string SigningKey { get; set; }

    /// <summary>The password of an encrypted key or PKCS#12 file.</summary>
    public string SigningKeyPassword { get; set; }

    /// <summary>The leaf certificate (PEM or DER) when the key source has none.</summary>
    public string SigningCertificate { get; set; }

    /// <summary>An RFC 3161 timestamp authority; verifiers refuse attestations without a timestamp.</summary>
    public string TimestampUrl { get; set; }

    /// <summary>One item per attached attestation: the artifact manifest digest, with PredicateType and Subject metadata.</summary>
    [Output]
    public ITaskItem[] Attestations { get; set; }
}
