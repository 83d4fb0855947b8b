using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Policy;

/// <summary>
/// What the image rules judge, gathered by the host from the image config and the base image's config.
/// The base is known from the labels the .NET SDK writes (docs/architecture.md §6): <c>org.opencontainers.image.base.name</c>
/// and <c>org.opencontainers.image.base.digest</c>.
/// </summary>
internal sealed record PolicyImageFacts
{
    public const string BaseNameLabel = "org.opencontainers.image.base.name";
    public const string BaseDigestLabel = "org.opencontainers.image.base.digest";

    /// <summary>The base reference as the label gives it, e.g. <c>mcr.microsoft.com/dotnet/runtime:10.0</c>.</summary>
    public string? BaseName { get; init; }

    /// <summary>The base's manifest digest from the label, e.g. <c>sha256:…</c>.</summary>
    public string? BaseDigest { get; init; }

    /// <summary>The base image config's <c>created</c>; null = unknown (the age rule then only warns that it cannot judge).</summary>
    public DateTimeOffset? BaseCreated { get; init; }

    /// <summary>The image config's <c>User</c>; null or empty = root.</summary>
    public string? User { get; init; }

    /// <summary>The base's registry host (<c>docker.io</c> for Docker Hub names); null when the base is unknown.</summary>
    public string? Registry { get; init; }

    /// <summary>The base's repository path (<c>dotnet/runtime</c>, <c>library/debian</c>).</summary>
    public string? Repository { get; init; }

    /// <summary>True when <see cref="BaseName"/> itself names a digest (<c>…@sha256:…</c>): the build is pinned.</summary>
    public bool BaseReferencedByDigest { get; init; }

    /// <summary>Facts from the image's labels and <c>User</c>; registry and repository are parsed from the base name.</summary>
    public static PolicyImageFacts FromLabels(IReadOnlyDictionary<string, string> labels, string? user, DateTimeOffset? baseCreated)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Create(labels.GetValueOrDefault(BaseNameLabel), labels.GetValueOrDefault(BaseDigestLabel), user, baseCreated);
    }

    public static PolicyImageFacts Create(string? baseName, string? baseDigest, string? user, DateTimeOffset? baseCreated)
    {
        string? name = string.IsNullOrWhiteSpace(baseName) ? null : baseName.Trim();
        ImageReference? reference = null;
        if (name is not null && ImageReference.TryParse(name, out ImageReference? parsed, out _))
        {
            reference = parsed;
        }

        return new PolicyImageFacts
        {
            BaseName = name,
            BaseDigest = string.IsNullOrWhiteSpace(baseDigest) ? null : baseDigest.Trim(),
            BaseCreated = baseCreated,
            User = user,
            Registry = reference?.Registry,
            Repository = reference?.Repository,
            BaseReferencedByDigest = reference?.Digest is not null,
        };
    }
}
