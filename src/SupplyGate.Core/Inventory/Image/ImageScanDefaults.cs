using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// The defaults the build task and the CLI share for image scans (docs/image-scanning.md, "Defaults"): where the
/// layer cache lives and how per-platform files of an image index are named.
/// </summary>
public static class ImageScanDefaults
{
    /// <summary>
    /// <c>$SUPPLYGATE_CACHE/layers</c>, else <c>layers</c> in the user directory the advisory store also lives in
    /// (<c>$SUPPLYGATE_HOME</c>, else <c>~/.supplygate</c>), else none. One cache per user, shared by builds and CLI
    /// runs: entries are keyed by verified blob digest and diff id, so sharing is safe and a rebuild on a base any
    /// earlier scan read costs only the app layer.
    /// </summary>
    public static string? LayerCacheDirectory(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (NonEmpty(environment.GetVariable("SUPPLYGATE_CACHE")) is { } cache)
        {
            return Path.Combine(cache, "layers");
        }

        if (NonEmpty(environment.GetVariable("SUPPLYGATE_HOME")) is { } supplyGateHome)
        {
            return Path.Combine(supplyGateHome, "layers");
        }

        string? home = NonEmpty(environment.GetVariable("HOME")) ?? NonEmpty(environment.GetVariable("USERPROFILE"));
        return home is null ? null : Path.Combine(home, ".supplygate", "layers");
    }

    /// <summary><c>linux-arm64</c>, <c>linux-arm-v7</c>: a platform as a file-name part.</summary>
    public static string Slug(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        string slug = platform.Variant is { Length: > 0 } variant ? $"{platform.Os}-{platform.Architecture}-{variant}" : $"{platform.Os}-{platform.Architecture}";
        return string.Concat(slug.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? char.ToLowerInvariant(c) : '_'));
    }

    /// <summary>
    /// The file for one platform of an index, beside <paramref name="path"/>: <c>App.image.cdx.json</c> becomes
    /// <c>App.image.linux-arm64.cdx.json</c>; <c>report.json</c> becomes <c>report.linux-arm64.json</c>.
    /// </summary>
    public static string PerPlatformPath(string path, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(path);
        string slug = Slug(platform);
        foreach (string suffix in (string[])[".cdx.json", ".secrets.json", ".sarif.json"])
        {
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return $"{path[..^suffix.Length]}.{slug}{path[^suffix.Length..]}";
            }
        }

        string extension = Path.GetExtension(path);
        return extension.Length > 0 && !Path.EndsInDirectorySeparator(path)
            ? $"{path[..^extension.Length]}.{slug}{extension}"
            : $"{path}.{slug}";
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
