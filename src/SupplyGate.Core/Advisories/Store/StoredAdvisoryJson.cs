using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>
/// The compact JSON an advisory is stored as in the <c>advisories.json</c> column. Short member names and
/// omitted defaults keep 100,000 records well under the 50 MB budget (issue 3, Performance); the public
/// <see cref="Advisory"/> model stays free of storage concerns.
/// </summary>
internal static class StoredAdvisoryJson
{
    /// <summary>Brotli quality 4: about 3x smaller than the JSON at a few microseconds per record.</summary>
    private const int Quality = 4;

    /// <summary>Stored as a 4-byte little-endian JSON length, then the Brotli stream (one-shot decode, no stream state).</summary>
    public static byte[] Serialize(Advisory advisory)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(ToDto(advisory), StoredAdvisoryJsonContext.Default.StoredAdvisory);
        byte[] buffer = new byte[4 + BrotliEncoder.GetMaxCompressedLength(json.Length)];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, json.Length);
        return BrotliEncoder.TryCompress(json, buffer.AsSpan(4), out int written, Quality, window: 16)
            ? buffer[..(4 + written)]
            : throw new InvalidOperationException("Brotli compression failed.");
    }

    public static Advisory Deserialize(ReadOnlySpan<byte> stored)
    {
        int length = stored.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(stored) : -1;
        if (length is < 2 or > 64 * 1024 * 1024)
        {
            throw new JsonException("stored advisory has an invalid length prefix");
        }

        byte[] json = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (!BrotliDecoder.TryDecompress(stored[4..], json, out int written) || written != length)
            {
                throw new JsonException("stored advisory is not valid Brotli data");
            }

            StoredAdvisory dto = JsonSerializer.Deserialize(json.AsSpan(0, length), StoredAdvisoryJsonContext.Default.StoredAdvisory)
                ?? throw new JsonException("null advisory");
            return FromDto(dto);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(json);
        }
    }

    private static StoredAdvisory ToDto(Advisory a) => new()
    {
        Id = a.Id,
        Src = a.Source,
        Al = NullIfEmpty(a.Aliases),
        Sum = a.Summary,
        Det = a.Details,
        Pub = a.Published,
        Mod = a.Modified,
        Wd = a.Withdrawn,
        Sev = a.Scores.Count == 0 ? null : a.Scores.Select(s => new[] { s.Type, s.Score }).ToList(),
        Dbs = a.DatabaseSeverity,
        Ref = NullIfEmpty(a.References),
        Aff = a.Affected.Select(p => new StoredAffected
        {
            Eco = p.Ecosystem,
            Name = p.Name,
            Rng = p.Ranges.Count == 0 ? null : p.Ranges.Select(r => new StoredRange
            {
                T = r.Type,
                Ev = r.Events.Select(e => new[] { EventKey(e.Kind), e.Version }).ToList(),
            }).ToList(),
            Ver = NullIfEmpty(p.Versions),
            Nat = NullIfEmpty(p.NativeRanges),
            Lka = p.LastKnownAffectedVersionRange,
            Sev = p.Severity,
        }).ToList(),
    };

    private static Advisory FromDto(StoredAdvisory d) => new()
    {
        Id = d.Id,
        Source = d.Src,
        Aliases = d.Al ?? [],
        Summary = d.Sum,
        Details = d.Det,
        Published = d.Pub,
        Modified = d.Mod,
        Withdrawn = d.Wd,
        Scores = d.Sev?.Select(s => new SeverityScore(s[0], s[1])).ToArray() ?? [],
        DatabaseSeverity = d.Dbs,
        References = d.Ref ?? [],
        Affected = d.Aff.Select(p => new AffectedPackage
        {
            Ecosystem = p.Eco,
            Name = p.Name,
            Ranges = p.Rng?.Select(r => new AffectedRange(
                r.T, r.Ev.Select(e => new RangeEvent(EventKind(e[0]), e[1])).ToArray())).ToArray() ?? [],
            Versions = p.Ver ?? [],
            NativeRanges = p.Nat ?? [],
            LastKnownAffectedVersionRange = p.Lka,
            Severity = p.Sev,
        }).ToArray(),
    };

    private static List<string>? NullIfEmpty(IReadOnlyList<string> values) => values.Count == 0 ? null : [.. values];

    private static string EventKey(RangeEventKind kind) => kind switch
    {
        RangeEventKind.Introduced => "i",
        RangeEventKind.Fixed => "f",
        RangeEventKind.LastAffected => "l",
        _ => "x",
    };

    private static RangeEventKind EventKind(string key) => key switch
    {
        "i" => RangeEventKind.Introduced,
        "f" => RangeEventKind.Fixed,
        "l" => RangeEventKind.LastAffected,
        "x" => RangeEventKind.Limit,
        _ => throw new JsonException($"unknown range event '{key}'"),
    };
}

internal sealed class StoredAdvisory
{
    public required string Id { get; set; }

    public required string Src { get; set; }

    public List<string>? Al { get; set; }

    public string? Sum { get; set; }

    public string? Det { get; set; }

    public DateTimeOffset? Pub { get; set; }

    public DateTimeOffset? Mod { get; set; }

    public DateTimeOffset? Wd { get; set; }

    public List<string[]>? Sev { get; set; }

    public string? Dbs { get; set; }

    public List<string>? Ref { get; set; }

    public List<StoredAffected> Aff { get; set; } = [];
}

internal sealed class StoredAffected
{
    public required string Eco { get; set; }

    public required string Name { get; set; }

    public List<StoredRange>? Rng { get; set; }

    public List<string>? Ver { get; set; }

    public List<string>? Nat { get; set; }

    public string? Lka { get; set; }

    public string? Sev { get; set; }
}

internal sealed class StoredRange
{
    public required string T { get; set; }

    /// <summary>Events as [kind, version] pairs; kind is i/f/l/x (introduced, fixed, last_affected, limit).</summary>
    public List<string[]> Ev { get; set; } = [];
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoredAdvisory))]
internal sealed partial class StoredAdvisoryJsonContext : JsonSerializerContext;
