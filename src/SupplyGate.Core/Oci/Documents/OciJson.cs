using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupplyGate.Core.Oci.Documents;

// Wire DTOs for manifests, indexes and configs (image-spec v1.1.0 manifest.md, image-index.md, config.md;
// Docker schema 2 uses the same member names). Mapped to the public records by OciDocuments
// (docs/architecture.md practice 9); unknown members are ignored because both specs allow extensions.

/// <summary>A manifest or an index: one DTO, because the media type may be missing and is then inferred from the members.</summary>
internal sealed record ManifestJson
{
    [JsonPropertyName("schemaVersion")]
    public int? SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("config")]
    public DescriptorJson? Config { get; init; }

    [JsonPropertyName("layers")]
    public IReadOnlyList<DescriptorJson>? Layers { get; init; }

    [JsonPropertyName("manifests")]
    public IReadOnlyList<DescriptorJson>? Manifests { get; init; }

    [JsonPropertyName("subject")]
    public DescriptorJson? Subject { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

internal sealed record DescriptorJson
{
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("digest")]
    public string? Digest { get; init; }

    [JsonPropertyName("size")]
    public long? Size { get; init; }

    [JsonPropertyName("urls")]
    public IReadOnlyList<string>? Urls { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("data")]
    public string? Data { get; init; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("platform")]
    public PlatformJson? Platform { get; init; }
}

internal sealed record PlatformJson
{
    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    [JsonPropertyName("os")]
    public string? Os { get; init; }

    [JsonPropertyName("os.version")]
    public string? OsVersion { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }
}

/// <summary>The image config (image-spec v1.1.0 config.md); Docker's container config uses the same names.</summary>
internal sealed record ConfigJson
{
    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    [JsonPropertyName("os")]
    public string? Os { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    [JsonPropertyName("created")]
    public string? Created { get; init; }

    [JsonPropertyName("config")]
    public ContainerConfigJson? Config { get; init; }

    [JsonPropertyName("rootfs")]
    public RootFsJson? RootFs { get; init; }

    [JsonPropertyName("history")]
    public IReadOnlyList<HistoryJson>? History { get; init; }
}

internal sealed record ContainerConfigJson
{
    [JsonPropertyName("User")]
    public string? User { get; init; }

    [JsonPropertyName("Env")]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("ExposedPorts")]
    public IReadOnlyDictionary<string, JsonElement>? ExposedPorts { get; init; }

    [JsonPropertyName("Labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; init; }

    [JsonPropertyName("Entrypoint")]
    public IReadOnlyList<string>? Entrypoint { get; init; }

    [JsonPropertyName("Cmd")]
    public IReadOnlyList<string>? Cmd { get; init; }
}

internal sealed record RootFsJson
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("diff_ids")]
    public IReadOnlyList<string>? DiffIds { get; init; }
}

internal sealed record HistoryJson
{
    [JsonPropertyName("created")]
    public string? Created { get; init; }

    [JsonPropertyName("created_by")]
    public string? CreatedBy { get; init; }

    [JsonPropertyName("empty_layer")]
    public bool? EmptyLayer { get; init; }
}

/// <summary>The OCI layout's <c>oci-layout</c> file (image-spec v1.1.0 image-layout.md).</summary>
internal sealed record OciLayoutJson
{
    [JsonPropertyName("imageLayoutVersion")]
    public string? ImageLayoutVersion { get; init; }
}

/// <summary>One entry of a docker-save <c>manifest.json</c> (moby image/tarexport).</summary>
internal sealed record DockerArchiveEntryJson
{
    [JsonPropertyName("Config")]
    public string? Config { get; init; }

    [JsonPropertyName("RepoTags")]
    public IReadOnlyList<string>? RepoTags { get; init; }

    [JsonPropertyName("Layers")]
    public IReadOnlyList<string>? Layers { get; init; }
}

/// <summary>A bearer token reply (distribution docs/spec/auth/token.md): <c>token</c> or <c>access_token</c>.</summary>
internal sealed record TokenJson
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }
}

/// <summary>The distribution error body <c>{"errors":[{code,message}]}</c> (distribution-spec v1.1.0 spec.md#error-codes).</summary>
internal sealed record RegistryErrorsJson
{
    [JsonPropertyName("errors")]
    public IReadOnlyList<RegistryErrorJson>? Errors { get; init; }
}

internal sealed record RegistryErrorJson
{
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}

internal sealed record TagListJson
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary>docker config.json: only the members used for credentials (docs/architecture.md spec 7 "docker config.json").</summary>
internal sealed record DockerConfigJson
{
    [JsonPropertyName("auths")]
    public IReadOnlyDictionary<string, DockerAuthJson>? Auths { get; init; }

    [JsonPropertyName("credsStore")]
    public string? CredsStore { get; init; }

    [JsonPropertyName("credHelpers")]
    public IReadOnlyDictionary<string, string>? CredHelpers { get; init; }
}

internal sealed record DockerAuthJson
{
    [JsonPropertyName("auth")]
    public string? Auth { get; init; }

    [JsonPropertyName("username")]
    public string? Username { get; init; }

    [JsonPropertyName("password")]
    public string? Password { get; init; }

    [JsonPropertyName("identitytoken")]
    public string? IdentityToken { get; init; }
}

/// <summary>The reply of <c>docker-credential-&lt;name&gt; get</c> (docker-credential-helpers protocol).</summary>
internal sealed record CredentialHelperReplyJson
{
    [JsonPropertyName("ServerURL")]
    public string? ServerUrl { get; init; }

    [JsonPropertyName("Username")]
    public string? Username { get; init; }

    [JsonPropertyName("Secret")]
    public string? Secret { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ManifestJson))]
[JsonSerializable(typeof(ConfigJson))]
[JsonSerializable(typeof(OciLayoutJson))]
[JsonSerializable(typeof(IReadOnlyList<DockerArchiveEntryJson>))]
[JsonSerializable(typeof(TokenJson))]
[JsonSerializable(typeof(RegistryErrorsJson))]
[JsonSerializable(typeof(TagListJson))]
[JsonSerializable(typeof(DockerConfigJson))]
[JsonSerializable(typeof(CredentialHelperReplyJson))]
internal sealed partial class OciJsonContext : JsonSerializerContext;
