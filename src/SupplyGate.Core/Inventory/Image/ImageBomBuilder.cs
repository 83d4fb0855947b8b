using System.Globalization;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// Assembles the image SBOM (docs/architecture.md spec 1 "Container image as subject"): <c>metadata.component</c> is the image
/// (type container, <c>pkg:oci</c> purl with the manifest digest), components carry the layer that introduced
/// them and whether it is a base layer (prior art, docs/architecture.md §6), and every component has a dependencies entry.
/// </summary>
internal static class ImageBomBuilder
{
    public static Bom Build(
        ResolvedImage image,
        ImageReference? reference,
        ImageComponentSet set,
        IReadOnlyDictionary<string, int> introducedAt,
        int? baseLayerCount)
    {
        Component subject = Subject(image, reference);
        var components = new List<Component>(set.Components.Count);
        foreach (Component component in set.Components.Values.OrderBy(c => c.BomRef, StringComparer.Ordinal))
        {
            int layer = introducedAt[component.BomRef!];
            string isBase = baseLayerCount is { } count ? (layer < count ? "true" : "false") : "unknown";
            components.Add(component with
            {
                Properties =
                [
                    .. component.Properties,
                    new Property(ImagePropertyNames.Layer, image.Config.DiffIds[layer].ToString()),
                    new Property(ImagePropertyNames.LayerIndex, layer.ToString(CultureInfo.InvariantCulture)),
                    new Property(ImagePropertyNames.BaseLayer, isBase),
                ],
            });
        }

        var dependencies = new List<Dependency>(components.Count + 1) { new(subject.BomRef!, [.. set.TopLevel]) };
        dependencies.AddRange(components.Select(c => new Dependency(
            c.BomRef!,
            set.Edges.TryGetValue(c.BomRef!, out SortedSet<string>? edges) ? [.. edges.Where(set.Components.ContainsKey)] : [])));
        return new Bom
        {
            Metadata = new BomMetadata { Component = subject },
            Components = components,
            Dependencies = dependencies,
        };
    }

    /// <summary>
    /// <c>pkg:oci/&lt;last repository segment&gt;@&lt;digest&gt;?arch=&amp;repository_url=&lt;registry/repository&gt;&amp;tag=</c>
    /// (docs/architecture.md spec 2, oci row); without a registry reference the name comes from the path the user gave.
    /// </summary>
    internal static Component Subject(ResolvedImage image, ImageReference? reference)
    {
        string digest = image.ManifestDigest.ToString();
        var qualifiers = new List<KeyValuePair<string, string>>();
        if (image.Config.Architecture is { Length: > 0 } arch)
        {
            qualifiers.Add(new("arch", arch));
        }

        string name;
        string purlName;
        if (reference is not null)
        {
            name = $"{reference.Registry}/{reference.Repository}";
            purlName = reference.Repository[(reference.Repository.LastIndexOf('/') + 1)..];
            qualifiers.Add(new("repository_url", name));
            if (reference.Tag is { } tag)
            {
                qualifiers.Add(new("tag", tag));
            }
        }
        else
        {
            name = image.Name;
            string last = Path.GetFileName(image.Name.TrimEnd('/', Path.DirectorySeparatorChar));
            purlName = last.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) ? last[..^4] : last;
            purlName = purlName.Length == 0 ? "image" : purlName;
        }

        string purl = new PackageUrl("oci", null, purlName, digest, qualifiers).ToString();
        string sha256 = image.ManifestDigest.Algorithm == "sha256" ? image.ManifestDigest.Encoded : Digest.Sha256(image.ManifestBytes).Encoded;
        return new Component
        {
            Type = ComponentTypes.Container,
            Name = name,
            Version = digest,
            Purl = purl,
            BomRef = purl,
            Hashes = [new Hash(Hash.Sha256, sha256)],
        };
    }
}
