using System.Text.Json;
using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Attestations;

/// <summary>
/// The OCI 1.1 artifact manifest that attaches a Sigstore bundle to an image (docs/architecture.md spec 6): the empty config,
/// one layer (the bundle), <c>artifactType</c> = the bundle media type, <c>subject</c> = the image manifest,
/// and the annotations cosign v3 and GitHub write.
/// </summary>
public static class AttestationManifest
{
    /// <summary>The OCI empty descriptor's content, <c>{}</c>.</summary>
    public static ReadOnlyMemory<byte> EmptyConfig { get; } = "{}"u8.ToArray();

    /// <summary><c>dev.sigstore.bundle.content</c>: what the bundle carries.</summary>
    public const string ContentAnnotation = "dev.sigstore.bundle.content";

    /// <summary><c>dev.sigstore.bundle.predicateType</c>: the statement's predicate type.</summary>
    public const string PredicateTypeAnnotation = "dev.sigstore.bundle.predicateType";

    /// <summary>The value of <see cref="ContentAnnotation"/> for DSSE bundles.</summary>
    public const string DsseEnvelopeContent = "dsse-envelope";

    /// <summary>The standard creation-time annotation.</summary>
    public const string CreatedAnnotation = "org.opencontainers.image.created";

    /// <summary>Writes the manifest bytes (pushed as is, so their digest is the artifact's digest).</summary>
    public static byte[] Write(Descriptor subject, Digest bundleDigest, long bundleSize, string predicateType, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(predicateType);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", MediaTypes.OciManifest);
            json.WriteString("artifactType", BundleMediaTypes.V03);
            json.WriteStartObject("config");
            json.WriteString("mediaType", MediaTypes.OciEmpty);
            json.WriteString("digest", Digest.Sha256(EmptyConfig.Span).ToString());
            json.WriteNumber("size", EmptyConfig.Length);
            json.WriteString("data", Convert.ToBase64String(EmptyConfig.Span));
            json.WriteEndObject();
            json.WriteStartArray("layers");
            json.WriteStartObject();
            json.WriteString("mediaType", BundleMediaTypes.V03);
            json.WriteString("digest", bundleDigest.ToString());
            json.WriteNumber("size", bundleSize);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("subject");
            json.WriteString("mediaType", subject.MediaType);
            json.WriteString("digest", subject.Digest.ToString());
            json.WriteNumber("size", subject.Size);
            json.WriteEndObject();
            json.WriteStartObject("annotations");
            json.WriteString(ContentAnnotation, DsseEnvelopeContent);
            json.WriteString(PredicateTypeAnnotation, predicateType);
            json.WriteString(CreatedAnnotation, created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return stream.ToArray();
    }
}
