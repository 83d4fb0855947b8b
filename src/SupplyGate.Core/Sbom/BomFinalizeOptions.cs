namespace SupplyGate.Core.Sbom;

/// <summary>How <see cref="BomFinalizer.Finalize"/> stamps a BOM.</summary>
public sealed record BomFinalizeOptions
{
    /// <summary>Derive the serial number from the content, so equal inputs give byte-identical output.</summary>
    public bool Reproducible { get; init; }

    /// <summary><c>metadata.timestamp</c> (e.g. from SOURCE_DATE_EPOCH); null = not written.</summary>
    public DateTimeOffset? Timestamp { get; init; }
}
