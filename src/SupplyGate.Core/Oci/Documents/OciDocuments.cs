using System.Globalization;
using System.Text.Json;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Oci.Documents;

/// <summary>
/// Parses manifests, indexes and configs (OCI image-spec v1.1.0 and Docker schema 2) into the public
/// records, and writes indexes. Pure: bytes in, records out; <c>source</c> only names the input in errors.
/// </summary>
public static class OciDocuments
{
    /// <summary>Upper bound for manifests, indexes and configs read into memory (distribution-spec v1.1.0 asks registries to accept 4 MiB manifests).</summary>
    public const int MaxDocumentBytes = 8 * 1024 * 1024;

    /// <summary>The media type of a manifest or index: its <c>mediaType</c> member, else the one given by the transport, else inferred from its members.</summary>
    public static string DetectMediaType(ReadOnlySpan<byte> bytes, string? transportMediaType, string source)
    {
        ManifestJson json = Deserialize(bytes, OciJsonContext.Default.ManifestJson, source);
        return MediaTypeOf(json, transportMediaType);
    }

    public static ImageManifest ParseManifest(ReadOnlySpan<byte> bytes, string source)
    {
        ManifestJson json = Deserialize(bytes, OciJsonContext.Default.ManifestJson, source);
        string mediaType = MediaTypeOf(json, null);
        if (MediaTypes.IsIndex(mediaType) || json.Config is null)
        {
            throw Invalid(source, $"is a {mediaType}, not an image manifest (no config)");
        }

        return new ImageManifest
        {
            MediaType = mediaType,
            Config = ToDescriptor(json.Config, source),
            Layers = (json.Layers ?? []).Select(layer => ToDescriptor(layer, source)).ToList(),
            Subject = json.Subject is null ? null : ToDescriptor(json.Subject, source),
            ArtifactType = json.ArtifactType,
            Annotations = Copy(json.Annotations),
        };
    }

    public static ImageIndex ParseIndex(ReadOnlySpan<byte> bytes, string source)
    {
        ManifestJson json = Deserialize(bytes, OciJsonContext.Default.ManifestJson, source);
        if (json.Manifests is null)
        {
            throw Invalid(source, "is not an image index (no manifests)");
        }

        return new ImageIndex
        {
            MediaType = json.MediaType ?? MediaTypes.OciIndex,
            Manifests = json.Manifests.Select(entry => ToDescriptor(entry, source)).ToList(),
            ArtifactType = json.ArtifactType,
            Subject = json.Subject is null ? null : ToDescriptor(json.Subject, source),
            Annotations = Copy(json.Annotations),
        };
    }

    /// <summary>Parses an image config; env values are dropped here so that secrets never reach the model.</summary>
    public static ImageConfig ParseConfig(ReadOnlySpan<byte> bytes, string source)
    {
        ConfigJson json = Deserialize(bytes, OciJsonContext.Default.ConfigJson, source);
        var diffIds = new List<Digest>();
        foreach (string diffId in json.RootFs?.DiffIds ?? [])
        {
            diffIds.Add(Digest.TryParse(diffId, out Digest parsed) ? parsed : throw Invalid(source, $"has an invalid diff_id '{diffId}'"));
        }

        ContainerConfigJson? config = json.Config;
        return new ImageConfig
        {
            Architecture = json.Architecture,
            Os = json.Os,
            Created = ParseTime(json.Created),
            User = string.IsNullOrEmpty(config?.User) ? null : config.User,
            EnvNames = (config?.Env ?? []).Select(entry => entry.Split('=', 2)[0]).Where(name => name.Length > 0).ToList(),
            ExposedPorts = (config?.ExposedPorts?.Keys ?? []).Order(StringComparer.Ordinal).ToList(),
            Labels = Copy(config?.Labels),
            WorkingDir = string.IsNullOrEmpty(config?.WorkingDir) ? null : config.WorkingDir,
            Entrypoint = config?.Entrypoint ?? [],
            Cmd = config?.Cmd ?? [],
            DiffIds = diffIds,
            History = (json.History ?? []).Select(h => new ImageHistoryEntry(h.CreatedBy, h.EmptyLayer ?? false, ParseTime(h.Created))).ToList(),
        };
    }

    /// <summary>Writes an index as compact JSON (member order as in image-spec v1.1.0 image-index.md).</summary>
    public static byte[] SerializeIndex(ImageIndex index)
    {
        var json = new ManifestJson
        {
            SchemaVersion = 2,
            MediaType = index.MediaType,
            ArtifactType = index.ArtifactType,
            Manifests = index.Manifests.Select(ToJson).ToList(),
            Subject = index.Subject is null ? null : ToJson(index.Subject),
            Annotations = index.Annotations.Count == 0 ? null : index.Annotations,
        };
        return JsonSerializer.SerializeToUtf8Bytes(json, OciJsonContext.Default.ManifestJson);
    }

    internal static T Deserialize<T>(ReadOnlySpan<byte> bytes, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw Invalid(source, "is JSON null");
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{source}: not valid JSON: {ex.Message}", null, ex);
        }
    }

    internal static Descriptor ToDescriptor(DescriptorJson json, string source)
    {
        if (!Digest.TryParse(json.Digest, out Digest digest))
        {
            throw Invalid(source, $"has a descriptor with an invalid digest '{json.Digest}'");
        }

        if (json.MediaType is null || json.Size is not >= 0)
        {
            throw Invalid(source, $"has a descriptor for {digest} without mediaType or a valid size");
        }

        return new Descriptor
        {
            MediaType = json.MediaType,
            Digest = digest,
            Size = json.Size.Value,
            ArtifactType = json.ArtifactType,
            Annotations = Copy(json.Annotations),
            Platform = json.Platform is { Os: { } os, Architecture: { } arch } p ? new Platform(os, arch, p.Variant, p.OsVersion) : null,
            Data = json.Data,
        };
    }

    internal static DescriptorJson ToJson(Descriptor descriptor) => new()
    {
        MediaType = descriptor.MediaType,
        Digest = descriptor.Digest.ToString(),
        Size = descriptor.Size,
        ArtifactType = descriptor.ArtifactType,
        Annotations = descriptor.Annotations.Count == 0 ? null : descriptor.Annotations,
        Data = descriptor.Data,
        Platform = descriptor.Platform is null ? null : new PlatformJson
        {
            Os = descriptor.Platform.Os,
            Architecture = descriptor.Platform.Architecture,
            Variant = descriptor.Platform.Variant,
            OsVersion = descriptor.Platform.OsVersion,
        },
    };

    private static string MediaTypeOf(ManifestJson json, string? transportMediaType)
    {
        if (!string.IsNullOrEmpty(json.MediaType))
        {
            return json.MediaType;
        }

        // OCI makes mediaType optional (image-spec v1.1.0 manifest.md "mediaType ... SHOULD"); the transport's
        // Content-Type or the layout descriptor then decides, else the members do.
        if (!string.IsNullOrEmpty(transportMediaType) && transportMediaType != "application/octet-stream")
        {
            return transportMediaType.Split(';')[0].Trim();
        }

        return json.Manifests is not null ? MediaTypes.OciIndex : MediaTypes.OciManifest;
    }

    private static DateTimeOffset? ParseTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed) ? parsed : null;

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string>? values) =>
        values is null ? new(StringComparer.Ordinal) : new(values, StringComparer.Ordinal);

    private static InvalidInputException Invalid(string source, string message) =>
        new(DiagnosticCode.ImageInvalid, $"{source} {message}");
}
