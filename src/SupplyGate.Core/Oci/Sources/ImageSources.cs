using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Core.Oci.Sources;

/// <summary>What <see cref="ImageSources.Open"/> needs to reach registries.</summary>
public sealed record ImageSourceOptions
{
    /// <summary>For credentials (docker config, SUPPLYGATE_REGISTRY_*) and <c>DOTNET_CONTAINER_INSECURE_REGISTRIES</c>.</summary>
    public required IEnvironment Environment { get; init; }

    /// <summary>The HttpClient for registries; null: one is made and disposed with the source.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Retries, timeouts, clock; its Credentials, when null, become <see cref="DockerConfigCredentials"/>.</summary>
    public RegistryClientOptions Registry { get; init; } = new();
}

/// <summary>Opens an image by what the user typed: an OCI layout directory, an archive file, or a registry reference.</summary>
public static class ImageSources
{
    /// <summary>
    /// An existing directory is an OCI layout; an existing file is a tar sniffed for <c>oci-layout</c> (oci-archive)
    /// or <c>manifest.json</c> (docker-save); <c>&lt;path&gt;:&lt;tag&gt;</c> selects a tag in either; skopeo's
    /// transport prefixes (<c>oci:</c>, <c>oci-archive:</c>, <c>docker-archive:</c>, <c>docker://</c>) are understood;
    /// anything else is a registry reference.
    /// </summary>
    public static IImageSource Open(string nameOrPath, ImageSourceOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        if (TryStrip(nameOrPath, "docker://", out string? reference))
        {
            return OpenRegistry(reference, options);
        }

        if (TryStrip(nameOrPath, "oci:", out string? layout))
        {
            (string path, string? tag) = SplitTag(layout, Directory.Exists);
            return new OciLayoutImageSource(path, tag);
        }

        if (TryStrip(nameOrPath, "oci-archive:", out string? ociArchive) || TryStrip(nameOrPath, "docker-archive:", out ociArchive))
        {
            (string path, string? tag) = SplitTag(ociArchive, File.Exists);
            return OpenArchive(path, tag, cancellationToken);
        }

        if (Directory.Exists(nameOrPath))
        {
            return new OciLayoutImageSource(nameOrPath);
        }

        if (File.Exists(nameOrPath))
        {
            return OpenArchive(nameOrPath, null, cancellationToken);
        }

        (string prefix, string? suffix) = SplitTag(nameOrPath, p => Directory.Exists(p) || File.Exists(p));
        if (suffix is not null)
        {
            return Directory.Exists(prefix) ? new OciLayoutImageSource(prefix, suffix) : OpenArchive(prefix, suffix, cancellationToken);
        }

        return OpenRegistry(nameOrPath, options);
    }

    private static IImageSource OpenArchive(string path, string? tag, CancellationToken cancellationToken)
    {
        TarArchiveFiles files = TarArchiveFiles.Open(path, cancellationToken);

        // docker save ≥ 25 writes both; the OCI layout is the exact content, so it wins.
        if (files.Exists("oci-layout"))
        {
            return new OciArchiveImageSource(files, path, tag);
        }

        if (files.Exists("manifest.json"))
        {
            return new DockerArchiveImageSource(files, path, tag);
        }

        files.Dispose();
        throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{path}: neither an oci-archive (no oci-layout) nor a docker-save archive (no manifest.json)", path);
    }

    private static RegistryImageSource OpenRegistry(string reference, ImageSourceOptions options)
    {
        ImageReference parsed = ImageReference.Parse(reference);
        RegistryClientOptions registry = options.Registry with
        {
            Credentials = options.Registry.Credentials ?? new DockerConfigCredentials(options.Environment),
            InsecureRegistries = [.. options.Registry.InsecureRegistries, .. RegistryEndpoints.ParseInsecureList(options.Environment.GetVariable("DOTNET_CONTAINER_INSECURE_REGISTRIES"))],
        };
        HttpClient? owned = options.HttpClient is null ? new HttpClient { Timeout = Timeout.InfiniteTimeSpan } : null;
        var client = new RegistryClient(parsed.Registry, options.HttpClient ?? owned!, registry);
        return new RegistryImageSource(parsed, client, owned);
    }

    /// <summary><c>path:tag</c> when the part before the last ':' exists; else the whole string and no tag.</summary>
    private static (string Path, string? Tag) SplitTag(string value, Func<string, bool> exists)
    {
        int colon = value.LastIndexOf(':');
        if (colon > 0 && colon < value.Length - 1 && !exists(value) && exists(value[..colon]))
        {
            return (value[..colon], value[(colon + 1)..]);
        }

        return (value, null);
    }

    private static bool TryStrip(string value, string prefix, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? rest)
    {
        rest = value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : null;
        return rest is not null;
    }
}
