using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Oci;

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

    private static bool IsImage(Descriptor entry) =>
        entry.MediaType is MediaTypes.OciManifest or MediaTypes.DockerManifest or MediaTypes.OciIndex or MediaTypes.DockerManifestList
        && entry.Platform?.Architecture != "unknown"; // buildx attestation manifests are listed as unknown/unknown

    private static bool Matches(Platform? candidate, Platform target) =>
        candidate is not null
        && string.Equals(candidate.Os, target.Os, StringComparison.OrdinalIgnoreCase)
        && string.Equals(candidate.Architecture, target.Architecture, StringComparison.OrdinalIgnoreCase)
        && (target.Variant is null || string.Equals(candidate.Variant, target.Variant, StringComparison.OrdinalIgnoreCase));
}
