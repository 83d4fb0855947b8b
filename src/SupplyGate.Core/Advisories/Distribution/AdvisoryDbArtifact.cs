using System.Globalization;
using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Advisories.Distribution;

/// <summary>
/// The OCI 1.1 artifact that carries an advisory store (docs/architecture.md decision 4; docs/architecture.md spec 7 media types): the
/// empty config, one gzip layer holding the SQLite file, <c>artifactType</c> naming the uncompressed format,
/// and annotations that let a puller check the decompressed file too (the registry only vouches for the
/// compressed bytes).
/// </summary>
internal static class AdvisoryDbArtifact
{
    /// <summary>What the artifact is: a SupplyGate advisory store, an SQLite file (schema in the annotations).</summary>
    public const string ArtifactType = "application/vnd.supplygate.advisory-db.v1+sqlite";

    /// <summary>
    /// The layer as pushed: the SQLite file gzip-compressed. A separate <c>+gzip</c> type (as image-spec does for
    /// <c>…tar+gzip</c>) so a client can tell the encoding from the descriptor alone.
    /// </summary>
    public const string LayerMediaType = ArtifactType + "+gzip";

    /// <summary>An uncompressed layer; accepted on pull so a hand-made artifact (e.g. <c>oras push</c>) works too.</summary>
    public const string UncompressedLayerMediaType = ArtifactType;

    public const string CreatedAnnotation = "org.opencontainers.image.created";
    public const string BuiltAtAnnotation = "dev.supplygate.advisory-db.built-at";
    public const string SourcesAnnotation = "dev.supplygate.advisory-db.sources";
    public const string SchemaVersionAnnotation = "dev.supplygate.advisory-db.schema-version";

    /// <summary>The digest of the decompressed SQLite file.</summary>
    public const string DigestAnnotation = "dev.supplygate.advisory-db.digest";

    /// <summary>The size in bytes of the decompressed SQLite file.</summary>
    public const string SizeAnnotation = "dev.supplygate.advisory-db.size";

    /// <summary>The title annotation tools such as oras use as the file name on pull.</summary>
    public const string TitleAnnotation = "org.opencontainers.image.title";

    /// <summary>The OCI empty descriptor's content, <c>{}</c> (image-spec v1.1.0 manifest.md#guidance-for-an-empty-descriptor).</summary>
    public static ReadOnlyMemory<byte> EmptyConfig => ArtifactManifest.EmptyConfig;

    /// <summary>
    /// Writes the manifest bytes. Everything in it comes from the store itself (no clock), so pushing the same
    /// store twice gives the same manifest digest.
    /// </summary>
    public static byte[] WriteManifest(Descriptor layer, Digest storeDigest, long storeSize, StoreInfo info)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(info);
        string builtAt = FormatTime(info.BuiltAt);
        return ArtifactManifest.Write(
            ArtifactType,
            layer,
            [new(TitleAnnotation, "advisories.db.gz")],
            subject: null,
            [
                new(CreatedAnnotation, builtAt),
                new(BuiltAtAnnotation, builtAt),
                new(DigestAnnotation, storeDigest.ToString()),
                new(SchemaVersionAnnotation, info.SchemaVersion.ToString(CultureInfo.InvariantCulture)),
                new(SizeAnnotation, storeSize.ToString(CultureInfo.InvariantCulture)),
                new(SourcesAnnotation, WriteSources(info.Sources)),
            ]);
    }

    /// <summary>
    /// Reads a manifest as an advisory database artifact; SG1021 naming <paramref name="source"/> when it is an
    /// index, an image, or lacks the one store layer or the decompressed digest and size.
    /// </summary>
    public static AdvisoryDbManifest ParseManifest(byte[] bytes, string mediaType, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (MediaTypes.IsIndex(mediaType))
        {
            throw Invalid(source, $"is an image index ({mediaType}), not an advisory database artifact");
        }

        ImageManifest manifest = OciDocuments.ParseManifest(bytes, source);
        string found = manifest.ArtifactType ?? manifest.Config.MediaType;
        if (found != ArtifactType)
        {
            throw Invalid(source, $"has artifactType '{found}', expected '{ArtifactType}' (is it an image?)");
        }

        if (manifest.Layers.Count != 1 || manifest.Layers[0].MediaType is not (LayerMediaType or UncompressedLayerMediaType))
        {
            string layers = string.Join(", ", manifest.Layers.Select(l => l.MediaType));
            throw Invalid(source, $"must have exactly one layer of type {LayerMediaType}; it has [{layers}]");
        }

        IReadOnlyDictionary<string, string> annotations = manifest.Annotations;
        if (!annotations.TryGetValue(DigestAnnotation, out string? digestText) || !Digest.TryParse(digestText, out Digest storeDigest))
        {
            throw Invalid(source, $"has no valid {DigestAnnotation} annotation (the digest of the decompressed store)");
        }

        if (!annotations.TryGetValue(SizeAnnotation, out string? sizeText)
            || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out long storeSize))
        {
            throw Invalid(source, $"has no valid {SizeAnnotation} annotation (the size of the decompressed store)");
        }

        DateTimeOffset? builtAt = annotations.TryGetValue(BuiltAtAnnotation, out string? builtText)
            && DateTimeOffset.TryParse(builtText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed)
            ? parsed : null;
        return new AdvisoryDbManifest(manifest.Layers[0], storeDigest, storeSize, builtAt, annotations);
    }

    /// <summary>Source names with kind and update time as compact JSON, sorted by name so the manifest is stable.</summary>
    internal static string WriteSources(IReadOnlyList<StoreSourceInfo> sources)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartArray();
            foreach (StoreSourceInfo s in sources.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("name", s.Name);
                json.WriteString("kind", s.Kind);
                json.WriteString("updatedAt", FormatTime(s.UpdatedAt));
                json.WriteNumber("records", s.RecordCount);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static InvalidInputException Invalid(string source, string message) =>
        new(DiagnosticCode.AdvisoryDbArtifactInvalid, $"{source} {message}");
}

/// <summary>What a puller needs from an advisory database manifest.</summary>
/// <param name="Layer">The store layer (gzip or uncompressed).</param>
/// <param name="StoreDigest">The digest the decompressed SQLite file must have.</param>
/// <param name="StoreSize">The size the decompressed SQLite file must have.</param>
/// <param name="BuiltAt">When the store was built, if annotated.</param>
/// <param name="Annotations">All manifest annotations.</param>
internal sealed record AdvisoryDbManifest(
    Descriptor Layer, Digest StoreDigest, long StoreSize, DateTimeOffset? BuiltAt, IReadOnlyDictionary<string, string> Annotations)
{
    public bool IsCompressed => Layer.MediaType == AdvisoryDbArtifact.LayerMediaType;
}
