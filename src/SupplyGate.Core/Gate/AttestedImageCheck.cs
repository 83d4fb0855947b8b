using System.Text.Json;
using SupplyGate.Core.Attestations.Discovery;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Gate;

/// <summary>An image as verification saw it: the digest its reference resolved to, what was found attached, and what verified.</summary>
public sealed record AttestedImage(ImageReference Reference, Digest Digest, AttestationDiscoveryResult Discovery, ImageVerification Verification)
{
    /// <summary>
    /// The SBOM of the most recently signed verified CycloneDX attestation, or null when none verified.
    /// A verified statement whose predicate is not a JSON object is malformed (SG5001), not "no SBOM".
    /// </summary>
    public Bom? AttestedSbom()
    {
        if (Verification.Latest(PredicateTypes.CycloneDx) is not { Statement: { } statement })
        {
            return null;
        }

        if (statement.Predicate is not { ValueKind: JsonValueKind.Object } predicate)
        {
            throw new InvalidInputException(DiagnosticCode.AttestationMalformed, "The verified SBOM attestation's predicate is not a JSON object.");
        }

        return CycloneDxReader.Read(System.Text.Encoding.UTF8.GetBytes(predicate.GetRawText()), "the attested SBOM");
    }
}

/// <summary>
/// The registry half of `verify`, shared by every host that checks an image before it runs (the CLI's
/// <c>verify</c>, the admission webhook of <c>serve</c>): resolve the reference to a digest, discover the
/// attestations attached to that digest, verify each against the trusted root, the signer identity and the
/// digest as subject. Judging the attested SBOM is <see cref="GateEvaluator"/>'s job; callers decide how.
/// Registry failures surface as <see cref="RegistryException"/>; bad attestations never throw, they are
/// reported in <see cref="ImageVerification"/>.
/// </summary>
public static class AttestedImageCheck
{
    /// <summary>The manifest digest a reference names now (the digest itself when pinned).</summary>
    public static async Task<Digest> ResolveAsync(IRegistryClient registry, ImageReference image, CancellationToken cancellationToken) =>
        (await ResolveManifestAsync(registry, image, cancellationToken).ConfigureAwait(false)).Digest;

    /// <summary>The manifest or index a reference names now, with its digest and media type (an index is verified per platform: <see cref="AttestedIndexCheck"/>).</summary>
    public static async Task<ManifestResponse> ResolveManifestAsync(IRegistryClient registry, ImageReference image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(image);
        string reference = image.Digest?.ToString() ?? image.Tag ?? "latest";
        return await registry.Manifests.GetAsync(image.Repository, reference, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Discovers and verifies the attestations of <paramref name="digest"/> (never a tag: a tag can move between the two steps).</summary>
    public static async Task<AttestedImage> VerifyAsync(
        IRegistryClient registry,
        ImageReference image,
        Digest digest,
        BundleVerificationPolicy policy,
        IReadOnlyList<string> requiredTypes,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(policy);
        AttestationDiscoveryResult discovered = await new AttestationDiscovery(registry).DiscoverAsync(image.Repository, digest, cancellationToken).ConfigureAwait(false);
        ImageVerification verification = ImageVerification.Run(discovered.Attestations, policy, requiredTypes, time);
        return new AttestedImage(image, digest, discovered, verification);
    }
}
