using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Oci;

/// <summary>
/// A registry image reference: <c>[registry/]repository[:tag][@digest]</c>, with Docker's defaults
/// (distribution/reference: the first segment is a registry when it has a '.' or ':' or is
/// <c>localhost</c>; otherwise docker.io, and single-segment names get <c>library/</c>).
/// </summary>
public sealed record ImageReference
{
    public const string DockerHub = "docker.io";

    public required string Registry { get; init; }

    public required string Repository { get; init; }

    public string? Tag { get; init; }

    public Digest? Digest { get; init; }

    /// <summary>The host the API lives at (docker.io's API is registry-1.docker.io).</summary>
    public string ApiHost => Registry == DockerHub ? "registry-1.docker.io" : Registry;

    public static ImageReference Parse(string value) =>
        TryParse(value, out ImageReference? reference, out string? error)
            ? reference!
            : throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"'{value}' is not an image reference: {error}");

    public static bool TryParse(string value, out ImageReference? reference, out string? error)
    {
        reference = null;
        error = null;
        if (string.IsNullOrWhiteSpace(value) || value.Any(char.IsWhiteSpace))
        {
            error = "empty or contains spaces";
            return false;
        }

        string rest = value;
        Digest? digest = null;
        int at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!Oci.Digest.TryParse(rest[(at + 1)..], out Digest parsed))
            {
                error = $"'{rest[(at + 1)..]}' is not a valid digest";
                return false;
            }

            digest = parsed;
            rest = rest[..at];
        }

        string? tag = null;
        int lastSlash = rest.LastIndexOf('/');
        int colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (tag.Length is 0 or > 128 || !tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') || tag[0] is '.' or '-')
            {
                error = $"'{tag}' is not a valid tag";
                return false;
            }
        }

        string registry = DockerHub;
        int firstSlash = rest.IndexOf('/', StringComparison.Ordinal);
        if (firstSlash > 0)
        {
            string first = rest[..firstSlash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                registry = first;
                rest = rest[(firstSlash + 1)..];
            }
        }

        if (registry == DockerHub && !rest.Contains('/', StringComparison.Ordinal))
        {
            rest = "library/" + rest;
        }

        if (rest.Length == 0 || rest.Split('/').Any(segment => segment.Length == 0 || !segment.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-')))
        {
            error = $"'{rest}' is not a valid repository (lowercase letters, digits, '.', '_', '-' and '/')";
            return false;
        }

        reference = new ImageReference { Registry = registry, Repository = rest, Tag = tag ?? (digest is null ? "latest" : null), Digest = digest };
        return true;
    }

    public override string ToString() =>
        $"{Registry}/{Repository}" + (Tag is null ? string.Empty : ":" + Tag) + (Digest is { } d ? "@" + d : string.Empty);
}
