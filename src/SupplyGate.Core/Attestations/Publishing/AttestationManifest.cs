using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Attestations.Publishing;

/// <summary>
/// The OCI 1.1 artifact manifest that attaches a Sigstore bundle to an image (docs/architecture.md spec 6): the empty config,
/// one layer (the bundle), <c>artifactType</c> = the bundle media type, <c>subject</c> = the image manifest,
/// and the annotations cosign v3 and GitHub write.
/// </summary>
public static class AttestationManifest
{
    /// <summary>The OCI empty descriptor's content, <c>{}</c>.</summary>
    public static ReadOnlyMemory<byte> EmptyConfig => ArtifactManifest.EmptyConfig;

    /// <summary><c>dev.sigstore.bundle.content</c>: what the bundle carries.</summary>
    public const string ContentAnnotation = "dev.sigstore.bundle.content";

    /// <summary><c>dev.sigstore.bundle.predicateType</c>: the statement's predicate type.</summary>
    public const string PredicateTypeAnnotation = "dev.sigstore.bundle.predicateType";

    /// <summary>The value of <see cref="ContentAnnotation"/> for DSSE bundles.</summary>
    public const string DsseEnvelopeContent = "dsse-envelope";

    /// <summary>The standard creation-time annotation.</summary>
    public const string CreatedAnnotation = "org.opencontainers.image.created";

    /// <summary>Writes the manifest bytes (pushed as is, so their digest is the artifact's digest).</summary>
    public static byte[] Write(Descriptor subject, Digest bundleDigest, long bundleSize, string predicateType, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(predicateType);
        return ArtifactManifest.Write(
            BundleMediaTypes.V03,
            new Descriptor { MediaType = BundleMediaTypes.V03, Digest = bundleDigest, Size = bundleSize },
            [],
            subject,
            [
                new(ContentAnnotation, DsseEnvelopeContent),
                new(PredicateTypeAnnotation, predicateType),
                new(CreatedAnnotation, created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)),
            ]);
    }
}
