namespace SupplyGate.Core.Advisories;

/// <summary>What an advisory store says about itself (SPECS: versioned schema and metadata).</summary>
public sealed record StoreInfo
{
    public required int SchemaVersion { get; init; }

    /// <summary>When the store file was built (UTC).</summary>
    public required DateTimeOffset BuiltAt { get; init; }

    /// <summary>
    /// When every public source last confirmed this very store current (an unchanged answer rewrites nothing,
    /// so <see cref="BuiltAt"/> stays older); null when never, or when that was before it was built.
    /// </summary>
    public DateTimeOffset? ConfirmedAt { get; init; }

    /// <summary>The moment the data is known to have been current: the later of the build and the confirmation.</summary>
    public DateTimeOffset CurrentAsOf => ConfirmedAt is { } confirmed && confirmed > BuiltAt ? confirmed : BuiltAt;

    public IReadOnlyList<StoreSourceInfo> Sources { get; init; } = [];

    public int AdvisoryCount { get; init; }

    /// <summary>Set for the bundled sample data: "sample: 11 GHSA NuGet advisories (2024-06) …".</summary>
    public string? SampleLabel { get; init; }

    /// <summary>Where the store was opened from (a path, or "built-in sample").</summary>
    public required string Location { get; init; }
}

/// <summary>One imported source: its kind, when it was last updated, how many records it gave and where it was read from.</summary>
public sealed record StoreSourceInfo(string Name, string Kind, DateTimeOffset UpdatedAt, int RecordCount, string? Location = null);
