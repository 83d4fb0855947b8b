namespace SupplyGate.Core.Oci.Documents;

/// <summary>
/// An image index or Docker manifest list (image-spec v1.1.0 image-index.md): also the shape of the
/// referrers response and of the referrers fallback tag (distribution-spec v1.1.0 spec.md#referrers-tag-schema).
/// </summary>
public sealed record ImageIndex
{
    public required string MediaType { get; init; }

    public IReadOnlyList<Descriptor> Manifests { get; init; } = [];

    public string? ArtifactType { get; init; }

    public Descriptor? Subject { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
