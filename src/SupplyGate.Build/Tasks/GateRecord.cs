using System.Text.Json;
using System.Text.Json.Serialization;
using SupplyGate.Core.IO;

namespace SupplyGate.Build.Tasks;

/// <summary>A file as the gate last saw it: its path, length and last write (UTC ticks); length -1 when it was missing.</summary>
internal sealed record FileStamp
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("length")]
    public long Length { get; init; }

    [JsonPropertyName("lastWrite")]
    public long LastWriteTicks { get; init; }

    public static FileStamp Of(string path)
    {
        var file = new FileInfo(path);
        return file.Exists
            ? new FileStamp { Path = file.FullName, Length = file.Length, LastWriteTicks = file.LastWriteTimeUtc.Ticks }
            : new FileStamp { Path = file.FullName, Length = -1 };
    }

    /// <summary>Whether the file is still as stamped (present with the same length and last write, or still missing).</summary>
    public bool IsCurrent() => Of(Path) == this;
}

/// <summary>
/// What the last gate evaluation of this project judged and said (docs/msbuild.md, "Incremental gate"), kept in
/// obj/: the key over every input of the judgement, the instants between which the verdict holds, the files the
/// evaluation read besides the keyed ones (the policy's VEX documents, the publish directory's files) and wrote (the
/// reports), and every diagnostic it logged.
/// </summary>
internal sealed record GateRecord
{
    public const int CurrentFormat = 1;

    [JsonPropertyName("format")]
    public int Format { get; init; }

    /// <summary>SHA-256 (hex) of the evaluation's inputs, <see cref="GateKey"/>.</summary>
    [JsonPropertyName("key")]
    public required string Key { get; init; }

    [JsonPropertyName("evaluatedAt")]
    public DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Exclusive: from this instant a time-dependent judgement may differ (GateValidity).</summary>
    [JsonPropertyName("validUntil")]
    public DateTimeOffset ValidUntil { get; init; }

    [JsonPropertyName("decision")]
    public required string Decision { get; init; }

    [JsonPropertyName("read")]
    public IReadOnlyList<FileStamp> Read { get; init; } = [];

    /// <summary>The publish directory's files when the evaluation started (PublishedFiles).</summary>
    [JsonPropertyName("published")]
    public IReadOnlyList<PublishedFile> Published { get; init; } = [];

    [JsonPropertyName("wrote")]
    public IReadOnlyList<FileStamp> Wrote { get; init; } = [];

    [JsonPropertyName("events")]
    public IReadOnlyList<GateEvent> Events { get; init; } = [];

    /// <summary>The record in <paramref name="path"/>; null when there is none or it cannot be read whole (never trusted then).</summary>
    public static GateRecord? Load(string path)
    {
        try
        {
            GateRecord? record = JsonSerializer.Deserialize(File.ReadAllBytes(path), GateRecordJsonContext.Default.GateRecord);
            return record is { Format: CurrentFormat, Key.Length: 64, Decision.Length: > 0 } ? record : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes the record whole or not at all (temporary file, then rename).</summary>
    public void Save(string path) =>
        AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, GateRecordJsonContext.Default.GateRecord));

    /// <summary>Removes the record, so a failed or interrupted evaluation never leaves an earlier verdict behind.</summary>
    public static void Forget(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A record that cannot be removed is still keyed: it is reused only for the inputs it was written for.
        }
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(GateRecord))]
internal sealed partial class GateRecordJsonContext : JsonSerializerContext;
