using SupplyGate.Core.Oci;
using SupplyGate.Core.Policy;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// Repairs the base-image labels of an image the .NET SDK built in a multi-RID publish. Its per-RID inner builds
/// pass the labels through item metadata that ends at the first ':' (<c>_ParseItemsForPublishingSingleContainer</c>
/// in the SDK's container targets), so <c>org.opencontainers.image.base.name</c> of
/// <c>localhost:5000/dotnet/runtime:10.0</c> arrives as <c>localhost</c>, the base digest as <c>sha256</c> and the
/// created time as its date and hour. The build knows the base it used (<c>ContainerBaseImage</c>); when the label
/// is exactly that value cut at a ':', the label is restored from it, and the cut digest and time are dropped rather
/// than trusted. Base-image rules and the base lookup then see the real base.
/// </summary>
internal static class BaseImageLabels
{
    private const string CreatedLabel = "org.opencontainers.image.created";

    public static ResolvedImage Repair(ResolvedImage image, string? baseImage)
    {
        IReadOnlyDictionary<string, string> labels = image.Config.Labels;
        if (string.IsNullOrWhiteSpace(baseImage)
            || !labels.TryGetValue(PolicyImageFacts.BaseNameLabel, out string? name)
            || name == baseImage
            || !baseImage.StartsWith(name + ":", StringComparison.Ordinal))
        {
            return image;
        }

        var repaired = new Dictionary<string, string>(labels, StringComparer.Ordinal) { [PolicyImageFacts.BaseNameLabel] = baseImage };
        if (repaired.TryGetValue(PolicyImageFacts.BaseDigestLabel, out string? digest) && !Digest.TryParse(digest, out _))
        {
            repaired.Remove(PolicyImageFacts.BaseDigestLabel);
        }

        if (repaired.TryGetValue(CreatedLabel, out string? created)
            && !DateTimeOffset.TryParse(created, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _))
        {
            repaired.Remove(CreatedLabel);
        }

        return image with { Config = image.Config with { Labels = repaired } };
    }
}
