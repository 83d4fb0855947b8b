using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Timestamps;

namespace SupplyGate.Core.Attestations.Publishing;

/// <summary>
/// The signing workflow every host maps onto (<c>supplygate sign</c>, <c>supplygate attest</c>, the MSBuild
/// <c>SignImage</c> task): read the predicate files, resolve the reference once, then sign and attach each predicate
/// to its subject. For an index signed per platform (docs/attestations.md "Multi-platform images"), as cosign
/// <c>sign --recursive</c> and buildx do, every platform image gets its own attestations (subject = its manifest
/// digest, plus the platform list) and the index gets a <see cref="PlatformsPredicate"/> binding the set of platform digests. Every input is
/// checked before the first push, so a bad file or a missing platform leaves the registry untouched.
/// </summary>
public sealed class ImageSigning
{
    private readonly IRegistryClient _registry;
    private readonly AttestationPublisher _publisher;

    public ImageSigning(IRegistryClient registry, TimestampClient? timestamps, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _publisher = new AttestationPublisher(registry, timestamps, time);
    }

    public async Task<IReadOnlyList<AttachedAttestation>> SignAsync(ImageSigningRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ImageReference image = request.Image;
        List<(string Type, byte[] Content, string? Platform)> predicates = request.Predicates
            .Select(p => (p.Type, ReadFile(p.Path), p.Platform is null ? null : Normalize(p.Platform)))
            .ToList();
        string reference = image.Digest?.ToString() ?? image.Tag ?? "latest";
        ManifestResponse top = await _registry.Manifests.GetAsync(image.Repository, reference, cancellationToken).ConfigureAwait(false);
        var subject = new Descriptor { MediaType = top.MediaType, Digest = top.Digest, Size = top.Bytes.Length };
        string name = $"{image.Registry}/{image.Repository}@{top.Digest}";

        var plan = new List<(Descriptor Subject, string? Platform, List<(string Type, byte[] Predicate)> Predicates)>();
        List<(string Type, byte[] Predicate)> own = predicates.Where(p => p.Platform is null).Select(p => (p.Type, p.Content)).ToList();
        if (predicates.Any(p => p.Platform is not null))
        {
            if (!MediaTypes.IsIndex(top.MediaType))
            {
                throw new InvalidInputException(
                    DiagnosticCode.PlatformArgumentInvalid,
                    $"{name} is a single image ({top.MediaType}), not an index: give its files without a platform prefix");
            }

            IReadOnlyList<PlatformImage> platforms = IndexPlatforms.List(OciDocuments.ParseIndex(top.Bytes, name), name);
            byte[] list = PlatformsPredicate.Write(platforms);
            PlanPlatforms(name, platforms, predicates, list, plan);
            own.Insert(0, (PlatformsPredicate.Type, list));
        }
        else if (MediaTypes.IsIndex(top.MediaType) && own.Any(p => PredicateTypes.IsCycloneDx(p.Type)))
        {
            // An SBOM describes one platform's files; attached to the index it would claim to describe all of them.
            IReadOnlyList<PlatformImage> platforms = IndexPlatforms.List(OciDocuments.ParseIndex(top.Bytes, name), name);
            throw new InvalidInputException(
                DiagnosticCode.PlatformArgumentInvalid,
                $"{name} is an index of {string.Join(", ", platforms.Select(p => p.Platform))}: give one SBOM per platform, e.g. --sbom {platforms[0].Platform}=app.{platforms[0].Platform.Replace('/', '-')}.cdx.json");
        }

        if (own.Count > 0)
        {
            plan.Add((subject, null, own));
        }

        var attached = new List<AttachedAttestation>();
        foreach ((Descriptor target, string? platform, List<(string Type, byte[] Predicate)> list) in plan)
        {
            IReadOnlyList<AttestationPublishResult> results = await _publisher.PublishAllAsync(
                image.Repository, target, list, request.Signing, request.TimestampUrl, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < results.Count; i++)
            {
                attached.Add(new AttachedAttestation(list[i].Type, results[i].Subject, platform, results[i].Manifest));
            }
        }

        return attached;
    }

    /// <summary>Each platform of the index needs predicates, and each platform named must be in the index.</summary>
    private static void PlanPlatforms(
        string name,
        IReadOnlyList<PlatformImage> platforms,
        List<(string Type, byte[] Content, string? Platform)> predicates,
        byte[] list,
        List<(Descriptor Subject, string? Platform, List<(string Type, byte[] Predicate)> Predicates)> plan)
    {
        string available = string.Join(", ", platforms.Select(p => p.Platform));
        foreach (string named in predicates.Where(p => p.Platform is not null).Select(p => p.Platform!).Distinct(StringComparer.Ordinal))
        {
            if (!platforms.Any(p => string.Equals(p.Platform, named, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidInputException(DiagnosticCode.PlatformArgumentInvalid, $"{name} has no platform {named} (it has {available})");
            }
        }

        foreach (PlatformImage platform in platforms)
        {
            List<(string Type, byte[] Predicate)> mine = predicates
                .Where(p => string.Equals(p.Platform, platform.Platform, StringComparison.OrdinalIgnoreCase))
                .Select(p => (p.Type, p.Content))
                .ToList();
            if (mine.Count == 0)
            {
                throw new InvalidInputException(
                    DiagnosticCode.PlatformArgumentInvalid,
                    $"{name}: platform {platform.Platform} ({platform.Manifest.Digest}) has nothing to sign; every platform of the index needs its SBOM, or it would be refused at verify");
            }

            // Each platform also carries the list it was signed with: when the index is changed (a new digest,
            // so without the index's own list), its platforms still say which sibling was added, removed or replaced.
            mine.Add((PlatformsPredicate.Type, list));
            plan.Add((platform.Manifest, platform.Platform, mine));
        }
    }

    private static string Normalize(string platform) =>
        Platform.TryParse(platform, out Platform? parsed)
            ? parsed.ToString()
            : throw new InvalidInputException(DiagnosticCode.PlatformArgumentInvalid, $"'{platform}' is not a platform: expected os/arch or os/arch/variant, e.g. linux/arm64");

    private static byte[] ReadFile(string path) =>
        InputFile.ReadAllBytes(path, InputKind.Sbom, DiagnosticCode.InputNotFound, missingMessage: $"Cannot read {path}: no such file.");
}
