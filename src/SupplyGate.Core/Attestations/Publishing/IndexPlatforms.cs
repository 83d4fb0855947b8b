using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Attestations.Publishing;

/// <summary>One platform image of an index: its platform text (<c>linux/arm64</c>, <c>linux/arm/v7</c>) and the manifest descriptor.</summary>
public sealed record PlatformImage(string Platform, Descriptor Manifest);

/// <summary>
/// The platform images an index lists, the way signing and verification both see them: image manifests with a
/// platform, in index order. buildx lists its attestation manifests as <c>unknown/unknown</c>
/// (docs.docker.com/build/metadata/attestations/attestation-storage/); they describe the images, they are not
/// platforms, so they are skipped. Two entries for one platform, an entry without a platform, or a nested index
/// make "each platform" ambiguous and are refused.
/// </summary>
public static class IndexPlatforms
{
    public static IReadOnlyList<PlatformImage> List(ImageIndex index, string source)
    {
        ArgumentNullException.ThrowIfNull(index);
        var result = new List<PlatformImage>();
        foreach (Descriptor entry in index.Manifests)
        {
            if (entry.Platform is { Architecture: "unknown" } || entry.MediaType is not (MediaTypes.OciManifest or MediaTypes.DockerManifest or MediaTypes.OciIndex or MediaTypes.DockerManifestList))
            {
                continue;
            }

            if (MediaTypes.IsIndex(entry.MediaType) || entry.Platform is null)
            {
                throw new InvalidInputException(
                    DiagnosticCode.PlatformArgumentInvalid,
                    $"{source}: the index entry {entry.Digest} is {(entry.Platform is null ? "an image without a platform" : "a nested index")}; only an index of platform images can be signed or verified per platform");
            }

            string platform = entry.Platform.ToString();
            if (result.Any(p => string.Equals(p.Platform, platform, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidInputException(DiagnosticCode.PlatformArgumentInvalid, $"{source}: the index lists platform {platform} twice");
            }

            result.Add(new PlatformImage(platform, entry));
        }

        return result.Count > 0
            ? result
            : throw new InvalidInputException(DiagnosticCode.PlatformArgumentInvalid, $"{source}: the index lists no platform image");
    }

    /// <summary><see cref="Platform.TryParse"/>, as the text this class compares (<c>os/arch[/variant]</c>, lower case).</summary>
    public static bool TryParse(string text, out string platform)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool valid = Platform.TryParse(text, out Platform? parsed);
        platform = valid ? parsed!.ToString() : string.Empty;
        return valid;
    }
}
