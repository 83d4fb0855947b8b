using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Oci.Documents;

/// <summary>Picks the manifest for one platform from an index (image-spec v1.1.0 image-index.md "platform").</summary>
public static class PlatformSelector
{
    /// <summary>The first entry whose os/architecture (and variant, when asked for) match; SG1020 listing what the index offers otherwise.</summary>
    public static Descriptor Select(ImageIndex index, Platform? wanted, string source)
    {
        Platform target = wanted ?? Platform.LinuxAmd64;
        List<Descriptor> images = index.Manifests.Where(IsImage).ToList();
        Descriptor? match = images.FirstOrDefault(entry => Matches(entry.Platform, target));
        if (match is not null)
        {
            return match;
        }

        // An index without platform data and a single image (the SDK's archive index.json writes "platform": {})
        // has nothing to choose between.
        if (images.Count == 1 && images[0].Platform is null)
        {
            return images[0];
        }

        string available = images.Count == 0
            ? "none"
            : string.Join(", ", images.Select(entry => entry.Platform?.ToString() ?? "unknown"));
        throw new InvalidInputException(
            DiagnosticCode.ImageInvalid, $"{source}: no image for platform {target} in the index (available: {available})");
    }

    /// <summary>
    /// The platforms an index offers as images, in index order, each once: entries that are image manifests with a
    /// platform. Skipped: buildx attestation manifests (<c>unknown/unknown</c>, annotation
    /// <c>vnd.docker.reference.type: attestation-manifest</c>), artifacts and entries without a platform, and
    /// nested indexes (docs/image-scanning.md, "Image indexes").
    /// </summary>
    public static IReadOnlyList<Platform> ImagePlatforms(ImageIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var platforms = new List<Platform>();
        foreach (Descriptor entry in index.Manifests)
        {
            if (entry.MediaType is MediaTypes.OciManifest or MediaTypes.DockerManifest
                && entry.Platform is { } platform
                && entry.ArtifactType is null
                && !IsAttestation(entry)
                && !platforms.Any(p => Matches(p, platform) && string.Equals(p.Variant, platform.Variant, StringComparison.OrdinalIgnoreCase)))
            {
                platforms.Add(Normalize(platform));
            }
        }

        return platforms;
    }

    /// <summary>
    /// arm64's only variant, v8, is dropped as containerd's platforms.Normalize does: linux/arm64/v8 and linux/arm64
    /// name the same platform, and the SDK, buildx and registries write either.
    /// </summary>
    private static Platform Normalize(Platform platform) =>
        platform with
        {
            OsVersion = null,
            Variant = platform.Architecture == "arm64" && platform.Variant == "v8" ? null : platform.Variant,
        };

    /// <summary>A buildx attestation manifest: not a platform, whatever its descriptor says.</summary>
    private static bool IsAttestation(Descriptor entry) =>
        entry.Platform is { Os: "unknown" } or { Architecture: "unknown" }
        || entry.Annotations.TryGetValue("vnd.docker.reference.type", out string? type) && type == "attestation-manifest";

    private static bool IsImage(Descriptor entry) =>
        entry.MediaType is MediaTypes.OciManifest or MediaTypes.DockerManifest or MediaTypes.OciIndex or MediaTypes.DockerManifestList
        && !IsAttestation(entry);

    private static bool Matches(Platform? candidate, Platform target) =>
        candidate is not null
        && string.Equals(candidate.Os, target.Os, StringComparison.OrdinalIgnoreCase)
        && string.Equals(candidate.Architecture, target.Architecture, StringComparison.OrdinalIgnoreCase)
        && (target.Variant is null || string.Equals(candidate.Variant, target.Variant, StringComparison.OrdinalIgnoreCase));
}
