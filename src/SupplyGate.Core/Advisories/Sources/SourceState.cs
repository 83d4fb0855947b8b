using System.Text.Json;
using System.Text.Json.Serialization;
using SupplyGate.Core.Advisories.Store;

namespace SupplyGate.Core.Advisories.Sources;

/// <summary>
/// What an update remembers about one source, kept in the store's own metadata (so it changes with the data,
/// in the same rename): the URL, the validators the server gave (RFC 9110 §8.8: ETag, Last-Modified) and the
/// sha256 of the content imported, for servers that send neither.
/// </summary>
public sealed record SourceState
{
    [JsonPropertyName("url")]
    public required string Url { get; init; }

    [JsonPropertyName("etag")]
    public string? ETag { get; init; }

    [JsonPropertyName("lastModified")]
    public string? LastModified { get; init; }

    /// <summary>sha256 of the content (for the .NET metadata and feeds: of the index that lists the rest).</summary>
    [JsonPropertyName("digest")]
    public string? Digest { get; init; }

    public static string Key(string source) => StoreSchema.SourceStatePrefix + source;

    /// <summary>The states recorded in a store, by source name.</summary>
    public static IReadOnlyDictionary<string, SourceState> ReadFrom(AdvisoryStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var states = new Dictionary<string, SourceState>(StringComparer.Ordinal);
        foreach ((string key, string value) in store.ReadMeta(StoreSchema.SourceStatePrefix))
        {
            try
            {
                if (JsonSerializer.Deserialize(value, SourceStateJsonContext.Default.SourceState) is { } state)
                {
                    states[key[StoreSchema.SourceStatePrefix.Length..]] = state;
                }
            }
            catch (JsonException)
            {
                // An unreadable state only costs one full download of that source.
            }
        }

        return states;
    }

    public string ToJson() => JsonSerializer.Serialize(this, SourceStateJsonContext.Default.SourceState);
}

/// <summary>
/// When the store's sources were last asked whether they changed (<c>&lt;store&gt;.checked.json</c>): an
/// unchanged answer rewrites nothing in the store, but still makes it fresh for the build's TTL. When every
/// public source answered (updated or unchanged), the data was current at that moment even though the store
/// was built earlier: <see cref="ConfirmedAt"/> records that, bound to the store build it confirmed
/// (<see cref="ConfirmedBuiltAt"/>), so a store replaced later by an import or a mirror pull is not vouched for.
/// </summary>
public sealed record StoreCheck
{
    [JsonPropertyName("checkedAt")]
    public DateTimeOffset CheckedAt { get; init; }

    [JsonPropertyName("confirmedAt")]
    public DateTimeOffset? ConfirmedAt { get; init; }

    [JsonPropertyName("confirmedBuiltAt")]
    public DateTimeOffset? ConfirmedBuiltAt { get; init; }

    /// <summary>When a host's automatic refresh last found every source down (cleared by the next check that answers).</summary>
    [JsonPropertyName("failedAt")]
    public DateTimeOffset? FailedAt { get; init; }

    /// <summary>When the origin last confirmed the store built at <paramref name="builtAt"/> current; null when it never did.</summary>
    public static DateTimeOffset? ConfirmedCurrentAt(string storePath, DateTimeOffset builtAt) =>
        File.Exists(PathFor(storePath)) && Read(storePath) is { ConfirmedAt: { } at, ConfirmedBuiltAt: { } of } && of == builtAt && at > builtAt
            ? at
            : null;

    public static string PathFor(string storePath) => Path.GetFullPath(storePath) + ".checked.json";

    public static StoreCheck? Read(string storePath)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(PathFor(storePath)), SourceStateJsonContext.Default.StoreCheck);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public void Write(string storePath) =>
        IO.AtomicFile.WriteAllBytes(PathFor(storePath), JsonSerializer.SerializeToUtf8Bytes(this, SourceStateJsonContext.Default.StoreCheck));
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SourceState))]
[JsonSerializable(typeof(StoreCheck))]
internal sealed partial class SourceStateJsonContext : JsonSerializerContext;
