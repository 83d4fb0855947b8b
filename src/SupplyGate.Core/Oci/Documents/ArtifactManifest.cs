using System.Text.Json;

namespace SupplyGate.Core.Oci.Documents;

/// <summary>
/// Writes an OCI 1.1 artifact manifest: the empty config, one layer, an optional subject and annotations
/// (image-spec v1.1.0 manifest.md, "Guidelines for Artifact Usage"). The advisory-db artifact and the attestation
/// referrer are both this shape. The bytes are pushed as written, so their digest is the artifact's digest; the
/// order of the members and of the annotations given is kept.
/// </summary>
public static class ArtifactManifest
{
    /// <summary>The OCI empty descriptor's content, <c>{}</c> (image-spec v1.1.0 manifest.md#guidance-for-an-empty-descriptor).</summary>
    public static ReadOnlyMemory<byte> EmptyConfig { get; } = "{}"u8.ToArray();

    /// <param name="artifactType">What the artifact is.</param>
    /// <param name="layer">The one layer: media type, digest and size (its other fields are not written).</param>
    /// <param name="layerAnnotations">The layer's annotations, in order; none writes no <c>annotations</c> member.</param>
    /// <param name="subject">The manifest the artifact refers to, for the referrers API; null for none.</param>
    /// <param name="annotations">The manifest's annotations, in order.</param>
    public static byte[] Write(
        string artifactType,
        Descriptor layer,
        IReadOnlyList<KeyValuePair<string, string>> layerAnnotations,
        Descriptor? subject,
        IReadOnlyList<KeyValuePair<string, string>> annotations)
    {
        ArgumentNullException.ThrowIfNull(artifactType);
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(layerAnnotations);
        ArgumentNullException.ThrowIfNull(annotations);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", MediaTypes.OciManifest);
            json.WriteString("artifactType", artifactType);
            json.WriteStartObject("config");
            json.WriteString("mediaType", MediaTypes.OciEmpty);
            json.WriteString("digest", Digest.Sha256(EmptyConfig.Span).ToString());
            json.WriteNumber("size", EmptyConfig.Length);
            json.WriteString("data", Convert.ToBase64String(EmptyConfig.Span));
            json.WriteEndObject();
            json.WriteStartArray("layers");
            WriteDescriptor(json, layer, layerAnnotations);
            json.WriteEndArray();
            if (subject is not null)
            {
                json.WritePropertyName("subject");
                WriteDescriptor(json, subject, []);
            }

            WriteAnnotations(json, annotations);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteDescriptor(Utf8JsonWriter json, Descriptor descriptor, IReadOnlyList<KeyValuePair<string, string>> annotations)
    {
        json.WriteStartObject();
        json.WriteString("mediaType", descriptor.MediaType);
        json.WriteString("digest", descriptor.Digest.ToString());
        json.WriteNumber("size", descriptor.Size);
        if (annotations.Count > 0)
        {
            WriteAnnotations(json, annotations);
        }

        json.WriteEndObject();
    }

    private static void WriteAnnotations(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, string>> annotations)
    {
        json.WriteStartObject("annotations");
        foreach ((string name, string value) in annotations)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
    }
}
