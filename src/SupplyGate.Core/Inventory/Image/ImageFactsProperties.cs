using System.Globalization;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// Image facts (user, base image, created …) as namespaced BOM-level properties, so an image SBOM is
/// self-contained: `check` on the file, or `verify` on an attested SBOM, can judge base-image rules
/// without the image at hand.
/// </summary>
public static class ImageFactsProperties
{
    public const string User = "supplygate:image:user";
    public const string Created = "supplygate:image:created";
    public const string BaseName = "supplygate:image:base-name";
    public const string BaseDigest = "supplygate:image:base-digest";
    public const string BaseCreated = "supplygate:image:base-created";
    public const string LayerCount = "supplygate:image:layer-count";
    public const string BaseLayerCount = "supplygate:image:base-layer-count";
    public const string EnvName = "supplygate:image:env";
    public const string ExposedPort = "supplygate:image:exposed-port";
    public const string Label = "supplygate:image:label:";

    public static IReadOnlyList<Property> ToProperties(ImageFacts facts, DateTimeOffset? baseCreated = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var properties = new List<Property>
        {
            // Always written, even when empty: an empty User means root, and that must survive the round trip.
            new(User, facts.User ?? string.Empty),
            new(LayerCount, facts.LayerCount.ToString(CultureInfo.InvariantCulture)),
        };
        Add(properties, Created, facts.Created?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Add(properties, BaseName, facts.BaseName);
        Add(properties, BaseDigest, facts.BaseDigest);
        Add(properties, BaseCreated, baseCreated?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Add(properties, BaseLayerCount, facts.BaseLayerCount?.ToString(CultureInfo.InvariantCulture));
        properties.AddRange(facts.EnvNames.Order(StringComparer.Ordinal).Select(n => new Property(EnvName, n)));
        properties.AddRange(facts.ExposedPorts.Order(StringComparer.Ordinal).Select(p => new Property(ExposedPort, p)));
        properties.AddRange(facts.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new Property(Label + l.Key, l.Value)));
        return properties;
    }

    /// <summary>The base image's creation time, when the image SBOM recorded it.</summary>
    public static DateTimeOffset? BaseCreatedFromBom(Bom bom)
    {
        ArgumentNullException.ThrowIfNull(bom);
        string? value = bom.Metadata?.Properties.FirstOrDefault(p => p.Name == BaseCreated)?.Value;
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset created) ? created : null;
    }

    /// <summary>The facts an image SBOM carries; null for an SBOM that is not of an image.</summary>
    public static ImageFacts? FromBom(Bom bom)
    {
        ArgumentNullException.ThrowIfNull(bom);
        IReadOnlyList<Property> properties = bom.Metadata?.Properties ?? [];
        string? Get(string name) => properties.FirstOrDefault(p => p.Name == name)?.Value;
        if (Get(LayerCount) is not { } layers)
        {
            return null;
        }

        return new ImageFacts
        {
            User = Get(User) is { Length: > 0 } user ? user : null,
            Created = DateTimeOffset.TryParse(Get(Created), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset created) ? created : null,
            BaseName = Get(BaseName),
            BaseDigest = Get(BaseDigest),
            LayerCount = int.Parse(layers, CultureInfo.InvariantCulture),
            BaseLayerCount = int.TryParse(Get(BaseLayerCount), CultureInfo.InvariantCulture, out int baseLayers) ? baseLayers : null,
            EnvNames = properties.Where(p => p.Name == EnvName).Select(p => p.Value ?? string.Empty).ToArray(),
            ExposedPorts = properties.Where(p => p.Name == ExposedPort).Select(p => p.Value ?? string.Empty).ToArray(),
            Labels = properties.Where(p => p.Name.StartsWith(Label, StringComparison.Ordinal))
                .ToDictionary(p => p.Name[Label.Length..], p => p.Value ?? string.Empty, StringComparer.Ordinal),
        };
    }

    private static void Add(List<Property> properties, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            properties.Add(new Property(name, value));
        }
    }
}
