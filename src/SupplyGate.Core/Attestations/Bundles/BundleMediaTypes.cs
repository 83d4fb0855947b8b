namespace SupplyGate.Core.Attestations.Bundles;

/// <summary>Sigstore bundle media types (docs/architecture.md spec 5 "mediaType").</summary>
public static class BundleMediaTypes
{
    /// <summary>What we write, and what cosign v3 and GitHub use as the OCI artifactType.</summary>
    public const string V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

    public const string V01 = "application/vnd.dev.sigstore.bundle+json;version=0.1";

    public const string V02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";

    /// <summary>The older spelling of v0.3 (cosign's verify_bundle.go still uses it internally).</summary>
    public const string V03Legacy = "application/vnd.dev.sigstore.bundle+json;version=0.3";

    /// <summary>The version named by a media type, or null if it is not a bundle version we read.</summary>
    public static BundleVersion? Parse(string? mediaType) => mediaType switch
    {
        V01 => BundleVersion.V01,
        V02 => BundleVersion.V02,
        V03 or V03Legacy => BundleVersion.V03,
        _ => null,
    };
}
